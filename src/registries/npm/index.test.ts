import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerdaccio, type RunningVerdaccio } from '../../../test/servers/verdaccio.ts';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { fixtureJson, routes, startFixtureServer } from '../fixture-server.ts';
import type { RegistryContext } from '../types.ts';
import { npm } from './index.ts';

const fixture = (name: string) => fixtureJson(import.meta.url, `./__fixtures__/${name}`);
const PACKUMENT = 'GET /@acme%2fwidget';

runRegistryContract({
  createAdapter: () => npm,
  package: '@acme/widget',
  invalidNames: ['bad name!', 'a'.repeat(215)],
  version: '1.2.3',
  fixtures: {
    present: routes({ [PACKUMENT]: { status: 200, body: fixture('packument-present.json') } }),
    absent: routes({ [PACKUMENT]: { status: 200, body: fixture('packument-absent.json') } }),
    pending: routes({
      [PACKUMENT]: { status: 200, body: fixture('packument-absent.json') },
      'GET /@acme%2fwidget/1.2.3': { status: 200, body: fixture('version-1.2.3.json') },
    }),
    // A mirror that drops the scope from the path: another package's packument, with a 1.2.3 of its own.
    otherIdentity: () => ({ status: 200, body: { ...fixture('packument-present.json'), name: 'widget' } }),
  },
  expectPresent(observation) {
    expect(observation.publishedAt).toBe('2026-02-27T16:40:11.604Z');
    expect(observation.artifacts).toEqual([
      {
        name: 'widget-1.2.3.tgz',
        url: 'https://registry.npmjs.org/@acme/widget/-/widget-1.2.3.tgz',
        digest:
          'sha512-q+6ApsrmGxuaXk9uD79yBIoA0XfyxS9L7Mniky7+c8VwZDviGHec25yk0okIoVRsHYBa8+xlRwLRgl+evXq4yw==',
        // dist.shasum, kept beside the integrity so a sha1 --digest can be checked.
        digests: ['sha1:9a8b7c6d5e4f30211a2b3c4d5e6f708192a3b4c5'],
      },
    ]);
  },
});

const ctx = (baseUrl: string, extra: Partial<RegistryContext> = {}): RegistryContext => ({
  fetch: globalThis.fetch,
  logger: silentLogger,
  env: {},
  baseUrl,
  timeoutMs: 10_000,
  now: Date.now,
  ...extra,
});

describe('npm quirks (recorded responses)', () => {
  it('a version that was unpublished is absent for good, and says so', async () => {
    const server = await startFixtureServer(
      routes({ [PACKUMENT]: { status: 200, body: fixture('packument-unpublished-version.json') } }),
    );
    try {
      const observation = await npm.check('@acme/widget', '1.2.3', ctx(server.url));
      expect(observation.verdict).toBe('absent');
      expect(observation.reason).toMatch(/later unpublished; npm never accepts that version number again/);
    } finally {
      await server.close();
    }
  });

  it('asks for the full packument (the abbreviated one has no publish times) with the token', async () => {
    const server = await startFixtureServer(
      routes({ [PACKUMENT]: { status: 200, body: fixture('packument-present.json') } }),
    );
    try {
      await npm.check('@acme/widget', '1.2.3', ctx(server.url, { token: 'npm_token_for_private_reads' }));
      const [request] = server.requests;
      expect(request?.path).toBe('/@acme%2fwidget');
      expect(request?.headers.accept).toBe('application/json');
      expect(request?.headers.authorization).toBe('Bearer npm_token_for_private_reads');
    } finally {
      await server.close();
    }
  });

  it('reads versions as npm publish stores them: v1.2.3 and 1.2.3+build are 1.2.3, and it says so', async () => {
    const server = await startFixtureServer(
      routes({ [PACKUMENT]: { status: 200, body: fixture('packument-present.json') } }),
    );
    try {
      for (const asked of ['v1.2.3', '=1.2.3', '1.2.3+ci.7']) {
        const observation = await npm.check('@acme/widget', asked, ctx(server.url));
        expect(observation.verdict, asked).toBe('present');
        expect(observation.version).toBe(asked);
        expect(observation.reason).toBe(`${asked} read as 1.2.3, as npm does`);
      }
      const absent = await npm.check('@acme/widget', 'v1.2.4', ctx(server.url));
      expect(absent.verdict).toBe('absent');
      expect(absent.reason).toBe(
        'npm has @acme/widget but not version 1.2.4 (latest is 1.2.3); v1.2.4 read as 1.2.4, as npm does',
      );
    } finally {
      await server.close();
    }
  });

  it('a dist-tag or a version that is not semver is bad usage, never absent, and asks nothing', async () => {
    for (const [asked, hint] of [
      [
        'latest',
        /'latest' is not one \(a dist-tag\? ask for the version it points to: npm view @acme\/widget dist-tags\)$/,
      ],
      ['1.2', /'1\.2' is not one \(did you mean 1\.2\.0\?\)$/],
    ] as const) {
      const observation = await npm.check('@acme/widget', asked, ctx('http://127.0.0.1:9'));
      expect(observation.verdict).toBe('error');
      expect(observation.errorCode).toBe('USAGE');
      expect(observation.reason).toMatch(/^npm versions are semver/);
      expect(observation.reason).toMatch(hint);
    }
  });

  it('rejects an impossible package name without asking the registry', async () => {
    const observation = await npm.check('not a/package/name', '1.0.0', ctx('http://127.0.0.1:9'));
    expect(observation.verdict).toBe('error');
    expect(observation.reason).toMatch(/not a valid npm package name/);
  });
});

describe('npm against a real Verdaccio', () => {
  let verdaccio: RunningVerdaccio;
  let token: string;
  let scopedTarball: string;

  beforeAll(async () => {
    verdaccio = await startVerdaccio();
    token = await verdaccio.addUser('publisher', 'correct-horse-battery');
    scopedTarball = await verdaccio.publish({ name: '@acme/hello', version: '1.0.0' }, token);
    await verdaccio.publish({ name: 'shipwatch-plain', version: '2.0.0-beta.1' }, token);
  });
  afterAll(async () => {
    await verdaccio?.close();
  });

  it('finds a published scoped version, with its publish time and the tarball integrity', async () => {
    const before = Date.now();
    const observation = await npm.check('@acme/hello', '1.0.0', ctx(verdaccio.url));
    expect(observation.verdict, observation.reason).toBe('present');
    expect(Date.parse(observation.publishedAt ?? '')).toBeLessThanOrEqual(before);
    const expected = `sha512-${createHash('sha512').update(readFileSync(scopedTarball)).digest('base64')}`;
    const [artifact] = observation.artifacts ?? [];
    expect(artifact?.digest).toBe(expected);
    // The URL the registry declares serves exactly the bytes we published.
    const download = Buffer.from(await (await fetch(artifact?.url ?? '')).arrayBuffer());
    expect(`sha512-${createHash('sha512').update(download).digest('base64')}`).toBe(expected);
  });

  it('finds an unscoped prerelease', async () => {
    const observation = await npm.check('shipwatch-plain', '2.0.0-beta.1', ctx(verdaccio.url));
    expect(observation.verdict, observation.reason).toBe('present');
  });

  it('finds it under a tag-style spelling too (v…, +build), as npm would', async () => {
    const observation = await npm.check('shipwatch-plain', 'v2.0.0-beta.1+sha.5114f85', ctx(verdaccio.url));
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.reason).toBe('v2.0.0-beta.1+sha.5114f85 read as 2.0.0-beta.1, as npm does');
  });

  it('reports a version that was never published as absent, naming the latest', async () => {
    const observation = await npm.check('@acme/hello', '1.0.1', ctx(verdaccio.url));
    expect(observation.verdict).toBe('absent');
    expect(observation.reason).toBe('npm has @acme/hello but not version 1.0.1 (latest is 1.0.0)');
  });

  it('reports an unknown package as absent', async () => {
    const observation = await npm.check('@acme/never-published', '1.0.0', ctx(verdaccio.url));
    expect(observation.verdict).toBe('absent');
    expect(observation.reason).toMatch(/has no package named @acme\/never-published/);
  });

  it('reports an unpublished version as absent', async () => {
    await verdaccio.publish({ name: '@acme/hello', version: '1.1.0' }, token);
    expect((await npm.check('@acme/hello', '1.1.0', ctx(verdaccio.url))).verdict).toBe('present');
    await verdaccio.unpublish('@acme/hello@1.1.0', token);
    const observation = await npm.check('@acme/hello', '1.1.0', ctx(verdaccio.url));
    expect(observation.verdict).toBe('absent');
  });
});
