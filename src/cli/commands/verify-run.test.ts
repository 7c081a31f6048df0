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
