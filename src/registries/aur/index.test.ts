import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitRepo, type GitHttpServer, serveGitHttp, type TestGitRepo } from '../../../test/git-repo.ts';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { fixtureJson, routes } from '../fixture-server.ts';
import type { RegistryContext } from '../types.ts';
import { aur, aurVersionMatches } from './index.ts';
import { parseSrcInfo } from './parse-srcinfo.ts';

const fixture = (name: string) => fixtureJson(import.meta.url, `./__fixtures__/${name}`);
const text = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const INFO = 'GET /rpc/v5/info?arg[]=widget-bin';

runRegistryContract({
  createAdapter: () => aur,
  package: 'widget-bin',
  invalidNames: ['bad name', 'Widget-Bin', '-widget', 'widget@git', '.hidden'],
  version: '1.2.3',
  fixtures: {
    present: routes({ [INFO]: { status: 200, body: fixture('info-widget-bin-1.2.3.json') } }),
    absent: routes({ [INFO]: { status: 200, body: fixture('info-widget-bin-1.2.2.json') } }),
  },
  skip: {
    present:
      'present also clones <base>/<pkgbase>.git, which the JSON fixture server cannot serve; covered below against git http-backend on the same origin',
  },
});

const EXPECTED_ARTIFACTS = [
  {
    name: 'widget-bin-1.2.3-x86_64.tar.gz',
    url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Linux_x86_64.tar.gz',
    sha256: '9'.repeat(64),
  },
  {
    name: 'widget_Linux_arm64.tar.gz',
    url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Linux_arm64.tar.gz',
    sha256: 'e'.repeat(64),
  },
];

describe('aur adapter: RPC + the package git repository on one loopback origin', () => {
  let rpc: object = {};
  let rpcStatus = 200;
  const repos: TestGitRepo[] = [];
  let server: GitHttpServer;
  let root: string;
  const ctx = (extra: Partial<RegistryContext> = {}): RegistryContext => ({
    fetch: globalThis.fetch,
    logger: silentLogger,
    env: process.env,
    baseUrl: server.url,
    timeoutMs: 20_000,
    now: () => Date.parse('2026-04-05T06:07:08Z'),
    ...extra,
  });

  beforeAll(async () => {
    const main = createGitRepo(
      [{ files: { PKGBUILD: text('widget-bin.PKGBUILD'), '.SRCINFO': text('widget-bin-1.2.3.SRCINFO') } }],
      { bare: true, name: 'widget-bin.git' },
    );
    root = join(main.path, '..');
    repos.push(main);
    // Every package base repository under one root, as aurweb serves them.
    const broken: Record<string, Record<string, string>> = {
      'no-srcinfo': { PKGBUILD: text('widget-bin.PKGBUILD') },
      'stale-srcinfo': {
        '.SRCINFO': text('widget-bin-1.2.3.SRCINFO').replace('pkgver = 1.2.3', 'pkgver = 1.2.2'),
      },
      'bad-sums': {
        '.SRCINFO': text('widget-bin-1.2.3.SRCINFO').replace(/\tsha256sums_aarch64 = .*\n/, ''),
      },
    };
    for (const [name, files] of Object.entries(broken)) {
      const repo = createGitRepo([{ files }], { bare: true });
      repos.push(repo);
      execFileSync('git', ['clone', '--quiet', '--bare', repo.path, join(root, `${name}.git`)]);
    }
    server = await serveGitHttp(root, (req, res) => {
      if (!req.url?.startsWith('/rpc/')) return false;
      const body = JSON.stringify(rpc);
      res.writeHead(rpcStatus, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(body);
      return true;
    });
  });
  afterAll(async () => {
    await server?.close();
    for (const repo of repos) repo.cleanup();
  });

  const withBase = (base: string) => {
    const info = fixture('info-widget-bin-1.2.3.json') as { results: Record<string, unknown>[] };
    return { ...info, results: info.results.map((r) => ({ ...r, PackageBase: base })) };
  };

  it('present: version from the RPC, date = LastModified, sources + sha256sums from .SRCINFO over git', async () => {
    rpc = fixture('info-widget-bin-1.2.3.json');
    const observation = await aur.check('widget-bin', '1.2.3', ctx());
    expect(observation).toMatchObject({
      channel: 'aur',
      verdict: 'present',
      publishedAt: '2026-03-02T11:22:33.000Z',
      url: `${server.url}/rpc/v5/info?arg[]=widget-bin`,
    });
    expect(observation.artifacts).toEqual(EXPECTED_ARTIFACTS);
    expect(server.requests.some((p) => p.startsWith('/widget-bin.git/'))).toBe(true);
  });

  it('a full pkgver-pkgrel must match exactly', async () => {
    rpc = fixture('info-widget-bin-1.2.3.json');
    expect((await aur.check('widget-bin', '1.2.3-1', ctx())).verdict).toBe('present');
    const other = await aur.check('widget-bin', '1.2.3-2', ctx());
    expect(other.verdict).toBe('absent');
    expect(other.reason).toBe('the AUR has widget-bin 1.2.3-1, not 1.2.3-2');
  });

  it('absent: another version, or no such package', async () => {
    rpc = fixture('info-widget-bin-1.2.2.json');
    const other = await aur.check('widget-bin', '1.2.3', ctx());
    expect(other).toMatchObject({ verdict: 'absent', reason: 'the AUR has widget-bin 1.2.2-2, not 1.2.3' });
    rpc = fixture('info-empty.json');
    const none = await aur.check('widget-bin', '1.2.3', ctx());
    expect(none).toMatchObject({ verdict: 'absent', reason: 'the AUR has no package named widget-bin' });
  });

  it('an RPC error envelope → error', async () => {
    rpc = fixture('info-error.json');
    const observation = await aur.check('widget-bin', '1.2.3', ctx());
    expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(observation.reason).toMatch(/Incorrect request type specified/);
  });

  it('the RPC knows the package but its git repository is missing → error, never absent', async () => {
    rpc = withBase('gone');
    const observation = await aur.check('widget-bin', '1.2.3', ctx());
    expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(observation.reason).toMatch(/gone\.git/);
  });

  it('no .SRCINFO, a .SRCINFO of another version, sums that do not line up → error', async () => {
    rpc = withBase('no-srcinfo');
    expect((await aur.check('widget-bin', '1.2.3', ctx())).reason).toMatch(/has no \.SRCINFO at HEAD/);
    rpc = withBase('stale-srcinfo');
    expect((await aur.check('widget-bin', '1.2.3', ctx())).reason).toMatch(
      /the RPC says widget-bin 1\.2\.3-1 but \.SRCINFO of stale-srcinfo at [0-9a-f]{12} says 1\.2\.2-1/,
    );
    rpc = withBase('bad-sums');
    const bad = await aur.check('widget-bin', '1.2.3', ctx());
    expect(bad).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(bad.reason).toMatch(/not usable/);
  });

  it('429 from the RPC → error (unavailable), and no git request is made', async () => {
    rpc = { error: 'Rate limit reached' };
    rpcStatus = 429;
    const before = server.requests.length;
    try {
      const observation = await aur.check('widget-bin', '1.2.3', ctx());
      expect(observation).toMatchObject({
        verdict: 'error',
        errorCode: 'REGISTRY_UNAVAILABLE',
        httpStatus: 429,
      });
      expect(server.requests.slice(before).every((p) => p.startsWith('/rpc/'))).toBe(true);
    } finally {
      rpcStatus = 200;
    }
  });
});

describe('AUR versions and .SRCINFO', () => {
  it('matches a bare version against pkgver-pkgrel and epochs', () => {
    expect(aurVersionMatches('1.2.3-1', '1.2.3')).toBe(true);
    expect(aurVersionMatches('1.2.3-1', 'v1.2.3')).toBe(true);
    expect(aurVersionMatches('2:1.2.3-4', '1.2.3')).toBe(true);
    expect(aurVersionMatches('2:1.2.3-4', '2:1.2.3-4')).toBe(true);
    expect(aurVersionMatches('1.2.30-1', '1.2.3')).toBe(false);
    expect(aurVersionMatches('1.2.3-1', '1.2')).toBe(false);
  });

  it('pairs sources with sums per arch, keeps other algorithms as digest, skips local files', () => {
    expect(parseSrcInfo(text('widget-bin-1.2.3.SRCINFO'))).toEqual({
      version: '1.2.3-1',
      artifacts: EXPECTED_ARTIFACTS,
      problems: [],
    });
    const b2 = parseSrcInfo(
      'pkgbase = x\n\tpkgver = 1\n\tpkgrel = 2\n\tepoch = 3\n\tsource = https://e.org/x.tgz\n\tb2sums = ABCD\npkgname = x\n',
    );
    expect(b2).toEqual({
      version: '3:1-2',
      artifacts: [{ name: 'x.tgz', url: 'https://e.org/x.tgz', digest: 'b2:abcd' }],
      problems: [],
    });
    expect(parseSrcInfo('pkgname=foo\n').problems).toEqual(['no `pkgbase = …` line: not a .SRCINFO']);
  });
});
