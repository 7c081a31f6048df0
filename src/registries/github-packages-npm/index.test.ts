import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { startVerdaccio, type RunningVerdaccio } from '../../../test/servers/verdaccio.ts';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { fixtureJson, routes, startFixtureServer } from '../fixture-server.ts';
import type { RegistryContext } from '../types.ts';
import { githubPackagesNpm } from './index.ts';

const fixture = (name: string) => fixtureJson(import.meta.url, `./__fixtures__/${name}`);
const PACKUMENT = 'GET /@acme%2fwidget';

runRegistryContract({
  createAdapter: () => githubPackagesNpm,
  package: '@acme/widget',
  invalidNames: ['@acme/bad name!'],
  version: '1.2.3',
  fixtures: {
    present: routes({ [PACKUMENT]: { status: 200, body: fixture('packument-present.json') } }),
    absent: routes({ [PACKUMENT]: { status: 200, body: fixture('packument-absent.json') } }),
    otherIdentity: () => ({
      status: 200,
      body: { ...fixture('packument-present.json'), name: '@acme/other' },
    }),
  },
  expectPresent(observation) {
    expect(observation.artifacts?.[0]?.url).toMatch(
      /^https:\/\/npm\.pkg\.github\.com\/download\/@acme\/widget\/1\.2\.3\//,
    );
    expect(observation.artifacts?.[0]?.digest).toMatch(/^sha512-/);
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

describe('GitHub Packages (npm) without a token: an error (exit 4), not bad usage (exit 2)', () => {
  it('exists: no token at all → exit 4 with the reason, no request', async () => {
    const server = await startFixtureServer(() => ({ status: 500, body: {} }));
    try {
      const run = await runCliCaptured(
        ['exists', 'github-packages-npm', '@acme/widget', '1.0.0', '--registry', server.url],
        { context: { env: {} } },
      );
      expect(run.code, run.stderr).toBe(4);
      expect(run.stdout).toMatch(
        /^error +github-packages-npm @acme\/widget@1\.0\.0 .*GitHub Packages needs a token even for public packages: set GITHUB_TOKEN or NODE_AUTH_TOKEN/,
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('exists: a token withheld from a foreign registry host → exit 4 saying why, the token never sent', async () => {
    const secret = 'ghp_withheldtoken00000000000000000000000';
    // Never contacted: the check stops before any request.
    const run = await runCliCaptured(
      [
        'exists',
        'github-packages-npm',
        '@acme/widget',
        '1.0.0',
        '--registry',
        'https://npm.example.invalid',
        '--json',
      ],
      { context: { env: { GITHUB_TOKEN: secret } } },
    );
    expect(run.code, run.stderr).toBe(4);
    const out = JSON.parse(run.stdout) as { verdict: string; errorCode: string; reason: string };
    expect(out).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(out.reason).toMatch(
      /GITHUB_TOKEN is set but was not sent to npm\.example\.invalid, not the GitHub Packages host \(list it in SHIPWATCH_TOKEN_HOSTS/,
    );
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('verify: an error channel (exit 4), not a config error (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipwatch-gpr-'));
    try {
      writeFileSync(
        join(dir, 'shipwatch.yml'),
        "product: x\nchannels:\n  - channel: github-packages-npm\n    package: '@acme/widget'\n",
      );
      const run = await runCliCaptured(['verify', '1.0.0'], { context: { cwd: dir, env: {} } });
      expect(run.code, run.stderr).toBe(4);
      expect(run.stdout).toMatch(/GitHub Packages needs a token even for public packages/);
      expect(run.stderr).not.toMatch(/shipwatch\.yml: channels\[0\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GitHub Packages (npm) quirks (recorded responses)', () => {
  it('a rejected token is an error with the status, never absent', async () => {
    const server = await startFixtureServer(() => ({ status: 401, body: fixture('unauthorized.json') }));
    try {
      const observation = await githubPackagesNpm.check(
        '@acme/widget',
        '1.2.3',
        ctx(server.url, { token: 'ghp_expiredtoken0000000000000000000000' }),
      );
      expect(observation.verdict).toBe('error');
      expect(observation.httpStatus).toBe(401);
      expect(observation.reason).toMatch(/answered 401: this registry wants credentials/);
      expect(observation.reason).not.toContain('ghp_expiredtoken');
      expect(server.requests[0]?.headers.authorization).toBe('Bearer ghp_expiredtoken0000000000000000000000');
    } finally {
      await server.close();
    }
  });

  it('reads versions as npm does (v1.2.3 is 1.2.3); a dist-tag is bad usage', async () => {
    const server = await startFixtureServer(
      routes({ [PACKUMENT]: { status: 200, body: fixture('packument-present.json') } }),
    );
    try {
      const token = { token: 'tok-123456' };
      const tagged = await githubPackagesNpm.check('@acme/widget', 'v1.2.3', ctx(server.url, token));
      expect(tagged.verdict, tagged.reason).toBe('present');
      expect(tagged.reason).toBe('v1.2.3 read as 1.2.3, as npm does');
      const latest = await githubPackagesNpm.check('@acme/widget', 'latest', ctx(server.url, token));
      expect(latest.errorCode).toBe('USAGE');
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('says a 404 may mean the token cannot see the package', async () => {
    const server = await startFixtureServer(() => undefined);
    try {
      const observation = await githubPackagesNpm.check(
        '@acme/widget',
        '1.2.3',
        ctx(server.url, { token: 'tok-123456' }),
      );
      expect(observation.verdict).toBe('absent');
      expect(observation.reason).toMatch(/or the token cannot see it/);
      // No lag probe on GitHub Packages: one request only.
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

// Verdaccio with a scope readable only by logged-in users plays the token-only registry.
describe('GitHub Packages (npm) protocol against a real Verdaccio', () => {
  let verdaccio: RunningVerdaccio;
  let token: string;

  beforeAll(async () => {
    verdaccio = await startVerdaccio();
    token = await verdaccio.addUser('octocat', 'hunter2-but-longer');
    await verdaccio.publish({ name: '@private/tool', version: '3.1.0' }, token);
  });
  afterAll(async () => {
    await verdaccio?.close();
  });

  it('finds the version with a valid token', async () => {
    const observation = await githubPackagesNpm.check(
      '@private/tool',
      '3.1.0',
      ctx(verdaccio.url, { token }),
    );
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.artifacts?.[0]?.digest).toMatch(/^sha512-/);
  });

  it('reports a missing version as absent with a valid token', async () => {
    const observation = await githubPackagesNpm.check(
      '@private/tool',
      '3.2.0',
      ctx(verdaccio.url, { token }),
    );
    expect(observation.verdict).toBe('absent');
  });

  it('turns a refused token into an error, not absent', async () => {
    const observation = await githubPackagesNpm.check(
      '@private/tool',
      '3.1.0',
      ctx(verdaccio.url, { token: 'not-a-real-token-value' }),
    );
    expect(observation.verdict, observation.reason).toBe('error');
    expect([401, 403]).toContain(observation.httpStatus);
    expect(observation.reason).not.toContain('not-a-real-token-value');
  });
});
