import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerRegistryMissing,
  type PushedImage,
  type RunningOciRegistry,
  startOciRegistry,
} from '../../../test/servers/oci-registry.ts';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../shared/logger.ts';
import { checkExists, EXIT_DIGEST_MISMATCH } from '../exists.ts';
import { type FixtureServer, startFixtureServer } from '../fixture-server.ts';
import { registryContext } from '../http.ts';
import { runRegistryContract } from '../contract.ts';
import type { RegistryContext } from '../types.ts';
import { type FixtureRegistryOptions, fixtureImage, fixtureRegistry } from './fixture-registry.ts';
import { oci, splitImage } from './index.ts';

const fixtureRegistryWith = (extra: Partial<FixtureRegistryOptions>) =>
  fixtureRegistry({
    repository: 'acme/app',
    tags: ['1.2.3'],
    service: 'registry.example.com',
    tokenBody: { token: 'anonymous-pull-token' },
    token: 'anonymous-pull-token',
    anonymousPull: true,
    ...extra,
  });
const registry = (tags: string[]) => fixtureRegistryWith({ tags });

runRegistryContract({
  createAdapter: () => oci,
  package: 'registry.example.com/acme/app',
  version: '1.2.3',
  env: { OCI_USERNAME: 'robot' },
  fixtures: { present: registry(['1.2.3']), absent: registry(['1.2.2']) },
  expectPresent(observation) {
    expect(observation.artifacts?.[0]?.digest).toBe(fixtureImage.indexDigest);
    // An index has no config: the time comes from its first platform image (amd64), not the attestation.
    expect(observation.publishedAt).toBe('2026-02-27T16:41:02.118Z');
  },
});

describe('--digest against a tag that is an image index', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(registry(['1.2.3']));
  });
  afterAll(() => server.close());
  const sha = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
  const [amd64 = '', arm64 = ''] = fixtureImage.manifests;
  const exists = (digest: string) =>
    checkExists(
      { cwd: process.cwd(), env: {}, fetch: globalThis.fetch, logger: silentLogger, now: Date.now },
      {
        channel: 'oci',
        package: 'registry.example.com/acme/app',
        version: '1.2.3',
        registry: server.url,
        digest,
      },
    );

  it('records every manifest the index lists beside the index digest, and names the platforms', async () => {
    const { observation } = await exists(fixtureImage.indexDigest);
    const artifact = observation.artifacts?.[0];
    expect(artifact?.digest).toBe(fixtureImage.indexDigest);
    expect(artifact?.digests).toEqual(expect.arrayContaining([sha(amd64), sha(arm64)]));
    expect(observation.reason).toBe(`image index of linux/amd64 ${sha(amd64)}, linux/arm64 ${sha(arm64)}`);
  });

  it('the index digest or a platform image digest it lists is present (exit 0), not another artifact', async () => {
    for (const digest of [fixtureImage.indexDigest, sha(amd64), sha(arm64)]) {
      const result = await exists(digest);
      expect(result.exitCode, `${digest}: ${result.observation.reason}`).toBe(0);
      expect(result.digestMatches).toBe(true);
    }
  });

  it('a digest the index does not list is exit 5', async () => {
    const result = await exists(sha('another build'));
    expect(result.exitCode).toBe(EXIT_DIGEST_MISMATCH);
    expect(result.observation.reason).toContain(fixtureImage.indexDigest);
  });
});

describe('a Docker-Content-Digest that does not match the manifest sent (a broken proxy or mirror)', () => {
  const servers: FixtureServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const checkWith = async (contentDigest: (body: string) => string | undefined) => {
    const server = await startFixtureServer(fixtureRegistryWith({ contentDigest }));
    servers.push(server);
    return oci.check('registry.example.com/acme/app', '1.2.3', ctx(server.url));
  };
  const wrong = `sha256:${'b'.repeat(64)}`;

  it('is an error naming both digests, not present with the header one', async () => {
    const observation = await checkWith(() => wrong);
    expect(observation.verdict).toBe('error');
    expect(observation.artifacts).toBeUndefined();
    expect(observation.reason).toContain(
      `the registry's Docker-Content-Digest ${wrong} does not match the manifest it sent (${fixtureImage.indexDigest}): a broken proxy or mirror?`,
    );
  });

  it('without the header, the digest is computed from the body', async () => {
    const observation = await checkWith(() => undefined);
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.artifacts?.[0]?.digest).toBe(fixtureImage.indexDigest);
  });
});

describe('a manifest body that is not valid UTF-8', () => {
  // The fixture server sends strings; this one sends raw bytes, with the header a registry computes over them.
  let server: Server;
  let base = '';
  const bytes = Buffer.concat([
    Buffer.from(fixtureImage.index.replace(/}\s*$/, ',"annotations":{"a":"')),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('"}}'),
  ]);
  const digestOfBytes = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.index.v1+json',
        'docker-content-digest': digestOfBytes,
      });
      res.end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is an error: the text read cannot vouch for the bytes the digest is over', async () => {
    const observation = await oci.check('registry.example.com/acme/app', '1.2.3', ctx(base));
    expect(observation.verdict).toBe('error');
    expect(observation.reason).toContain(
      `the manifest is not valid UTF-8 (or holds U+FFFD), so its digest cannot be checked against the registry's Docker-Content-Digest ${digestOfBytes}`,
    );
  });
});

const ctx = (baseUrl: string | undefined, extra: Partial<RegistryContext> = {}): RegistryContext => ({
  fetch: globalThis.fetch,
  logger: silentLogger,
  env: {},
  ...(baseUrl ? { baseUrl } : {}),
  timeoutMs: 10_000,
  now: Date.now,
  ...extra,
});

describe('image references', () => {
  it('takes the registry host from the package unless --registry replaces it', () => {
    expect(splitImage('quay.io/org/app', ctx(undefined))).toEqual({
      baseUrl: 'https://quay.io',
      repository: 'org/app',
    });
    expect(splitImage('localhost:5000/app', ctx(undefined))).toEqual({
      baseUrl: 'https://localhost:5000',
      repository: 'app',
    });
    expect(splitImage('quay.io/org/app', ctx('http://127.0.0.1:1'))).toEqual({
      baseUrl: 'http://127.0.0.1:1',
      repository: 'org/app',
    });
    expect(() => splitImage('org/app', ctx(undefined))).toThrow(/names no registry host/);
  });

  it('rejects names and tags outside the distribution grammar without a request', async () => {
    const upper = await oci.check('quay.io/Org/App', '1.0.0', ctx(undefined));
    expect(upper.verdict).toBe('error');
    expect(upper.reason).toMatch(/not a valid image repository name/);
    const tag = await oci.check('quay.io/org/app', 'bad tag', ctx(undefined));
    expect(tag.reason).toMatch(/not a valid image tag/);
  });
});

describe('OCI_TOKEN and a host named by the package (a shipwatch.yml a pull request can edit)', () => {
  const secret = 'oci-secret-token-5d4c3b2a19';
  let server: FixtureServer;
  beforeAll(async () => {
    // A registry with Basic auth: 401 without credentials, the spec's 404 with them.
    server = await startFixtureServer((request) =>
      request.headers.authorization
        ? { status: 404, body: { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] } }
        : {
            status: 401,
            headers: { 'www-authenticate': 'Basic realm="registry"' },
            body: { errors: [{ code: 'UNAUTHORIZED' }] },
          },
    );
  });
  afterAll(async () => {
    await server.close();
  });
  const port = () => new URL(server.url).port;
  // The package's host is https-only; this fetch stands in for TLS and reaches the same loopback server.
  const overHttp: typeof globalThis.fetch = (input, init) =>
    globalThis.fetch(String(input).replace(/^https:\/\/[^/]+/, server.url), init);
  const check = async (host: string, env: Record<string, string> = {}) => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_meta: unknown, message: string) => warnings.push(message) };
    const before = server.requests.length;
    const built = registryContext(oci, {
      fetch: overHttp,
      logger,
      now: Date.now,
      env: { OCI_USERNAME: 'robot', OCI_TOKEN: secret, ...env },
    });
    const observation = await oci.check(`${host}:${port()}/acme/app`, '1.0.0', built);
    const sent = server.requests.slice(before).map((r) => r.headers.authorization);
    return { observation, warnings, sent };
  };

  it('a host outside loopback and SHIPWATCH_TOKEN_HOSTS never receives it; stderr says why', async () => {
    // [::ffff:127.0.0.1] reaches loopback but is not a spelling the allow-list knows: a foreign host here.
    const { observation, warnings, sent } = await check('[::ffff:127.0.0.1]');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((auth) => auth === undefined)).toBe(true);
    expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(warnings).toEqual([
      `OCI_TOKEN not sent to [::ffff:7f00:1]:${port()}: not a loopback host (list it in SHIPWATCH_TOKEN_HOSTS to allow)`,
    ]);
    expect(JSON.stringify(observation)).not.toContain(secret);
  });

  it('a host listed in SHIPWATCH_TOKEN_HOSTS, or loopback, receives it', async () => {
    const basic = `Basic ${Buffer.from(`robot:${secret}`).toString('base64')}`;
    const listed = await check('[::ffff:127.0.0.1]', { SHIPWATCH_TOKEN_HOSTS: `[::ffff:7f00:1]:${port()}` });
    expect(listed.sent).toEqual([undefined, basic]);
    expect(listed.observation).toMatchObject({ verdict: 'absent' });
    expect(listed.warnings).toEqual([]);
    const loopback = await check('127.0.0.1');
    expect(loopback.sent).toEqual([undefined, basic]);
    expect(loopback.warnings).toEqual([]);
  });
});

const missing = dockerRegistryMissing();
if (missing) console.warn(`\n*** OCI tests against a real registry SKIPPED: ${missing} ***\n`);

describe.skipIf(missing !== undefined)(
  `OCI against a real docker-registry${missing ? ` (SKIPPED: ${missing})` : ''}`,
  () => {
    let server: RunningOciRegistry;
    let single: PushedImage;
    let multi: PushedImage;

    beforeAll(async () => {
      server = await startOciRegistry();
      single = await server.pushImage('acme/app', '1.0.0', [
        { arch: 'amd64', created: '2026-01-02T03:04:05Z' },
      ]);
      multi = await server.pushImage('acme/app', '2.0.0', [
        { arch: 'amd64', created: '2026-01-03T10:00:00Z' },
        { arch: 'arm64', created: '2026-01-03T10:02:00Z' },
      ]);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('finds a single-platform image with the digest the registry stored and its config time', async () => {
      const observation = await oci.check('localhost/acme/app', '1.0.0', ctx(server.url));
      expect(observation.verdict, observation.reason).toBe('present');
      expect(observation.artifacts?.[0]?.digest).toBe(single.digest);
      expect(observation.publishedAt).toBe('2026-01-02T03:04:05Z');
    });

    it('finds a multi-platform index, digest of the index, time of the first platform', async () => {
      const observation = await oci.check('acme/app', '2.0.0', ctx(server.url));
      expect(observation.verdict, observation.reason).toBe('present');
      expect(observation.artifacts?.[0]?.sha256).toBe(multi.digest.slice('sha256:'.length));
      expect(observation.publishedAt).toBe(multi.created);
    });

    it('finds an image by digest', async () => {
      const observation = await oci.check('acme/app', single.digest, ctx(server.url));
      expect(observation.verdict, observation.reason).toBe('present');
    });

    it('reports a missing tag as absent, with the registry error code', async () => {
      const observation = await oci.check('acme/app', '3.0.0', ctx(server.url));
      expect(observation.verdict).toBe('absent');
      expect(observation.reason).toMatch(/no tag 3\.0\.0 in acme\/app \(MANIFEST_UNKNOWN\)/);
    });

    it('hints at the dropped v when a v-tag is missing', async () => {
      const observation = await oci.check('acme/app', 'v1.0.0', ctx(server.url));
      expect(observation.verdict).toBe('absent');
      expect(observation.reason).toMatch(/try 1\.0\.0/);
    });

    it('reports a repository that was never pushed as absent', async () => {
      const observation = await oci.check('acme/never-pushed', '1.0.0', ctx(server.url));
      expect(observation.verdict).toBe('absent');
    });
  },
);
