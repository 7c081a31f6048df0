import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { createGitRepo, serveGitHttp } from '../../../test/git-repo.ts';
import { silentLogger } from '../../shared/logger.ts';
import { startFixtureServer } from '../fixture-server.ts';
import { runGitChannelContract } from '../git/contract.ts';
import type { RegistryContext } from '../types.ts';
import { scoop } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const NOW = Date.parse('2026-04-05T06:07:08Z');

const ctx = (baseUrl: string, extra: Partial<RegistryContext> = {}): RegistryContext => ({
  fetch: globalThis.fetch,
  logger: silentLogger,
  env: process.env,
  baseUrl,
  timeoutMs: 20_000,
  now: () => NOW,
  ...extra,
});

const bucket = createGitRepo([
  { files: { 'bucket/widget.json': fixture('widget-1.2.2.json') }, date: '2026-03-01T10:00:00Z' },
  { files: { 'bucket/widget.json': fixture('widget-1.2.3.json') }, date: '2026-03-02T11:22:33Z' },
  {
    files: {
      'tool.json': `\uFEFF${fixture('tool-top-level.json')}`,
      'bucket/broken.json': fixture('broken-hash.json'),
      'bucket/nover.json': fixture('no-version.json'),
      'bucket/trunc.json': fixture('truncated.json'),
    },
    date: '2026-03-03T00:00:00Z',
  },
]);
afterAll(() => bucket.cleanup());

runGitChannelContract({
  adapter: scoop,
  package: 'widget',
  version: '1.2.3',
  present: { 'bucket/widget.json': fixture('widget-1.2.3.json') },
  absent: { 'bucket/widget.json': fixture('widget-1.2.2.json') },
  otherVersion: '1.2.2',
  malformed: { 'bucket/widget.json': fixture('truncated.json') },
  expectPresent: (observation) => expect(observation.artifacts).toHaveLength(2),
});

describe('scoop adapter against a real bucket repository', () => {
  it('present: per-architecture urls with sha256 (bare or sha256:-prefixed), date of the bump commit', async () => {
    const observation = await scoop.check('widget', '1.2.3', ctx(bucket.path));
    expect(observation).toMatchObject({
      channel: 'scoop',
      verdict: 'present',
      publishedAt: '2026-03-02T11:22:33.000Z',
    });
    expect(observation.artifacts).toEqual([
      {
        name: 'widget_Windows_x86_64.zip',
        url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Windows_x86_64.zip',
        sha256: `${'a'.repeat(62)}01`,
      },
      {
        name: 'widget_Windows_arm64.zip',
        url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Windows_arm64.zip',
        sha256: `${'b'.repeat(62)}02`,
      },
    ]);
  });

  it('app names are case-insensitive, as scoop install reads them; the reason names the file read', async () => {
    const observation = await scoop.check('Widget', '1.2.3', ctx(bucket.path));
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.reason).toBe('read bucket/widget.json for Widget (names are case-insensitive)');
    expect(observation.artifacts).toHaveLength(2);
    // The root-level manifest too, and over a file:// URL.
    const top = await scoop.check('TOOL', '0.4.0', ctx(bucket.url));
    expect(top.verdict, top.reason).toBe('present');
    expect(top.reason).toBe('read tool.json for TOOL (names are case-insensitive)');
    const older = await scoop.check('WIDGET', '1.2.2', ctx(bucket.path));
    expect(older).toMatchObject({ verdict: 'absent' });
    expect(older.reason).toMatch(/has WIDGET 1\.2\.3 \(bucket\/widget\.json at [0-9a-f]{12}\), not 1\.2\.2/);
    const missing = await scoop.check('Gizmo', '1.0.0', ctx(bucket.path));
    expect(missing.reason).toMatch(/has no manifest for Gizmo at [0-9a-f]{12}/);
  });

  it('root-level manifest with a BOM, url arrays, #/rename dropped, sha512 kept as digest', async () => {
    const observation = await scoop.check('acme/scoop-bucket/tool', '0.4.0', ctx(bucket.url));
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.artifacts).toEqual([
      {
        name: 'tool.exe',
        url: 'https://github.com/acme/tool/releases/download/v0.4.0/tool.exe',
        sha256: `${'c'.repeat(62)}03`,
      },
      {
        name: 'tool-docs-0.4.0.zip',
        url: 'https://example.org/tool-docs-0.4.0.zip',
        digest: `sha512:${'d'.repeat(126)}04`,
      },
    ]);
  });

  it('absent: the bucket has another version, and says which', async () => {
    const observation = await scoop.check('widget', '2.0.0', ctx(bucket.path));
    expect(observation.verdict).toBe('absent');
    expect(observation.reason).toMatch(
      /has widget 1\.2\.3 \(bucket\/widget\.json at [0-9a-f]{12}\), not 2\.0\.0/,
    );
  });

  it('absent: no manifest for the app', async () => {
    const observation = await scoop.check('nothing', '1.0.0', ctx(bucket.path));
    expect(observation.verdict).toBe('absent');
    expect(observation.reason).toMatch(/has no manifest for nothing/);
  });

  it('not an app name → usage error before git runs; shipwatch exists exits 2, not 1', async () => {
    for (const bad of ['bad name!', 'acme/scoop-bucket/wid get', 'tool.json?']) {
      // No such repository: a name that got past the check would answer REGISTRY_RESPONSE instead.
      const observation = await scoop.check(bad, '1.0.0', ctx(join(bucket.path, 'missing')));
      expect(observation, bad).toMatchObject({ verdict: 'error', errorCode: 'USAGE' });
      expect(observation.reason).toMatch(/is not a valid Scoop app name/);
    }
    const run = await runCliCaptured(['exists', 'scoop', 'bad name!', '1.0', '--registry', bucket.path]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/'bad name!' is not a valid Scoop app name/);
  });

  it('malformed manifests → error: empty hash, missing version, truncated JSON', async () => {
    const broken = await scoop.check('broken', '1.2.3', ctx(bucket.path));
    expect(broken).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(broken.reason).toMatch(
      /bucket\/broken\.json at [0-9a-f]{12} is not a usable manifest: top level: hash for .* is empty/,
    );
    const nover = await scoop.check('nover', '1.2.3', ctx(bucket.path));
    expect(nover).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(nover.reason).toMatch(/version: /);
    const trunc = await scoop.check('trunc', '1.2.3', ctx(bucket.path));
    expect(trunc).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(trunc.reason).toMatch(/not JSON/);
  });

  it('over smart HTTP (bare repo): present; 404 repo → error; 429 → error (unavailable)', async () => {
    const bare = createGitRepo([{ files: { 'bucket/widget.json': fixture('widget-1.2.3.json') } }], {
      bare: true,
      name: 'scoop-bucket.git',
    });
    const server = await serveGitHttp(join(bare.path, '..'));
    const limited = await startFixtureServer(() => ({
      status: 429,
      headers: { 'retry-after': '60' },
      body: 'slow down',
    }));
    try {
      const present = await scoop.check(
        'acme/scoop-bucket/widget',
        '1.2.3',
        ctx(`${server.url}/scoop-bucket.git`),
      );
      expect(present.verdict, present.reason).toBe('present');
      // depth 50 of a one-commit repo: that commit is the whole history, not a boundary.
      expect(present.publishedAt).toBe('2026-01-02T03:04:05.000Z');
      const missing = await scoop.check('widget', '1.2.3', ctx(`${server.url}/other.git`));
      expect(missing).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
      const throttled = await scoop.check('widget', '1.2.3', ctx(`${limited.url}/scoop-bucket.git`));
      expect(throttled).toMatchObject({
        verdict: 'error',
        errorCode: 'REGISTRY_UNAVAILABLE',
        httpStatus: 429,
      });
    } finally {
      await server.close();
      await limited.close();
      bare.cleanup();
    }
  });

  it('declares its capabilities as data', () => {
    expect(scoop.capabilities).toMatchObject({
      exposesChecksums: true,
      seesPending: false,
      needsToken: 'optional',
    });
  });
});
