import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { type FixtureServer, startFixtureServer } from '../../registries/fixture-server.ts';
import { type RunningSimulator, startSimulator } from '../../simulator/server.ts';
import type { VerifyReport } from '../../verify/types.ts';

// Claimed vs actual end to end: the GitHub API simulator plays the run and the release; a loopback
// PyPI says the package is not there although the publish job is green.
describe('shipwatch verify --run against the GitHub API simulator', () => {
  let sim: RunningSimulator;
  let pypi: FixtureServer;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'clean-release' });
    sim.advance(Math.ceil((sim.endsAt() - sim.simulatedNow()) / 1000) + 60);
    pypi = await startFixtureServer(() => ({ status: 404, body: { message: 'Not Found' } }));
    dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-verify-run-'));
    await writeFile(
      path.join(dir, 'shipwatch.yml'),
      [
        'product: widget',
        `github: ${sim.owner}/${sim.repo}`,
        `githubApiUrl: ${sim.url}`,
        'channels:',
        '  - channel: github-releases',
        '    job: Build and release',
        '  - channel: pypi',
        '    package: widget',
        `    registry: ${pypi.url}`,
        '    job: publish-pypi',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await sim?.close();
    await pypi?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts each job beside its channel and flags "green job, nothing published"', async () => {
    const out = await runCliCaptured(['verify', '2.4.0', '--run', String(sim.runId), '--json'], {
      context: { cwd: dir, env: { PATH: '' } },
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout) as VerifyReport;
    const release = report.channels[0]?.observation;
    expect(release?.verdict).toBe('present');
    expect(release?.artifacts?.map((a) => a.name)).toContain('widget-2.4.0-linux-amd64.tar.gz');
    expect(release?.artifacts?.every((a) => /^[0-9a-f]{64}$/.test(a.sha256 ?? ''))).toBe(true);
    expect(report.claims?.rows.map((r) => [r.channel, r.job, r.conclusion, r.verdict, r.flag])).toEqual([
      ['github-releases', 'Build and release', 'success', 'present', 'consistent'],
      ['pypi', 'publish-pypi', 'success', 'absent', 'green-but-missing'],
    ]);
    expect(report.summaryLine).toBe(
      'Summary: 1/2 channels live, 0 pending, 1 missing, 0 errors, 1 job contradiction',
    );
  });

  it('the text view shows the contradiction', async () => {
    const out = await runCliCaptured(['verify', '2.4.0', '--run', String(sim.runId)], {
      context: { cwd: dir, env: { PATH: '' } },
    });
    expect(out.stdout).toMatch(
      /^ {2}pypi\s+publish-pypi\s+success\s+→ absent\s+green job, nothing published$/m,
    );
  });
});

describe('verify --run: the CI token and a githubApiUrl from shipwatch.yml', () => {
  const token = `ghp_${'f'.repeat(36)}`;
  async function run(githubApiUrl: string, extraArgs: string[] = [], env: Record<string, string> = {}) {
    const dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-verify-token-'));
    try {
      await writeFile(
        path.join(dir, 'shipwatch.yml'),
        `product: w\ngithub: acme/widget\ngithubApiUrl: ${githubApiUrl}\nchannels:\n  - {channel: pypi, package: widget, registry: "http://127.0.0.1:9", optional: true}\n`,
      );
      const seen: { host: string; authorization: string | null }[] = [];
      const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        seen.push({ host: url.host, authorization: new Headers(init?.headers).get('authorization') });
        if (url.pathname.endsWith('/jobs'))
          return Response.json({ total_count: 0, jobs: [] }, { headers: { etag: '"x"' } });
        return Response.json({ message: 'Not Found' }, { status: 404 });
      }) as typeof globalThis.fetch;
      const out = await runCliCaptured(['verify', '1.0.0', '--run', '7', ...extraArgs], {
        context: { cwd: dir, env: { GITHUB_TOKEN: token, PATH: '', ...env }, fetch },
      });
      return { out, seen };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('is not sent to a githubApiUrl host that shipwatch.yml names (a pull request could edit it); stderr says so', async () => {
    const { out, seen } = await run('https://ghe.attacker.example/api/v3');
    const github = seen.filter((r) => r.host === 'ghe.attacker.example');
    expect(github.length).toBeGreaterThan(0);
    expect(github.every((r) => r.authorization === null)).toBe(true);
    expect(out.stderr).toContain(
      'warning: GITHUB_TOKEN not sent to ghe.attacker.example (githubApiUrl in shipwatch.yml); pass --api-url or list the host in SHIPWATCH_TOKEN_HOSTS',
    );
    expect(out.stdout + out.stderr).not.toContain(token);
  });

  it('is sent when the user names the host: --api-url, or SHIPWATCH_TOKEN_HOSTS', async () => {
    const flag = await run('https://ghe.example.com/api/v3', ['--api-url', 'https://ghe.example.com/api/v3']);
    expect(flag.seen.filter((r) => r.host === 'ghe.example.com').every((r) => r.authorization !== null)).toBe(
      true,
    );
    const listed = await run('https://ghe.example.com/api/v3', [], {
      SHIPWATCH_TOKEN_HOSTS: 'ghe.example.com',
    });
    expect(
      listed.seen.filter((r) => r.host === 'ghe.example.com').every((r) => r.authorization !== null),
    ).toBe(true);
  });
});
