import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitRepo, serveGitHttp } from '../../../test/git-repo.ts';
import { silentLogger } from '../../shared/logger.ts';
import { checkIntegrity } from '../../verify/integrity.ts';
import { checkExists } from '../exists.ts';
import { runGitChannelContract } from '../git/contract.ts';
import { repoTarget } from '../git/git-channel.ts';
import type { RegistryContext } from '../types.ts';
import { homebrew } from './index.ts';

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

// A tap with history: widget 1.2.2, then the 1.2.3 bump, then an unrelated commit.
const tap = createGitRepo([
  {
    files: { 'Formula/widget.rb': fixture('widget-1.2.2.rb'), 'README.md': 'tap\n' },
    date: '2026-03-01T10:00:00Z',
  },
  { files: { 'Formula/widget.rb': fixture('widget-1.2.3.rb') }, date: '2026-03-02T11:22:33Z' },
  {
    files: {
      'Casks/gadget.rb': fixture('gadget-cask.rb'),
      'Formula/broken.rb': fixture('widget-empty-sha.rb'),
    },
    date: '2026-03-03T00:00:00Z',
  },
]);
afterAll(() => tap.cleanup());

runGitChannelContract({
  adapter: homebrew,
  package: 'widget',
  version: '1.2.3',
  present: { 'Formula/widget.rb': fixture('widget-1.2.3.rb') },
  absent: { 'Formula/widget.rb': fixture('widget-1.2.2.rb') },
  otherVersion: '1.2.2',
  malformed: { 'Formula/widget.rb': fixture('widget-empty-sha.rb') },
  expectPresent: (observation) => expect(observation.artifacts).toHaveLength(3),
});

describe('homebrew adapter against a real tap repository', () => {
  it('present: version, per-platform artifacts with sha256, date of the bump commit', async () => {
    const observation = await homebrew.check('widget', '1.2.3', ctx(tap.path));
    expect(observation).toMatchObject({
      channel: 'homebrew',
      verdict: 'present',
      publishedAt: '2026-03-02T11:22:33.000Z',
      checkedAt: new Date(NOW).toISOString(),
    });
    expect(observation.artifacts).toEqual([
      {
        name: 'widget_Darwin_x86_64.tar.gz',
        url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Darwin_x86_64.tar.gz',
        sha256: '1'.repeat(64),
      },
      {
        name: 'widget_Darwin_arm64.tar.gz',
        url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Darwin_arm64.tar.gz',
        sha256: '2'.repeat(64),
      },
      {
        name: 'widget_Linux_x86_64.tar.gz',
        url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Linux_x86_64.tar.gz',
        sha256: `${'3'.repeat(62)}aa`,
      },
    ]);
  });

  it('accepts a v prefix and owner/tap/formula with a --registry repository', async () => {
    const observation = await homebrew.check('acme/homebrew-tap/widget', 'v1.2.3', ctx(tap.url));
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.publishedAt).toBe('2026-03-02T11:22:33.000Z');
  });

  it('absent: the tap has another version, and says which', async () => {
    const observation = await homebrew.check('widget', '1.3.0', ctx(tap.path));
    expect(observation.verdict).toBe('absent');
    expect(observation.reason).toMatch(
      /has widget 1\.2\.3 \(Formula\/widget\.rb at [0-9a-f]{12}\), not 1\.3\.0/,
    );
  });

  it('absent: no such formula or cask in the tap', async () => {
    const observation = await homebrew.check('nothing', '1.0.0', ctx(tap.path));
    expect(observation.verdict).toBe('absent');
    expect(observation.reason).toMatch(/has no formula or cask named nothing/);
  });

  it('finds a cask in Casks/ and expands its per-arch urls', async () => {
    const observation = await homebrew.check('gadget', '3.4.5', ctx(tap.path));
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.artifacts?.map((a) => a.name)).toEqual(['gadget_arm64.dmg', 'gadget_x86_64.dmg']);
  });

  it('malformed formula (empty sha256) → error, never present or absent', async () => {
    const observation = await homebrew.check('broken', '1.2.3', ctx(tap.path));
    expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(observation.reason).toMatch(
      /Formula\/broken\.rb at [0-9a-f]{12} is not a usable formula: sha256 for .* is empty/,
    );
  });

  it('a file that is no formula → error', async () => {
    const odd = createGitRepo([{ files: { 'Formula/widget.rb': '{"version": "1.2.3"}\n' } }]);
    try {
      const observation = await homebrew.check('widget', '1.2.3', ctx(odd.path));
      expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    } finally {
      odd.cleanup();
    }
  });

  it('over smart HTTP: a shallow clone of a bare tap, token sent as a header and never shown', async () => {
    const bare = createGitRepo(
      [
        { files: { 'Formula/widget.rb': fixture('widget-1.2.2.rb') }, date: '2026-03-01T10:00:00Z' },
        { files: { 'Formula/widget.rb': fixture('widget-1.2.3.rb') }, date: '2026-03-02T11:22:33Z' },
      ],
      { bare: true, name: 'homebrew-tap.git' },
    );
    const token = 'tap-secret-token-5e6f7a8b9c';
    const server = await serveGitHttp(join(bare.path, '..'));
    try {
      const observation = await homebrew.check(
        'acme/tap/widget',
        '1.2.3',
        ctx(`${server.url}/homebrew-tap.git`, { token }),
      );
      expect(observation.verdict, observation.reason).toBe('present');
      expect(observation.publishedAt).toBe('2026-03-02T11:22:33.000Z');
      expect(JSON.stringify(observation)).not.toContain(token);
    } finally {
      await server.close();
      bare.cleanup();
    }
  });

  it('shipwatch exists takes a local path as --registry and exits 0 / 1 / 4', async () => {
    const context = {
      cwd: process.cwd(),
      env: {},
      fetch: globalThis.fetch,
      logger: silentLogger,
      now: () => NOW,
    };
    const run = (version: string, registry: string) =>
      checkExists(context, { channel: 'homebrew', package: 'widget', version, registry });
    expect((await run('1.2.3', tap.path)).exitCode).toBe(0);
    expect((await run('9.9.9', tap.path)).exitCode).toBe(1);
    expect((await run('1.2.3', join(tmpdir(), 'shipwatch-missing-tap-71d2'))).exitCode).toBe(4);
    await expect(run('1.2.3', '--upload-pack=x')).rejects.toThrow(/not a repository location/);
  });
});

describe('homebrew reads what users install', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.invalid',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.invalid',
      },
    });

  it("a local tap with an unmerged bump branch checked out: main's version is reported", async () => {
    const local = createGitRepo([{ files: { 'Formula/widget.rb': fixture('widget-1.2.2.rb') } }]);
    try {
      git(local.path, 'checkout', '--quiet', '-b', 'bump-widget-1.2.3');
      writeFileSync(join(local.path, 'Formula/widget.rb'), fixture('widget-1.2.3.rb'));
      git(local.path, 'commit', '--quiet', '-am', 'widget 1.2.3');
      for (const location of [local.path, local.url]) {
        const bumped = await homebrew.check('widget', '1.2.3', ctx(location));
        expect(bumped.verdict, bumped.reason).toBe('absent');
        expect(bumped.reason).toMatch(
          /has widget 1\.2\.2 \(Formula\/widget\.rb at [0-9a-f]{12}\), not 1\.2\.3/,
        );
        expect(bumped.reason).toMatch(
          /read the default branch main \([0-9a-f]{12}\), not the checked-out bump-widget-1\.2\.3/,
        );
        const merged = await homebrew.check('widget', '1.2.2', ctx(location));
        expect(merged.verdict, merged.reason).toBe('present');
      }
    } finally {
      local.cleanup();
    }
  });

  it('formula names are case-insensitive, as brew reads them; the reason names the file read', async () => {
    const observation = await homebrew.check('Widget', '1.2.3', ctx(tap.path));
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.reason).toBe('read Formula/widget.rb for Widget (names are case-insensitive)');
    const older = await homebrew.check('WIDGET', '1.2.2', ctx(tap.path));
    expect(older.verdict).toBe('absent');
    expect(older.reason).toMatch(
      /has WIDGET 1\.2\.3 \(Formula\/widget\.rb at [0-9a-f]{12}\), not 1\.2\.2; read Formula\/widget\.rb for WIDGET/,
    );
    const exact = await homebrew.check('widget', '1.2.3', ctx(tap.path));
    expect(exact.reason).toBeUndefined();
    expect((await homebrew.check('Gadget', '3.4.5', ctx(tap.path))).reason ?? '').toMatch(
      /Casks\/gadget\.rb/,
    );
  });
});

describe('homebrew artifacts feed the verify integrity check', () => {
  it('url + sha256 from the tap are compared with the release asset digests', async () => {
    const observation = await homebrew.check('widget', '1.2.3', ctx(tap.path));
    const asset = (name: string, sha256: string) => ({
      name,
      url: `https://github.com/acme/widget/releases/download/v1.2.3/${name}`,
      sha256,
    });
    const release = {
      channel: 'github-releases',
      package: 'acme/widget',
      version: 'v1.2.3',
      verdict: 'present' as const,
      checkedAt: new Date(NOW).toISOString(),
      artifacts: [
        asset('widget_Darwin_x86_64.tar.gz', '1'.repeat(64)),
        asset('widget_Darwin_arm64.tar.gz', '9'.repeat(64)),
      ],
    };
    const findings = checkIntegrity([{ name: 'homebrew', observation }], {
      repo: 'acme/widget',
      observation: release,
    });
    expect(findings.map((f) => f.kind)).toEqual(['verified', 'checksum-mismatch', 'missing-asset']);
  });
});

describe('homebrew package names', () => {
  it('builds the GitHub tap URL the way brew tap does', () => {
    const name = (n: string) => (n.startsWith('homebrew-') ? n : `homebrew-${n}`);
    expect(repoTarget('acme/tap/widget', {}, { example: 'x', repoName: name })).toEqual({
      location: 'https://github.com/acme/homebrew-tap.git',
      repo: 'acme/homebrew-tap',
      item: 'widget',
    });
    expect(repoTarget('Homebrew/homebrew-core/jq', {}, { example: 'x', repoName: name }).location).toBe(
      'https://github.com/Homebrew/homebrew-core.git',
    );
    expect(repoTarget('jq', {}, { example: 'x', fallbackRepo: 'Homebrew/homebrew-core' }).location).toBe(
      'https://github.com/Homebrew/homebrew-core.git',
    );
    expect(repoTarget('jq', { baseUrl: '/srv/tap' }, { example: 'x' })).toEqual({
      location: '/srv/tap',
      repo: undefined,
      item: 'jq',
    });
    expect(() => repoTarget('widget', {}, { example: 'x' })).toThrow(/--registry/);
    expect(() => repoTarget('a/b', {}, { example: 'x' })).toThrow(/must look like/);
  });

  it('declares its capabilities as data', () => {
    expect(homebrew.capabilities).toMatchObject({
      exposesChecksums: true,
      seesPending: false,
      needsToken: 'optional',
    });
    expect(homebrew.baseUrlKind).toBe('git');
  });
});
