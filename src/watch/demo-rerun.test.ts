/**
 * The demo of a re-run scenario shows the whole story (QA finding F11): attempt 1 fails on a
 * flaky step, the re-run succeeds, and the demo ends with the latest attempt's roles and exit 0.
 * A real `watch` still ends with the attempt it watched (watch-run.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { exitCodeFor } from './summary.ts';

interface Final {
  type: 'final';
  exitCode: number;
  run: { attempt: number; conclusion: string | null } | null;
  jobs: { name: string; role: string | null }[];
}

describe('demo follows a re-run to the end of its scenario', () => {
  for (const scenario of ['flaky-rerun', 'rerun-failed-jobs']) {
    for (const mode of [['--poll'], []]) {
      it(`${scenario} ${mode.length ? 'polling' : 'webhooks'}: attempt 1 diagnosed, attempt 2 is the result`, async () => {
        const run = await runCliCaptured([
          'demo',
          '--scenario',
          scenario,
          '--speed',
          '60',
          '--json',
          ...mode,
        ]);
        const events = run.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { type: string; job?: string });
        expect(events.some((e) => e.type === 'diagnosis')).toBe(true);
        const final = events.at(-1) as unknown as Final;
        expect(final.type).toBe('final');
        expect(final.run).toMatchObject({ attempt: 2, conclusion: 'success' });
        expect(new Set(final.jobs.map((j) => j.role))).toEqual(new Set(['succeeded']));
        expect(final.exitCode).toBe(0);
        expect(run.code).toBe(0);
      });
    }
  }
});

describe('exit code of a watch', () => {
  it('is 4, not 0, when a job never finished while we watched and nothing failed', () => {
    expect(exitCodeFor(['succeeded', 'running'], 'success')).toBe(4);
    expect(exitCodeFor(['succeeded', 'queued'], null)).toBe(4);
    expect(exitCodeFor(['root-cause', 'running'], 'failure')).toBe(1);
    expect(exitCodeFor(['succeeded', 'skipped-by-condition'], 'success')).toBe(0);
  });
});
