import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigObject } from '../config/parse.ts';
import { GitHubApiError } from '../errors.ts';
import type { ResolvedConfig } from '../config/types.ts';
import {
  type FixtureHandler,
  type FixtureServer,
  fixtureJson,
  startFixtureServer,
} from '../registries/fixture-server.ts';
import { getJson, joinUrl, observe } from '../registries/http.ts';
import { registries } from '../registries/index.ts';
import type { RegistryAdapter } from '../registries/types.ts';
import { silentLogger } from '../shared/logger.ts';
import * as z from '../shared/zod.ts';
import { compareClaims } from './claims.ts';
import { bareVersion, verifyRelease } from './verify.ts';

const reg = (id: string, file: string) =>
  new URL(`../registries/${id}/__fixtures__/${file}`, import.meta.url);
const release = fixtureJson(reg('github-releases', ''), 'release-v1.4.2.json') as {
  assets: { name: string; digest: string }[];
};
const digestOf = (name: string) => release.assets.find((a) => a.name === name)?.digest.slice(7) ?? '';
const LINUX = 'demo_1.4.2_linux_amd64.tar.gz';
const DARWIN = 'demo_1.4.2_darwin_arm64.tar.gz';
const download = (tag: string, name: string) =>
  `https://github.com/shipwatch/demo/releases/download/${tag}/${name}`;

// A tap-like channel for the test: a JSON "formula" with url/sha256 pairs, read through the production HTTP path.
const Formula = z.object({
  version: z.string(),
  urls: z.array(z.object({ url: z.string(), sha256: z.string() })),
});
const formula: RegistryAdapter = {
  id: 'formula',
  displayName: 'test formula',
  defaultBaseUrl: 'http://127.0.0.1:9',
  packageFormat: 'name',
  capabilities: {
    seesPending: false,
    exposesChecksums: true,
    needsToken: 'no',
    tokenEnv: [],
    absentIs: 'any-404',
    notes: 'test adapter',
  },
  check(pkg, version, ctx) {
    return observe({ id: 'formula' }, pkg, version, ctx, async () => {
      const url = joinUrl(ctx.baseUrl ?? '', `/formula/${pkg}.json`);
      const r = await getJson(ctx, url, Formula, { what: `formula ${pkg}` });
      if (!r.found || r.data.version !== version)
        return { verdict: 'absent', url, reason: 'formula not updated' };
      return {
        verdict: 'present',
        url,
        artifacts: r.data.urls.map((u) => ({ url: u.url, sha256: u.sha256 })),
      };
    });
  },
};

const formulas: Record<string, object> = {
  good: { version: '1.4.2', urls: [{ url: download('v1.4.2', LINUX), sha256: digestOf(LINUX) }] },
  tampered: { version: '1.4.2', urls: [{ url: download('v1.4.2', DARWIN), sha256: 'f'.repeat(64) }] },
  typo: {
    version: '1.4.2',
    urls: [{ url: download('v1.4.2', 'demo_1.4.2_linux_x86_64.tar.gz'), sha256: 'a'.repeat(64) }],
  },
  stale: { version: '1.4.2', urls: [{ url: download('v1.4.1', LINUX), sha256: digestOf(LINUX) }] },
};

const handler: FixtureHandler = (r) => {
  const p = r.path;
  if (p === '/repos/shipwatch/demo/releases/tags/v1.4.2') return { status: 200, body: release };
  if (p === '/pypi/shipwatch-demo/1.4.2/json')
    return { status: 200, body: fixtureJson(reg('pypi', ''), 'release-1.4.2.json') };
  if (p.startsWith("/api/v2/Packages(Id='shipwatch-demo',Version='1.4.2')")) {
    // The recorded entry is 1.5.0's; the adapter checks the entry is about the version asked.
    const entry = readFileSync(reg('chocolatey', 'pending-moderation.xml'), 'utf8');
    return { status: 200, body: entry.replace('<d:Version>1.5.0<', '<d:Version>1.4.2<') };
  }
  if (p.startsWith('/v3-flatcontainer/')) return { status: 503, body: 'Service Unavailable' };
  if (p === '/slow/x') return 'hang';
  const f = /^\/formula\/(\w+)\.json$/.exec(p);
  if (f?.[1] && formulas[f[1]]) return { status: 200, body: formulas[f[1]] as object };
  return { status: 404, body: { error: 'Not found' } };
};

describe('verifyRelease against loopback registries', () => {
  let server: FixtureServer;
  let config: ResolvedConfig;
  beforeAll(async () => {
    server = await startFixtureServer(handler);
    const channels = [
      { channel: 'github-releases', registry: server.url, job: 'release' },
      { channel: 'pypi', package: 'shipwatch-demo', registry: server.url, job: 'publish-pypi' },
      { channel: 'crates-io', package: 'shipwatch-demo', registry: server.url },
      { channel: 'chocolatey', package: 'shipwatch-demo', registry: server.url },
      { channel: 'nuget', package: 'Shipwatch.Demo', registry: server.url, optional: true },
      ...Object.keys(formulas).map((name) => ({ channel: 'formula', package: name, registry: server.url })),
    ];
    const result = parseConfigObject(
      { product: 'demo', github: 'shipwatch/demo', githubApiUrl: server.url, timeoutMs: 1000, channels },
      { file: 'inline', knownChannels: [...Object.keys(registries), 'formula'] },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    config = result.config;
  });
  afterAll(() => server.close());
  const ctx = () => ({ cwd: '/', env: {}, fetch, logger: silentLogger, now: Date.now });

  it('answers every channel with its own verdict and summarizes honestly', async () => {
    const report = await verifyRelease(ctx(), {
      config,
      version: 'v1.4.2',
      adapters: { ...registries, formula },
    });
    expect(report.version).toBe('1.4.2');
    expect(report.tag).toBe('v1.4.2');
    const verdicts = Object.fromEntries(report.channels.map((c) => [c.name, c.observation.verdict]));
    expect(verdicts).toEqual({
      'github-releases': 'present',
      pypi: 'present',
      'crates-io': 'absent',
      chocolatey: 'pending',
      nuget: 'error',
      'formula:good': 'present',
      'formula:tampered': 'present',
      'formula:typo': 'present',
      'formula:stale': 'present',
    });
    expect(report.summaryLine).toBe(
      'Summary: 6/9 channels live, 1 pending, 1 missing, 1 error, 3 integrity problems',
    );
    expect(report.ok).toBe(false);
  });

  it('checks release-asset URLs against the asset digests', async () => {
    const report = await verifyRelease(ctx(), {
      config,
      version: '1.4.2',
      adapters: { ...registries, formula },
    });
    const byChannel = Object.fromEntries(report.integrity.map((f) => [f.channel, f.kind]));
    expect(byChannel).toEqual({
      'formula:good': 'verified',
      'formula:tampered': 'checksum-mismatch',
      'formula:typo': 'missing-asset',
      'formula:stale': 'wrong-tag',
    });
  });

  it('uses an implicit look at `github` when no github-releases channel is configured', async () => {
    const only = { ...config, channels: config.channels.filter((c) => c.name === 'formula:tampered') };
    const report = await verifyRelease(ctx(), {
      config: only,
      version: '1.4.2',
      adapters: { ...registries, formula },
    });
    expect(report.channels).toHaveLength(1);
    expect(report.integrity.map((f) => f.kind)).toEqual(['checksum-mismatch']);
  });

  it('exits ok only when every expected channel is present (optional ones may be missing)', async () => {
    const live = {
      ...config,
      channels: config.channels.filter((c) =>
        ['github-releases', 'pypi', 'formula:good', 'nuget'].includes(c.name),
      ),
    };
    const report = await verifyRelease(ctx(), {
      config: live,
      version: '1.4.2',
      adapters: { ...registries, formula },
    });
    expect(report.summaryLine).toBe('Summary: 3/4 channels live, 0 pending, 0 missing, 1 error');
    expect(report.ok).toBe(true);
  });

  it('a registry that never answers becomes an error after the timeout; the others still answer', async () => {
    const hanging = await startFixtureServer(() => 'hang');
    try {
      const slow = {
        ...config,
        timeoutMs: 300,
        channels: [
          ...config.channels.filter((c) => c.name === 'pypi'),
          {
            name: 'snap',
            channel: 'snap',
            package: 'xy',
            registry: hanging.url,
            versionTemplate: '{version}',
            optional: false,
          },
        ],
      };
      const report = await verifyRelease(ctx(), { config: slow, version: '1.4.2' });
      expect(report.channels.map((c) => c.observation.verdict)).toEqual(['present', 'error']);
      expect(report.channels[1]?.observation.reason).toMatch(/did not answer within 300 ms/);
    } finally {
      await hanging.close();
    }
  });

  it('a channel whose adapter is missing is an error, not absent', async () => {
    const report = await verifyRelease(ctx(), { config, version: '1.4.2', adapters: registries });
    const row = report.channels.find((c) => c.name === 'formula:good');
    expect(row?.observation.verdict).toBe('error');
    expect(row?.observation.reason).toMatch(/no adapter/);
  });

  it('puts job conclusions beside the verdicts and flags the contradictions', async () => {
    const report = await verifyRelease(ctx(), {
      config,
      version: '1.4.2',
      adapters: { ...registries, formula },
      runId: 42,
      listRunJobs: async () => [
        { name: 'release', status: 'completed', conclusion: 'success' },
        { name: 'publish-pypi', status: 'completed', conclusion: 'failure' },
        // No `job:` for crates-io in the config: found by the customary name publish-<channel>.
        { name: 'Publish crates-io', status: 'completed', conclusion: 'success' },
      ],
    });
    const flags = Object.fromEntries(report.claims?.rows.map((r) => [r.channel, r.flag]) ?? []);
    expect(flags).toMatchObject({
      'github-releases': 'consistent',
      pypi: 'red-but-published',
      'crates-io': 'green-but-missing',
      chocolatey: 'no-job',
    });
    expect(report.summaryLine).toMatch(/, 2 job contradictions$/);
  });

  it('claims: the GitHub API failing keeps every channel verdict, says why the claims are missing, and is not ok', async () => {
    const report = await verifyRelease(ctx(), {
      config,
      version: '1.4.2',
      adapters: { ...registries, formula },
      runId: 42,
      listRunJobs: async () => {
        throw new GitHubApiError(
          'GET /repos/shipwatch/demo/actions/runs/42/jobs: HTTP 502: Server Error',
          502,
        );
      },
    });
    expect(report.channels.map((c) => c.observation.verdict)).toContain('present');
    expect(report.claims).toEqual({
      runId: 42,
      rows: [],
      error: 'GET /repos/shipwatch/demo/actions/runs/42/jobs: HTTP 502: Server Error',
    });
    expect(report.ok).toBe(false);
    // Known problems in this config (an absent channel, integrity errors) outrank the missing claims.
    expect(report.outcome).toBe('problem');
    expect(report.summaryLine).toMatch(/, job conclusions unavailable$/);
  });

  it('claims: still throws what is not the API failing (our bug, bad usage)', async () => {
    await expect(
      verifyRelease(ctx(), {
        config,
        version: '1.4.2',
        adapters: { ...registries, formula },
        runId: 42,
        listRunJobs: async () => {
          throw new TypeError('boom');
        },
      }),
    ).rejects.toThrow('boom');
  });
});

describe('pieces', () => {
  it('npm channels read the version as npm does, like `exists`: v1.2.3+ci.7 finds 1.2.3', async () => {
    const packument = fixtureJson(reg('npm', ''), 'packument-present.json');
    const npmServer = await startFixtureServer((r) =>
      r.path === '/@acme%2fwidget'
        ? { status: 200, body: packument }
        : { status: 404, body: { error: 'Not found' } },
    );
    try {
      const parsed = parseConfigObject(
        {
          product: 'demo',
          timeoutMs: 1000,
          channels: [{ channel: 'npm', package: '@acme/widget', registry: npmServer.url }],
        },
        { file: 'inline', knownChannels: Object.keys(registries) },
      );
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const ctx = { cwd: '/', env: {}, fetch, logger: silentLogger, now: Date.now };
      const report = await verifyRelease(ctx, { config: parsed.config, version: 'v1.2.3+ci.7' });
      const [npm] = report.channels;
      expect(npm?.observation.verdict, npm?.observation.reason).toBe('present');
      expect(npm?.observation.reason).toBe('1.2.3+ci.7 read as 1.2.3, as npm does');
    } finally {
      await npmServer.close();
    }
  });

  it('bareVersion drops the tag prefix only before a digit', () => {
    expect(bareVersion('v1.2.3', 'v')).toBe('1.2.3');
    expect(bareVersion('1.2.3', 'v')).toBe('1.2.3');
    expect(bareVersion('version-x', 'v')).toBe('version-x');
  });

  it('matches matrix job instances and takes the worst conclusion', () => {
    const rows = compareClaims(
      [
        {
          name: 'npm',
          channel: 'npm',
          expected: true,
          job: 'build',
          durationMs: 1,
          observation: { channel: 'npm', package: 'x', version: '1', verdict: 'present', checkedAt: '' },
        },
      ],
      [
        { name: 'build (linux)', status: 'completed', conclusion: 'success' },
        { name: 'build (windows)', status: 'completed', conclusion: 'failure' },
      ],
    );
    expect(rows[0]).toMatchObject({
      job: 'build (2 jobs)',
      conclusion: 'failure',
      flag: 'red-but-published',
    });
  });
});
