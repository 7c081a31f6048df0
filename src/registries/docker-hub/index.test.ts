import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerRegistryMissing,
  type PushedImage,
  type RunningOciRegistry,
  startOciRegistry,
} from '../../../test/servers/oci-registry.ts';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { fixtureJson, startFixtureServer } from '../fixture-server.ts';
import { fixtureImage, fixtureRegistry } from '../oci/fixture-registry.ts';
import type { RegistryContext } from '../types.ts';
import { dockerHub, hubRepository } from './index.ts';

// auth.docker.io answers with both `token` and `access_token`.
const tokenBody = fixtureJson(import.meta.url, './__fixtures__/token.json') as { token: string };
const registry = (tags: string[]) =>
  fixtureRegistry({
    repository: 'acme/app',
    tags,
    service: 'registry.docker.io',
    tokenBody,
    token: tokenBody.token,
    anonymousPull: true,
  });

runRegistryContract({
  createAdapter: () => dockerHub,
  package: 'acme/app',
  invalidNames: ['acme/Bad Name!'],
  version: '1.2.3',
  env: { DOCKERHUB_USERNAME: 'acme-bot' },
  fixtures: { present: registry(['1.2.3']), absent: registry(['1.2.2']) },
  expectPresent(observation) {
    expect(observation.artifacts?.[0]?.digest).toBe(fixtureImage.indexDigest);
    // HEAD only: no body, so no config, so no time.
    expect(observation.publishedAt).toBeUndefined();
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

describe('Docker Hub quirks', () => {
  it('maps official images to library/ and drops docker.io/', () => {
    expect(hubRepository('nginx')).toBe('library/nginx');
    expect(hubRepository('docker.io/acme/app')).toBe('acme/app');
    expect(hubRepository('index.docker.io/nginx')).toBe('library/nginx');
  });

  it('asks with HEAD only (a GET counts towards the pull limit)', async () => {
    const server = await startFixtureServer(registry(['1.2.3']));
    try {
      const observation = await dockerHub.check('acme/app', '1.2.3', ctx(server.url));
      expect(observation.verdict, observation.reason).toBe('present');
      const manifestRequests = server.requests.filter((r) => r.path.startsWith('/v2/'));
      expect(manifestRequests.map((r) => r.method)).toEqual(['HEAD', 'HEAD']);
      expect(manifestRequests[1]?.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
    } finally {
      await server.close();
    }
  });

  it('a 401 after a valid token (how Docker Hub hides missing repositories) is an error, not absent', async () => {
    const handler = registry(['1.2.3']);
    const server = await startFixtureServer((request) =>
      request.path.startsWith('/v2/acme/gone/') && request.headers.authorization
        ? { status: 401, body: fixtureJson(import.meta.url, '../oci/__fixtures__/unauthorized.json') }
        : handler(request),
    );
    try {
      const observation = await dockerHub.check('acme/gone', '1.0.0', ctx(server.url));
      expect(observation.verdict).toBe('error');
      expect(observation.reason).toMatch(/private or does not exist/);
    } finally {
      await server.close();
    }
  });

  it('a token without DOCKERHUB_USERNAME is a usage problem, said plainly', async () => {
    const observation = await dockerHub.check(
      'acme/app',
      '1.2.3',
      ctx('http://127.0.0.1:9', { token: 'dckr_pat_x1' }),
    );
    expect(observation.verdict).toBe('error');
    expect(observation.reason).toMatch(/set DOCKERHUB_USERNAME/);
  });
});

const missing = dockerRegistryMissing({ tokenAuth: true });
if (missing) console.warn(`\n*** Docker Hub tests against a real registry SKIPPED: ${missing} ***\n`);

describe.skipIf(missing !== undefined)(
  `Docker Hub protocol against a real docker-registry${missing ? ` (SKIPPED: ${missing})` : ''}`,
  () => {
    let server: RunningOciRegistry;
    let image: PushedImage;

    beforeAll(async () => {
      server = await startOciRegistry({
        tokenAuth: { publicRepositories: ['acme/app'], user: 'u', password: 'p-123456' },
      });
      image = await server.pushImage('acme/app', '0.9.1', [
        { arch: 'amd64', created: '2026-01-05T00:00:00Z' },
        { arch: 'arm64', created: '2026-01-05T00:01:00Z' },
      ]);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('finds the tag by HEAD with the digest the registry stored', async () => {
      const observation = await dockerHub.check('acme/app', '0.9.1', ctx(server.url));
      expect(observation.verdict, observation.reason).toBe('present');
      expect(observation.artifacts?.[0]?.digest).toBe(image.digest);
    });

    it('reports a missing tag as absent', async () => {
      const observation = await dockerHub.check('acme/app', '0.9.2', ctx(server.url));
      expect(observation.verdict).toBe('absent');
    });
  },
);
