import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import {
  type FixtureHandler,
  type FixtureServer,
  fixtureJson,
  startFixtureServer,
} from '../fixture-server.ts';
import { openVsx } from './index.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url);
// The recorded body's links are absolute; `{base}` stands for wherever the registry is served.
const versionText = readFileSync(new URL('version-1.4.2.json', fixtures), 'utf8');
const sha = readFileSync(new URL('vsix.sha256', fixtures), 'utf8');
const notFound = { status: 404, body: fixtureJson(fixtures, 'not-found.json') };

const registry =
  (present: boolean, shaStatus = 200): FixtureHandler =>
  (r) => {
    if (!present) return notFound;
    if (r.path === '/api/shipwatch/shipwatch-demo/1.4.2') {
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: versionText.replaceAll('{base}', r.baseUrl),
      };
    }
    if (r.path.endsWith('.sha256'))
      return { status: shaStatus, headers: { 'content-type': 'text/plain' }, body: sha };
    return notFound;
  };

runRegistryContract({
  createAdapter: () => openVsx,
  package: 'shipwatch.shipwatch-demo',
  invalidNames: ['shipwatch.bad name!', 'shipwatch.demo.extra', 'shipwatch', '.demo'],
  version: '1.4.2',
  fixtures: {
    present: registry(true),
    absent: registry(false),
    // A server that answers every version with version 1.4.1's document.
    otherIdentity: (r) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: versionText.replaceAll('{base}', r.baseUrl).replace('"version": "1.4.2"', '"version": "1.4.1"'),
    }),
  },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-20T16:30:12.044518Z');
    expect(o.artifacts?.[0]?.sha256).toBe('4d967a30c2f0f3e1e8b5f61f2c1a98bb2e3a7c4f9d0b8e6a1c5f3d2e7b9a0c41');
    expect(o.artifacts?.[0]?.url).toMatch(/\/file\/shipwatch\.shipwatch-demo-1\.4\.2\.vsix$/);
  },
});

describe('open-vsx version spelling', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(registry(true));
  });
  afterAll(() => server.close());

  it('a git tag (v1.4.2) is read as its version, saying so: extension versions are semver', async () => {
    const ctx = { fetch, logger: silentLogger, env: {}, baseUrl: server.url, timeoutMs: 2000, now: Date.now };
    const o = await openVsx.check('shipwatch.shipwatch-demo', 'v1.4.2', ctx);
    expect(o.verdict, o.reason).toBe('present');
    expect(o.reason).toBe('v1.4.2 read as 1.4.2: extension versions are semver, without a v');
    const missing = await openVsx.check('shipwatch.shipwatch-demo', 'v9.9.9', ctx);
    expect(missing.verdict).toBe('absent');
    expect(missing.url).toMatch(/\/api\/shipwatch\/shipwatch-demo\/9\.9\.9$/);
  });
});

describe('open-vsx quirks', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(registry(true, 503));
  });
  afterAll(() => server.close());
  const ctx = () => ({
    fetch,
    logger: silentLogger,
    env: {},
    baseUrl: server.url,
    timeoutMs: 2000,
    now: Date.now,
  });

  it('a failing checksum file makes the whole answer an error, not a silent "no checksum"', async () => {
    const o = await openVsx.check('shipwatch.shipwatch-demo', '1.4.2', ctx());
    expect(o.verdict).toBe('error');
    expect(o.httpStatus).toBe(503);
  });

  it('needs namespace.extension', async () => {
    const o = await openVsx.check('shipwatch-demo', '1.4.2', ctx());
    expect(o.verdict).toBe('error');
    expect(o.reason).toMatch(/namespace\.extension/);
  });
});
