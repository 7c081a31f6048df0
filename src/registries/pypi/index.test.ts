import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { type FixtureServer, fixtureJson, routes, startFixtureServer } from '../fixture-server.ts';
import type { RegistryContext } from '../types.ts';
import { pypi } from './index.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const release = fixtureJson(fixtures, 'release-1.4.2.json');
const yanked = fixtureJson(fixtures, 'release-1.4.1-yanked.json');
const notFound = { status: 404, body: fixtureJson(fixtures, 'not-found.json') };

runRegistryContract({
  createAdapter: () => pypi,
  package: 'shipwatch-demo',
  version: '1.4.2',
  fixtures: {
    present: routes({ 'GET /pypi/shipwatch-demo/1.4.2/json': { status: 200, body: release } }),
    absent: () => notFound,
  },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-20T14:02:58.118034Z');
    expect(o.artifacts?.map((a) => a.name)).toEqual([
      'shipwatch_demo-1.4.2-py3-none-manylinux_2_17_x86_64.whl',
      'shipwatch_demo-1.4.2.tar.gz',
    ]);
    expect(o.artifacts?.[1]?.sha256).toBe('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9');
    expect(o.reason).toBeUndefined();
  },
});

describe('pypi quirks', () => {
  let server: FixtureServer;
  let ctx: RegistryContext;
  beforeAll(async () => {
    server = await startFixtureServer(
      routes({
        'GET /pypi/shipwatch-demo/1.4.1/json': { status: 200, body: yanked },
        'GET /pypi/shipwatch-demo/1.4.0/json': {
          status: 200,
          body: { ...(release as Record<string, unknown>), urls: [] },
        },
      }),
    );
    ctx = { fetch, logger: silentLogger, env: {}, baseUrl: server.url, timeoutMs: 2000, now: Date.now };
  });
  afterAll(() => server.close());

  it('reports a yanked release as present, saying it is yanked and why', async () => {
    const o = await pypi.check('shipwatch-demo', '1.4.1', ctx);
    expect(o.verdict).toBe('present');
    expect(o.reason).toMatch(/^yanked: broken wheel metadata/);
  });

  it('treats a release without files as absent (nothing installable)', async () => {
    const o = await pypi.check('shipwatch-demo', '1.4.0', ctx);
    expect(o.verdict).toBe('absent');
    expect(o.reason).toMatch(/no files/);
  });

  it('keeps the public URL layout under a base URL override', async () => {
    await pypi.check('shipwatch-demo', '1.4.1', ctx);
    expect(server.requests.at(-1)?.path).toBe('/pypi/shipwatch-demo/1.4.1/json');
  });
});
