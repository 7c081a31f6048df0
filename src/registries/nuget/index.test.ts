import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { type FixtureServer, fixtureJson, routes, startFixtureServer } from '../fixture-server.ts';
import { nuget } from './index.ts';
import { normalizeNugetVersion } from './normalize-version.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const index = fixtureJson(fixtures, 'index.json');
const leaf = fixtureJson(fixtures, 'registration-1.4.2.json');
const unlisted = fixtureJson(fixtures, 'registration-1.3.9-unlisted.json');
// The flat container is blob storage: a missing package is an Azure BlobNotFound 404.
const blobNotFound = {
  status: 404,
  headers: { 'content-type': 'application/xml' },
  body: readFileSync(new URL('blob-not-found.xml', fixtures), 'utf8'),
};
const table = {
  'GET /v3-flatcontainer/shipwatch.demo/index.json': { status: 200, body: index },
  'GET /v3/registration5-gz-semver2/shipwatch.demo/1.4.2.json': { status: 200, body: leaf },
  'GET /v3/registration5-gz-semver2/shipwatch.demo/1.3.9.json': { status: 200, body: unlisted },
};

runRegistryContract({
  createAdapter: () => nuget,
  package: 'Shipwatch.Demo',
  invalidNames: ['bad name', 'Acme..Tool', '.Acme', 'Acme!', 'A'.repeat(101)],
  version: '1.4.2',
  fixtures: {
    present: (r) => routes(table)(r) ?? blobNotFound,
    absent: () => blobNotFound,
  },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-20T16:11:02.713+00:00');
    expect(o.artifacts?.[0]?.url).toMatch(
      /\/v3-flatcontainer\/shipwatch\.demo\/1\.4\.2\/shipwatch\.demo\.1\.4\.2\.nupkg$/,
    );
  },
});

describe('nuget quirks', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer((r) => routes(table)(r) ?? blobNotFound);
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

  it('normalizes versions the way the flat container spells them', () => {
    expect(normalizeNugetVersion('1.04.2.0')).toBe('1.4.2');
    expect(normalizeNugetVersion('1.4')).toBe('1.4.0');
    expect(normalizeNugetVersion('1.4.0-Beta.1+sha.abc')).toBe('1.4.0-beta.1');
    expect(normalizeNugetVersion('1.2.3.4')).toBe('1.2.3.4');
  });

  it('finds a version asked in a non-normalized spelling', async () => {
    const o = await nuget.check('Shipwatch.Demo', '1.4.2.0', ctx());
    expect(o.verdict).toBe('present');
  });

  it('a git tag (v1.4.2) is read as its version, saying so: NuGet versions never carry a v', async () => {
    const o = await nuget.check('Shipwatch.Demo', 'v1.4.2', ctx());
    expect(o.verdict, o.reason).toBe('present');
    expect(o.version).toBe('v1.4.2');
    expect(o.reason).toBe('v1.4.2 read as 1.4.2: NuGet versions never start with v');
    const missing = await nuget.check('Shipwatch.Demo', 'v9.9.9', ctx());
    expect(missing.verdict).toBe('absent');
    expect(missing.reason).toMatch(/not 9\.9\.9; v9\.9\.9 read as 9\.9\.9/);
  });

  it('a package that exists without the version is absent, saying how many versions it has', async () => {
    const o = await nuget.check('Shipwatch.Demo', '9.9.9', ctx());
    expect(o.verdict).toBe('absent');
    expect(o.reason).toMatch(/lists 4 versions/);
  });

  it('an unlisted version is present with a note and no sentinel time', async () => {
    const o = await nuget.check('Shipwatch.Demo', '1.3.9', ctx());
    expect(o.verdict).toBe('present');
    expect(o.reason).toMatch(/unlisted/);
    expect(o.publishedAt).toBeUndefined();
  });

  it('a failing registration leaf leaves the version present, saying the time is unknown and why', async () => {
    server.setHandler((r) =>
      r.path.startsWith('/v3/registration')
        ? { status: 503, body: 'busy' }
        : (routes(table)(r) ?? blobNotFound),
    );
    const o = await nuget.check('Shipwatch.Demo', '1.4.2', ctx());
    server.setHandler((r) => routes(table)(r) ?? blobNotFound);
    expect(o.verdict).toBe('present');
    expect(o.publishedAt).toBeUndefined();
    expect(o.reason).toMatch(
      /publish time unknown \(NuGet registration of Shipwatch\.Demo 1\.4\.2: .* answered 503/,
    );
  });

  it('a version in the flat container whose registration is not updated yet is present without a time', async () => {
    const o = await nuget.check('Shipwatch.Demo', '1.3.0', ctx());
    expect(o.verdict).toBe('present');
    expect(o.reason).toMatch(/registration not updated/);
  });
});
