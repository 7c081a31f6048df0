import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerRegistryMissing,
  type PushedImage,
  type RunningOciRegistry,
  startOciRegistry,
} from '../../../test/servers/oci-registry.ts';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { fixtureJson } from '../fixture-server.ts';
import { fixtureImage, fixtureRegistry } from '../oci/fixture-registry.ts';
import type { RegistryContext } from '../types.ts';
import { ghcr } from './index.ts';

// GHCR's token endpoint answers `{"token":"…"}` only.
const tokenBody = fixtureJson(import.meta.url, './__fixtures__/token.json') as { token: string };
const registry = (tags: string[], anonymousPull = true) =>
  fixtureRegistry({
    repository: 'acme/app',
    tags,
    service: 'ghcr.io',
    tokenBody,
    token: tokenBody.token,
    anonymousPull,
  });

runRegistryContract({
  createAdapter: () => ghcr,
  package: 'acme/app',
  invalidNames: ['acme/bad name!'],
  version: '1.2.3',
  fixtures: { present: registry(['1.2.3']), absent: registry(['1.2.2']) },
  expectPresent(observation) {
    expect(observation.artifacts?.[0]?.digest).toBe(fixtureImage.indexDigest);
    expect(observation.publishedAt).toBe('2026-02-27T16:41:02.118Z');
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

const missing = dockerRegistryMissing({ tokenAuth: true });
if (missing) console.warn(`\n*** GHCR tests against a real registry SKIPPED: ${missing} ***\n`);

// docker-registry behind token auth plays GHCR: anonymous pull tokens for public images only.
describe.skipIf(missing !== undefined)(
  `GHCR protocol against a real token-auth docker-registry${missing ? ` (SKIPPED: ${missing})` : ''}`,
  () => {
    let server: RunningOciRegistry;
    let publicImage: PushedImage;
    const auth = {
      publicRepositories: ['acme/app'],
      user: 'acme-bot',
      password: 'ghp_0123456789abcdefghijABCDEFGHIJ012345',
    };

    beforeAll(async () => {
      server = await startOciRegistry({ tokenAuth: auth });
      publicImage = await server.pushImage('acme/app', '1.4.0', [
        { arch: 'amd64', created: '2026-02-01T12:00:00Z' },
      ]);
      await server.pushImage('acme/private', '1.4.0', [{ arch: 'amd64', created: '2026-02-01T12:00:00Z' }]);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('finds a public image with an anonymous pull token (ghcr.io/ prefix accepted)', async () => {
      const observation = await ghcr.check('ghcr.io/acme/app', '1.4.0', ctx(server.url));
      expect(observation.verdict, observation.reason).toBe('present');
      expect(observation.artifacts?.[0]?.digest).toBe(publicImage.digest);
      expect(observation.publishedAt).toBe('2026-02-01T12:00:00Z');
    });

    it('reports a missing tag of a public image as absent', async () => {
      const observation = await ghcr.check('acme/app', '1.5.0', ctx(server.url));
      expect(observation.verdict).toBe('absent');
    });

    it('cannot tell private from missing without a token: error, never absent', async () => {
      const observation = await ghcr.check('acme/private', '1.4.0', ctx(server.url));
      expect(observation.verdict).toBe('error');
      expect(observation.reason).toMatch(/private or does not exist/);
    });

    it('finds a private image with a token', async () => {
      const observation = await ghcr.check(
        'acme/private',
        '1.4.0',
        ctx(server.url, { token: auth.password, env: { GITHUB_ACTOR: auth.user } }),
      );
      expect(observation.verdict, observation.reason).toBe('present');
      expect(JSON.stringify(observation)).not.toContain(auth.password);
    });

    it('turns a refused token into an error that does not echo it', async () => {
      const observation = await ghcr.check(
        'acme/private',
        '1.4.0',
        ctx(server.url, {
          token: 'ghp_wrongwrongwrongwrongwrongwrong0000',
          env: { GITHUB_ACTOR: auth.user },
        }),
      );
      expect(observation.verdict).toBe('error');
      expect(observation.reason).toMatch(/refused the credentials/);
      expect(observation.reason).not.toContain('ghp_wrong');
    });
  },
);
