/**
 * Input with several jobs (a run's log zip, `gh run view --log-failed` of several jobs) is diagnosed
 * job by job: one diagnosis per job in log order, the top-level fields those of the first failed job,
 * every cited line carrying its job, and the text/markdown views citing `job › L<n>`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { startSimulator } from '../../simulator/server.ts';
import { writeZip } from '../read/zip-fixture.ts';
import { diagnoseText } from './diagnose.ts';
import type { Diagnosis } from './types.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-why-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A job log as the runner writes it (timestamps on every line). */
function jobLog(lines: string[]): string {
  return `${lines.map((l, i) => `2025-01-02T03:04:${String(10 + i).padStart(2, '0')}.1234567Z ${l}`).join('\n')}\n`;
}

const SETUP = ['##[group]Set up job', 'Current runner version: 2.320.0', '##[endgroup]'];
const BUILD = jobLog([
  ...SETUP,
  '##[group]Run npm run build',
  'npm run build',
  '##[endgroup]',
  "src/index.ts(3,1): error TS2304: Cannot find name 'foo'.",
  '##[error]Process completed with exit code 2.',
]);
const PUBLISH = jobLog([
  ...SETUP,
  '##[group]Run npm publish',
  'npm publish',
  '##[endgroup]',
  'npm error code ENEEDAUTH',
  '##[error]Process completed with exit code 1.',
]);
const DOCS = jobLog([
  ...SETUP,
  '##[group]Run make docs',
  'make docs',
  '##[endgroup]',
  'done',
  'Cleaning up orphan processes',
]);

function runZip(name: string, entries: Record<string, string>): string {
  const file = path.join(dir, name);
  writeZip(file, entries);
  return file;
}

const allEvidence = (d: Pick<Diagnosis, 'causes'>) =>
  d.causes.flatMap((c) => [...c.evidence, ...c.consequences]);

describe('why on a run zip with several jobs', () => {
  const zip = runZip('run.zip', { '0_build.txt': BUILD, '1_publish.txt': PUBLISH, '2_docs.txt': DOCS });

  it('diagnoses each job on its own, in log order; the top level is the first failed job', async () => {
    const run = await runCliCaptured(['why', zip, '--json']);
    expect(run.code).toBe(1);
    const d = JSON.parse(run.stdout) as Diagnosis;
    expect(d.jobs?.map((j) => [j.job, j.verdict])).toEqual([
      ['build', 'failed'],
      ['publish', 'failed'],
      ['docs', 'succeeded'],
    ]);
    const [build, publish, docs] = d.jobs!;
    expect(build!.failingStep).toMatchObject({ name: 'Run npm run build', exitCode: 2, job: 'build' });
    expect(build!.causes.map((c) => c.signature)).toEqual(['typescript-error']);
    expect(publish!.failingStep).toMatchObject({ name: 'Run npm publish', exitCode: 1, job: 'publish' });
    expect(publish!.causes.map((c) => c.signature)).toEqual(['npm-need-auth']);
    expect(docs!.failingStep).toBeNull();
    expect(docs!.causes).toEqual([]);
    // Top level: the first job that failed, in the issue's shape.
    expect(d).toMatchObject({ verdict: 'failed', failingStep: build!.failingStep, causes: build!.causes });
    expect(d.noise).toEqual(build!.noise);
    // Each cited line says which job (and step) it is in; no job's lines are cited in another's.
    for (const j of d.jobs!) {
      for (const e of allEvidence(j)) expect(e).toMatchObject({ job: j.job, step: j.failingStep!.name });
    }
    expect(allEvidence(build!).map((e) => e.line)).toEqual([7, 8]);
    expect(allEvidence(publish!).map((e) => e.line)).toEqual([7, 8]);
  });

  it('cites `job › L<n>` in text, with a section per job (the same L7 in two jobs is not confused)', async () => {
    const run = await runCliCaptured(['why', zip]);
    expect(run.code).toBe(1);
    const out = run.stdout;
    expect(out).toMatch(/^Verdict: FAILED - 3 jobs: 2 failed, 1 succeeded/);
    const sections = ['Job build: FAILED', 'Job publish: FAILED', 'Job docs: SUCCEEDED'].map((s) =>
      out.indexOf(s),
    );
    expect(sections.every((i) => i > 0)).toBe(true);
    expect([...sections].sort((a, b) => a - b)).toEqual(sections);
    const buildPart = out.slice(sections[0], sections[1]);
    const publishPart = out.slice(sections[1], sections[2]);
    expect(buildPart).toMatch(/Failing step: Run npm run build - exit code 2/);
    expect(buildPart).toMatch(/build › L7 {2}src\/index\.ts\(3,1\): error TS2304/);
    expect(publishPart).toMatch(/Failing step: Run npm publish - exit code 1/);
    expect(publishPart).toMatch(/publish › L7 {2}npm error code ENEEDAUTH/);
    expect(out).not.toMatch(/^\s+L\d+ {2}/m);
  });

  it('renders a markdown section per job with `job › L<n>` citations', async () => {
    const run = await runCliCaptured(['why', zip, '--format', 'markdown']);
    const out = run.stdout;
    expect(out).toMatch(/^## Verdict: failed \(2 of 3 jobs failed\)/);
    expect(out).toContain('## Job `build`: failed');
    expect(out).toContain('## Job `publish`: failed');
    // A green job without findings is a row of the table, not a section.
    expect(out).toContain('| `docs` | succeeded |');
    expect(out).not.toContain('## Job `docs`');
    expect(out).toContain('publish › L7  npm error code ENEEDAUTH');
  });

  it('keeps the single-job shape (no "jobs") for a zip of one job', async () => {
    const one = runZip('one.zip', { '0_publish.txt': PUBLISH });
    const d = JSON.parse((await runCliCaptured(['why', one, '--json'])).stdout) as Diagnosis;
    expect(d.jobs).toBeUndefined();
    expect(d.failingStep).toMatchObject({ name: 'Run npm publish', job: 'publish' });
    expect(d.causes[0]!.evidence[0]).toMatchObject({ line: 7, job: 'publish', step: 'Run npm publish' });
  });

  it('exits 0 when every job succeeded, with the first job at the top level', async () => {
    const green = runZip('green.zip', { '0_docs.txt': DOCS, '1_more-docs.txt': DOCS });
    const run = await runCliCaptured(['why', green, '--json']);
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout) as Diagnosis;
    expect(d.verdict).toBe('succeeded');
    expect(d.jobs?.map((j) => j.job)).toEqual(['docs', 'more-docs']);
  });
});

describe('why on `gh run view --log-failed` output with several jobs', () => {
  /** `job<TAB>step<TAB>timestamp line`, as gh prints it. */
  const logFailed = (job: string, step: string, lines: string[]) =>
    lines.map((l, i) => `${job}\t${step}\t2025-01-02T03:04:${String(10 + i).padStart(2, '0')}.1234567Z ${l}`);

  it('gives one diagnosis per job, each with its own failing step and causes', async () => {
    const text = `${[
      ...logFailed('lint', 'Run npx tsc', [
        "src/a.ts(1,1): error TS2304: Cannot find name 'x'.",
        '##[error]Process completed with exit code 2.',
      ]),
      ...logFailed('release', 'Run npm publish', [
        'npm error code ENEEDAUTH',
        '##[error]Process completed with exit code 1.',
      ]),
    ].join('\n')}\n`;
    const d = await diagnoseText(text);
    expect(d.log?.format).toBe('gh-log-failed');
    expect(d.jobs?.map((j) => [j.job, j.failingStep?.name, j.causes.map((c) => c.signature)])).toEqual([
      ['lint', 'Run npx tsc', ['typescript-error']],
      ['release', 'Run npm publish', ['npm-need-auth']],
    ]);
    expect(d.failingStep?.name).toBe('Run npx tsc');
    // --log-failed numbers lines through the whole output.
    expect(d.jobs![1]!.causes[0]!.evidence.map((e) => [e.job, e.line])).toEqual([
      ['release', 3],
      ['release', 4],
    ]);
  });
});

describe("why on the simulator's release-crisis run zip", () => {
  it("puts the hub's compile error first and names each failed job's own step", async () => {
    const sim = await startSimulator({ scenario: 'release-crisis', speed: 0 });
    try {
      sim.advance((sim.endsAt() - sim.simulatedNow()) / 1000 + 5);
      const res = await fetch(`${sim.url}/repos/${sim.owner}/${sim.repo}/actions/runs/${sim.runId}/logs`);
      expect(res.status).toBe(200);
      const file = path.join(dir, 'release-crisis.zip');
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const run = await runCliCaptured(['why', file, '--json']);
      expect(run.code).toBe(1);
      const d = JSON.parse(run.stdout) as Diagnosis;
      expect(d.jobs?.[0]?.job).toBe('build-and-release');
      expect(d.failingStep).toMatchObject({
        job: 'build-and-release',
        name: 'Build multi-platform binaries',
      });
      expect(d.causes[0]!.signature).toBe('go-compile-error');
      expect(d.noise[0]!.count).toBe(6000);
      const failed = Object.fromEntries(
        d.jobs!.filter((j) => j.verdict === 'failed').map((j) => [j.job, j.failingStep?.name]),
      );
      expect(failed).toMatchObject({
        'publish-snap': 'Check Snap Store login',
        'publish-homebrew': 'Push formula to tap',
        'publish-crates': 'Publish to crates.io',
      });
      for (const j of d.jobs!) for (const e of allEvidence(j)) expect(e.job).toBe(j.job);
    } finally {
      await sim.close();
    }
  });
});
