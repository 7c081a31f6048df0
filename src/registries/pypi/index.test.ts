import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { type FixtureServer, fixtureJson, routes, startFixtureServer } from '../fixture-server.ts';
import type { RegistryContext } from '../types.ts';
import { pep503Name, pypi, samePypiVersion } from './index.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const release = fixtureJson(fixtures, 'release-1.4.2.json');
const yanked = fixtureJson(fixtures, 'release-1.4.1-yanked.json');
const notFound = { status: 404, body: fixtureJson(fixtures, 'not-found.json') };

runRegistryContract({
  createAdapter: () => pypi,
  package: 'shipwatch-demo',
  invalidNames: ['bad name!', '-leading', 'trailing.', 'naïve'],
  version: '1.4.2',
  fixtures: {
    present: routes({ 'GET /pypi/shipwatch-demo/1.4.2/json': { status: 200, body: release } }),
    absent: () => notFound,
    // A mirror that ignores the version in the path: release 1.4.1's document for 1.4.2.
    otherIdentity: () => ({ status: 200, body: yanked }),
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
        // Warehouse answers under the project's own spelling of the name.
        'GET /pypi/Shipwatch_Demo/1.4.2/json': { status: 200, body: release },
        'GET /pypi/requests/1.4.2/json': { status: 200, body: release },
        'GET /pypi/shipwatch-demo/1.4.0/json': {
          status: 200,
          body: {
            info: { ...(release as { info: object }).info, version: '1.4.0' },
            urls: [],
          },
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

  it('compares names PEP 503-normalised (Shipwatch_Demo is shipwatch-demo)', async () => {
    const o = await pypi.check('Shipwatch_Demo', '1.4.2', ctx);
    expect(o.verdict, o.reason).toBe('present');
  });

  it('an answer about another project is an error, never present', async () => {
    const o = await pypi.check('requests', '1.4.2', ctx);
    expect(o.verdict).toBe('error');
    expect(o.reason).toMatch(/asked for requests 1\.4\.2, the registry answered shipwatch-demo 1\.4\.2/);
  });

  it('versions: one release in every PEP 440 spelling PyPI resolves to it, another release is another', () => {
    expect(samePypiVersion('1.0.0RC1', '1.0.0rc1')).toBe(true);
    expect(samePypiVersion('v1.4.2', '1.4.2')).toBe(true);
    // Warehouse serves /pypi/x/1.0.0/json for a release stored as 1.0 (canonical version lookup).
    expect(samePypiVersion('1.0.0', '1.0')).toBe(true);
    expect(samePypiVersion('1.0-rc1', '1.0rc1')).toBe(true);
    expect(samePypiVersion('1.0.1', '1.0')).toBe(false);
    expect(samePypiVersion('1.0rc1', '1.0')).toBe(false);
    expect(pep503Name('Foo.Bar__baz')).toBe('foo-bar-baz');
  });

  it('keeps the public URL layout under a base URL override', async () => {
    await pypi.check('shipwatch-demo', '1.4.1', ctx);
    expect(server.requests.at(-1)?.path).toBe('/pypi/shipwatch-demo/1.4.1/json');
  });
});
