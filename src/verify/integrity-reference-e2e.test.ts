import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { createGitRepo, type TestGitRepo } from '../../test/git-repo.ts';
import { type FixtureServer, fixtureJson, startFixtureServer } from '../registries/fixture-server.ts';
import type { VerifyReport } from './types.ts';

// `shipwatch verify` end to end with real parts: a real git tap (Homebrew adapter) and a loopback
// GitHub API in the documented shapes, one behaviour per path prefix (`githubApiUrl: <server>/<mode>`).
const fixtures = new URL('../registries/github-releases/__fixtures__/', import.meta.url);
const recorded = fixtureJson(fixtures, 'release-v1.4.2.json') as {
  assets: { name: string; digest: string; state: string; browser_download_url: string }[];
};
const ASSET = 'demo_1.4.2_linux_amd64.tar.gz';
const SHA = recorded.assets.find((a) => a.name === ASSET)?.digest.slice(7) ?? '';
const dl = (repo: string, tag: string) => `https://github.com/${repo}/releases/download/${tag}/${ASSET}`;
const notFound = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
};

/** The recorded release, retagged, optionally a draft or with the asset still uploading. */
function release(tag: string, change: { draft?: boolean; uploading?: boolean } = {}): object {
  return {
    ...recorded,
    tag_name: tag,
    draft: change.draft ?? false,
    ...(change.draft ? { published_at: null } : {}),
    assets: recorded.assets.map((a) => ({
      ...a,
      browser_download_url: a.browser_download_url.replace('/v1.4.2/', `/${tag}/`),
      ...(change.uploading && a.name === ASSET ? { state: 'open', digest: null } : {}),
    })),
  };
}

describe('verify: integrity against a draft, a fork, an unreadable or still-uploading release', () => {
  let api: FixtureServer;
  let tap: TestGitRepo;
  let dir: string;
  beforeAll(async () => {
    api = await startFixtureServer((r) => {
      const [, mode, rest = ''] = /^\/(\w+)(\/.*)?$/.exec(r.path) ?? [];
      if (mode === 'limited')
        return {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' },
          body: { message: 'API rate limit exceeded for 203.0.113.9.' },
        };
      if (mode === 'draft' && rest === '/repos/shipwatch/demo/releases?per_page=30')
        return { status: 200, body: [release('v2.0.0', { draft: true })] };
      if (mode === 'uploading' && rest === '/repos/shipwatch/demo/releases/tags/v1.4.2')
        return { status: 200, body: release('v1.4.2', { uploading: true }) };
      if (mode === 'ok' && rest === '/repos/shipwatch/demo/releases/tags/v1.4.2')
        return { status: 200, body: release('v1.4.2') };
      return notFound;
    });
    const formula = (cls: string, version: string, url: string) =>
      `class ${cls} < Formula\n  version "${version}"\n  url "${url}"\n  sha256 "${SHA}"\nend\n`;
    tap = createGitRepo([
      {
        files: {
          'Formula/draft.rb': formula('Draft', '2.0.0', dl('shipwatch/demo', 'v2.0.0')),
          'Formula/fork.rb': formula('Fork', '1.4.2', dl('evil-fork/demo', 'v1.4.2')),
          'Formula/cdn.rb': formula('Cdn', '1.4.2', `https://cdn.example.com/demo/1.4.2/${ASSET}`),
          'Formula/good.rb': formula('Good', '1.4.2', dl('shipwatch/demo', 'v1.4.2')),
        },
      },
    ]);
    dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-integrity-ref-'));
  });
  afterAll(async () => {
    await api?.close();
    tap?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function verify(mode: string, formulas: string[], version: string, env = {}) {
    const channels = formulas.map(
      (f) => `  - { channel: homebrew, name: ${f}, package: ${f}, registry: "${tap.path}" }`,
    );
    const config = ['product: demo', 'github: shipwatch/demo', `githubApiUrl: ${api.url}/${mode}`];
    await writeFile(path.join(dir, 'shipwatch.yml'), [...config, 'channels:', ...channels, ''].join('\n'));
    const out = await runCliCaptured(['verify', version, '--json'], { context: { cwd: dir, env } });
    const report = JSON.parse(out.stdout) as VerifyReport;
    return { code: out.code, report, kinds: report.integrity.map((f) => [f.channel, f.kind, f.severity]) };
  }

  it('F24: a formula matching a draft release’s digest is an error, exit 1, never "verified"', async () => {
    const r = await verify('draft', ['draft'], '2.0.0', {
      GITHUB_TOKEN: 'ghp_e2eExample00000000000000000000000',
    });
    expect(r.kinds).toEqual([['draft', 'draft-release', 'error']]);
    expect(r.report.integrity[0]?.message).toMatch(/^points at release v2\.0\.0, which is a draft/);
    expect(r.code).toBe(1);
  });

  it('F20: a fork’s release is an error, another host a warning; the good one still verified', async () => {
    const r = await verify('ok', ['fork', 'cdn', 'good'], '1.4.2');
    expect(r.kinds).toEqual([
      ['fork', 'foreign-release', 'error'],
      ['cdn', 'outside-release', 'warning'],
      ['good', 'verified', 'ok'],
    ]);
    expect(r.report.summaryLine).toBe(
      'Summary: 3/3 channels live, 0 pending, 0 missing, 0 errors, 1 integrity problem',
    );
    expect(r.code).toBe(1);
  });

  it('F20: a warning alone does not fail verify', async () => {
    const r = await verify('ok', ['cdn', 'good'], '1.4.2');
    expect(r.code).toBe(0);
  });

  it('F27: the release behind a rate limit: "integrity not checked", exit 4, never 0', async () => {
    const r = await verify('limited', ['good'], '1.4.2');
    expect(r.kinds).toEqual([['good', 'no-reference', 'unknown']]);
    expect(r.report.summaryLine).toBe(
      'Summary: 1/1 channels live, 0 pending, 0 missing, 0 errors, integrity not checked: GitHub API rate limit',
    );
    expect(r.report.outcome).toBe('unknown');
    expect(r.code).toBe(4);
  });

  it('F29: an asset still uploading is "not checked yet", not missing-asset; exit 4', async () => {
    const r = await verify('uploading', ['good'], '1.4.2');
    expect(r.kinds).toEqual([['good', 'asset-uploading', 'unknown']]);
    expect(r.report.summaryLine).toMatch(/integrity not checked: release asset still uploading$/);
    expect(r.code).toBe(4);
  });
});
