import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { type FixtureServer, startFixtureServer } from '../registries/fixture-server.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { parseWorkflow } from '../workflows/parse.ts';
import { type ClaimsWorkflow, compareClaims, type JobLite, loadClaimsWorkflow } from './claims.ts';
import type { ChannelResult, VerifyReport } from './types.ts';

// A release whose publish jobs GitHub reports under other names than their YAML keys: a reusable
// workflow (`publish-npm / publish`), a display name (`Publish to PyPI`) and a matrix (`build (…)`).
const WORKFLOW = `name: Release
on:
  push:
    tags: ['v*']
jobs:
  publish-npm:
    uses: ./.github/workflows/npm.yml
  publish-pypi:
    name: Publish to PyPI
    runs-on: ubuntu-latest
    steps:
      - run: twine upload
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, darwin]
        arch: [amd64, arm64]
    steps:
      - run: make
`;

const SCENARIO = `name: claims-names
description: publish jobs named otherwise than their keys
owner: acme
repo: names
startedAt: '2025-09-02T14:00:00Z'
defaultSpeed: 1000
workflow:
  id: 90219999
  name: Release
  path: .github/workflows/release.yml
  on: |
    push:
      tags: ['v*']
  text: |
${WORKFLOW.replace(/^/gm, '    ').trimEnd()}
run:
  id: 17500009999
  runNumber: 1
  event: push
  headBranch: v1.0.0
  headSha: 0123456789abcdef0123456789abcdef01234567
  displayTitle: v1.0.0
  actor: test
  firstJobId: 49900000000
attempts:
  - jobs:
      - key: publish-npm
        name: "publish-npm / publish"
        steps: [{ name: Publish, run: npm publish, seconds: 2 }]
      - key: publish-pypi
        name: "Publish to PyPI"
        steps: [{ name: Publish, run: twine upload, seconds: 2 }]
      - key: build
        matrix: { os: [linux, darwin], arch: [amd64, arm64] }
        steps: [{ name: Make, run: make, seconds: 2 }]
`;

function channel(name: string, job?: string, verdict: 'present' | 'absent' = 'absent') {
  return {
    name,
    channel: name,
    expected: true,
    durationMs: 1,
    observation: { channel: name, package: 'x', version: '1.0.0', verdict, checkedAt: '' },
    ...(job ? { job } : {}),
  } satisfies ChannelResult & { job?: string };
}

const done = (name: string, conclusion = 'success'): JobLite => ({ name, status: 'completed', conclusion });

describe('compareClaims with the workflow file', () => {
  let source: ClaimsWorkflow;
  const jobs = [
    done('publish-npm / publish'),
    done('Publish to PyPI'),
    done('build (linux, amd64)'),
    done('build (linux, arm64)'),
    done('build (darwin, amd64)', 'failure'),
    done('build (darwin, arm64)'),
  ];
  beforeAll(async () => {
    const parsed = await parseWorkflow('.github/workflows/release.yml', WORKFLOW);
    source = { workflow: parsed.workflow, file: '.github/workflows/release.yml' };
  });

  it('finds a job by its YAML key: reusable-workflow caller, display name, every matrix leg', () => {
    const rows = compareClaims(
      [
        channel('npm', 'publish-npm'),
        channel('pypi', 'publish-pypi'),
        channel('crates-io', 'build', 'present'),
      ],
      jobs,
      source,
    );
    expect(rows.map((r) => [r.channel, r.job, r.conclusion, r.flag])).toEqual([
      ['npm', 'publish-npm / publish', 'success', 'green-but-missing'],
      ['pypi', 'Publish to PyPI', 'success', 'green-but-missing'],
      ['crates-io', 'build (4 jobs)', 'failure', 'red-but-published'],
    ]);
  });

  it('accepts the display name the API reports', () => {
    const rows = compareClaims([channel('pypi', 'Publish to PyPI')], jobs, source);
    expect(rows[0]).toMatchObject({ job: 'Publish to PyPI', flag: 'green-but-missing' });
  });

  it('guesses the customary keys when the channel names no job', () => {
    const rows = compareClaims([channel('npm'), channel('pypi')], jobs, source);
    expect(rows.map((r) => [r.job, r.flag])).toEqual([
      ['publish-npm / publish', 'green-but-missing'],
      ['Publish to PyPI', 'green-but-missing'],
    ]);
  });

  it('says when a key names no job of the file nor of the run', () => {
    const rows = compareClaims([channel('npm', 'publish-nmp')], jobs, source);
    expect(rows[0]?.flag).toBe('no-job');
    expect(rows[0]?.message).toBe(
      'no job "publish-nmp" in the run: neither a job key of .github/workflows/release.yml (publish-npm, publish-pypi, build) nor a job name the run reports',
    );
  });

  it('says when a job of the file is not in the run', () => {
    const rows = compareClaims([channel('npm', 'publish-npm')], [done('Publish to PyPI')], source);
    expect(rows[0]).toMatchObject({
      flag: 'no-job',
      message: 'job "publish-npm" of .github/workflows/release.yml has no job in this run',
    });
  });

  it('without the file, matches API names only and says why keys were not mapped', () => {
    const unread: ClaimsWorkflow = { unavailable: 'the workflow file could not be read (HTTP 404)' };
    const rows = compareClaims(
      [channel('pypi', 'publish-pypi'), channel('npm', 'publish-npm'), channel('snap')],
      jobs,
      unread,
    );
    expect(rows[0]).toMatchObject({
      flag: 'no-job',
      message:
        'no job named "publish-pypi" in the run; the workflow file could not be read (HTTP 404), so YAML job keys were not mapped to the names the API reports',
    });
    // A reusable-workflow caller is recognised by its `caller / called` name even without the file.
    expect(rows[1]).toMatchObject({ job: 'publish-npm / publish', flag: 'green-but-missing' });
    expect(rows[2]?.message).toBe(
      'no job "snap", "publish-snap", "snap-publish", "release-snap" in the run (the workflow file could not be read (HTTP 404)); set `job:` for this channel in shipwatch.yml',
    );
  });
});

describe('loadClaimsWorkflow', () => {
  it('parses the file, and reports a run without one or an unparsable one', async () => {
    const ok = await loadClaimsWorkflow(1, async () => ({ path: 'release.yml', text: WORKFLOW }));
    expect(ok.workflow?.jobs.map((j) => j.id)).toEqual(['publish-npm', 'publish-pypi', 'build']);
    expect(await loadClaimsWorkflow(1, async () => undefined)).toEqual({
      unavailable: 'the run names no workflow file',
    });
    const bad = await loadClaimsWorkflow(1, async () => ({ path: 'release.yml', text: 'jobs: [' }));
    expect(bad.workflow).toBeUndefined();
    expect(bad.unavailable).toMatch(/^release\.yml could not be parsed/);
  });

  it('a non-GitHub error is not swallowed', async () => {
    await expect(
      loadClaimsWorkflow(1, async () => {
        throw new TypeError('bug');
      }),
    ).rejects.toThrow('bug');
  });
});

describe('verify --run maps YAML job keys through the run workflow file (simulator)', () => {
  let sim: RunningSimulator;
  let registry: FixtureServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-claims-'));
    await writeFile(path.join(dir, 'names.yml'), SCENARIO);
    sim = await startSimulator({ scenario: path.join(dir, 'names.yml'), speed: 0 });
    sim.advance(Math.ceil((sim.endsAt() - sim.simulatedNow()) / 1000) + 60);
    registry = await startFixtureServer(() => ({ status: 404, body: { message: 'Not Found' } }));
    await writeFile(
      path.join(dir, 'shipwatch.yml'),
      [
        'product: x',
        `github: ${sim.owner}/${sim.repo}`,
        `githubApiUrl: ${sim.url}`,
        'channels:',
        '  - channel: npm',
        '    package: a',
        `    registry: ${registry.url}`,
        '    job: publish-npm',
        '  - channel: pypi',
        '    package: b',
        `    registry: ${registry.url}`,
        '    job: publish-pypi',
        '  - channel: crates-io',
        '    package: c',
        `    registry: ${registry.url}`,
        '    job: build',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await sim?.close();
    await registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const verify = () =>
    runCliCaptured(['verify', '1.0.0', '--run', String(sim.runId), '--json'], {
      context: { cwd: dir, env: { PATH: '' } },
    });

  it('flags "green job, nothing published" for a reusable-workflow, a named and a matrix job', async () => {
    const out = await verify();
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout) as VerifyReport;
    expect(report.claims?.rows.map((r) => [r.channel, r.job, r.conclusion, r.flag])).toEqual([
      ['npm', 'publish-npm / publish', 'success', 'green-but-missing'],
      ['pypi', 'Publish to PyPI', 'success', 'green-but-missing'],
      ['crates-io', 'build (4 jobs)', 'success', 'green-but-missing'],
    ]);
    expect(report.summaryLine).toMatch(/3 job contradictions$/);
    // The file is read once at the run's commit.
    const contents = sim.requestLog().filter((r) => r.path.includes('/contents/'));
    expect(contents).toHaveLength(1);
  });

  it('an unreadable workflow file is said in the rows, not a silent "no job"', async () => {
    sim.addFaults([{ kind: 'server-error', status: 404, match: '/contents/', times: 0 }]);
    try {
      const report = JSON.parse((await verify()).stdout) as VerifyReport;
      const pypi = report.claims?.rows.find((r) => r.channel === 'pypi');
      expect(pypi?.flag).toBe('no-job');
      expect(pypi?.message).toMatch(
        /^no job named "publish-pypi" in the run; the workflow file could not be read \(.*404.*\), so YAML job keys were not mapped/,
      );
      // The API names still match: the caller of a reusable workflow, every matrix leg.
      expect(report.claims?.rows.find((r) => r.channel === 'npm')?.flag).toBe('green-but-missing');
      expect(report.claims?.rows.find((r) => r.channel === 'crates-io')?.job).toBe('build (4 jobs)');
    } finally {
      sim.clearFaults();
    }
  });
});
