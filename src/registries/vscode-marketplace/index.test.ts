import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import {
  type FixtureHandler,
  type FixtureServer,
  fixtureJson,
  startFixtureServer,
} from '../fixture-server.ts';
import { vscodeMarketplace } from './index.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const result = fixtureJson(fixtures, 'query-result.json');
const empty = fixtureJson(fixtures, 'query-empty.json');

const gallery =
  (body: object): FixtureHandler =>
  (r) =>
    r.method === 'POST' && r.path === '/_apis/public/gallery/extensionquery'
      ? { status: 200, body }
      : undefined;

runRegistryContract({
  createAdapter: () => vscodeMarketplace,
  package: 'shipwatch.shipwatch-demo',
  invalidNames: ['shipwatch.bad!', 'shipwatch.demo.extra', 'shipwatch.-demo', 'ship_watch.demo'],
  version: '1.4.2',
  fixtures: { present: gallery(result), absent: gallery(empty) },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-20T16:40:51.902Z');
    expect(o.artifacts?.map((a) => a.name)).toEqual([
      'shipwatch.shipwatch-demo-1.4.2@linux-x64.vsix',
      'shipwatch.shipwatch-demo-1.4.2@win32-x64.vsix',
    ]);
    expect(o.reason).toBe('targets: linux-x64, win32-x64');
  },
});

describe('vscode-marketplace quirks', () => {
  let server: FixtureServer;
  let body = '';
  beforeAll(async () => {
    server = await startFixtureServer(gallery(result));
  });
  afterAll(() => server.close());
  const ctx = () => ({
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      body = String(init?.body ?? '');
      return fetch(input, init);
    }) as typeof fetch,
    logger: silentLogger,
    env: {},
    baseUrl: server.url,
    timeoutMs: 2000,
    now: Date.now,
  });

  it('POSTs a name query that excludes versions still being validated', async () => {
    const o = await vscodeMarketplace.check('shipwatch.shipwatch-demo', '1.4.2', ctx());
    expect(o.verdict).toBe('present');
    const query = JSON.parse(body) as {
      flags: number;
      filters: { criteria: { filterType: number; value: string }[] }[];
    };
    expect(query.filters[0]?.criteria[0]).toEqual({ filterType: 7, value: 'shipwatch.shipwatch-demo' });
    expect(query.flags & 32).toBe(32);
    expect(server.requests.at(-1)?.headers.accept).toMatch(/api-version=3\.0-preview\.1/);
  });

  it('a git tag (v1.4.2) is read as its version, saying so: extension versions are semver', async () => {
    const o = await vscodeMarketplace.check('shipwatch.shipwatch-demo', 'v1.4.2', ctx());
    expect(o.verdict, o.reason).toBe('present');
    expect(o.reason).toBe(
      'targets: linux-x64, win32-x64; v1.4.2 read as 1.4.2: extension versions are semver, without a v',
    );
  });

  it('an extension without the version is absent, naming the latest', async () => {
    const o = await vscodeMarketplace.check('shipwatch.shipwatch-demo', '1.5.0', ctx());
    expect(o.verdict).toBe('absent');
    expect(o.reason).toMatch(/latest: 1\.4\.2/);
  });

  it('rejects a package name without publisher as an error, not absent', async () => {
    const o = await vscodeMarketplace.check('shipwatch-demo', '1.4.2', ctx());
    expect(o.verdict).toBe('error');
    expect(o.reason).toMatch(/publisher\.extension/);
  });
});
