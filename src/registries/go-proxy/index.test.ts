import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { type FixtureServer, routes, startFixtureServer } from '../fixture-server.ts';
import { escapeModulePath } from './escape-path.ts';
import { goProxy } from './index.ts';

const read = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const text = { 'content-type': 'text/plain; charset=utf-8' };
const info = { status: 200, headers: { 'content-type': 'application/json' }, body: read('v1.4.2.info') };
// proxy.golang.org answers 404 "unknown revision" for a tag that does not exist, and 404 (older
// deployments: 410) "module lookup disabled" for one it has not fetched yet under Disable-Module-Fetch.
const notFound = { status: 404, headers: text, body: read('not-found.txt') };
const notFetched = { status: 404, headers: text, body: read('fetch-disabled.txt') };
const gone = { status: 410, headers: text, body: read('fetch-disabled.txt') };

runRegistryContract({
  createAdapter: () => goProxy,
  package: 'github.com/ShipWatch/Demo',
  invalidNames: ['github.com/acme/bad name!'],
  version: 'v1.4.2',
  fixtures: {
    present: (r) => routes({ 'GET /github.com/!ship!watch/!demo/@v/v1.4.2.info': info })(r) ?? notFound,
    absent: () => notFound,
    // Right after a tag push: the proxy has not fetched the version and was asked not to.
    pending: () => notFetched,
    // A static server that answers every `.info` with one file.
    otherIdentity: () => ({ ...info, body: info.body.replace('"v1.4.2"', '"v1.4.1"') }),
  },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-20T13:58:07Z');
    expect(o.artifacts?.[0]?.url).toMatch(/\/github\.com\/!ship!watch\/!demo\/@v\/v1\.4\.2\.zip$/);
  },
});

describe('go-proxy quirks', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer((r) =>
      r.path.endsWith('/v1.4.2.info')
        ? info
        : r.path.includes('/v2.0.0')
          ? gone
          : r.path.includes('/v3.0.0')
            ? notFetched
            : notFound,
    );
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

  it('case-encodes module paths with !', () => {
    expect(escapeModulePath('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    expect(escapeModulePath('golang.org/x/mod')).toBe('golang.org/x/mod');
  });

  it('adds the v prefix Go versions need, and asks the proxy not to fetch', async () => {
    const o = await goProxy.check('github.com/ShipWatch/Demo', '1.4.2', ctx());
    expect(o.verdict).toBe('present');
    expect(server.requests.at(-1)?.path).toBe('/github.com/!ship!watch/!demo/@v/v1.4.2.info');
    expect(server.requests.at(-1)?.headers['disable-module-fetch']).toBe('true');
  });

  it('refuses a version or module path with characters Go does not allow, before any request (usage)', async () => {
    const before = server.requests.length;
    for (const [pkg, version] of [
      ['github.com/ShipWatch/Demo', '1.4.2#x?y=1'],
      ['github.com/ShipWatch/Demo?x', '1.4.2'],
    ] as const) {
      const o = await goProxy.check(pkg, version, ctx());
      expect(o.verdict).toBe('error');
      expect(o.errorCode).toBe('USAGE');
    }
    expect(server.requests.length).toBe(before);
    const ok = await goProxy.check('github.com/ShipWatch/Demo', 'v1.4.2+incompatible', ctx());
    expect(ok.errorCode).not.toBe('USAGE');
  });

  it('"module lookup disabled" (404 or 410) is pending, with the command that makes the proxy fetch it', async () => {
    for (const version of ['v2.0.0', 'v3.0.0']) {
      const o = await goProxy.check('github.com/ShipWatch/Demo', version, ctx());
      expect(o.verdict, o.reason).toBe('pending');
      expect(o.reason).toContain(`has not fetched github.com/ShipWatch/Demo@${version}`);
      expect(o.reason).toContain(`GOPROXY=${server.url} go list -m github.com/ShipWatch/Demo@${version}`);
    }
  });

  it('"unknown revision" stays absent, with the proxy\'s own words', async () => {
    const o = await goProxy.check('github.com/ShipWatch/Demo', 'v9.9.9', ctx());
    expect(o.verdict).toBe('absent');
    expect(o.reason).toMatch(/404: not found: .*unknown revision v9\.9\.9/);
  });
});
