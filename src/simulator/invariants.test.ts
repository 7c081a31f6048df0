/**
 * Consistency of every scenario as it unfolds, sampled along the scenario clock: what a client sees
 * only moves forward, times are ordered, ETags change only with content, and log lines fall inside
 * their job's window.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listScenarios } from './scenarios.ts';
import { type RunningSimulator, startSimulator } from './server.ts';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

interface Step {
  number: number;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
}
interface Job {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  created_at: string;
  started_at: string;
  completed_at: string | null;
  steps: Step[];
}

const JOB_ORDER = ['waiting', 'queued', 'in_progress', 'completed'];

describe.each(listScenarios())('scenario %s', (name) => {
  it('only moves forward, with ordered times and stable ETags', async () => {
    const sim = await startSimulator({ scenario: name, speed: 0 });
    running.push(sim);
    const base = `${sim.url}/repos/${sim.owner}/${sim.repo}/actions/runs/${sim.runId}`;
    const seen = new Map<number, Job>();
    let lastAttempt = 1;
    let lastRunStatus = 'queued';
    const total = (sim.endsAt() - sim.simulatedNow()) / 1000;
    for (let i = 0; i <= 40; i++) {
      const runRes = await fetch(base);
      const run = (await runRes.json()) as { status: string; run_attempt: number };
      // Same moment, same content, same ETag.
      expect((await fetch(base)).headers.get('etag')).toBe(runRes.headers.get('etag'));
      if (run.run_attempt === lastAttempt) {
        // Within an attempt: never back to queued, nothing after completed (waiting ⇄ in_progress is fine).
        if (run.status === 'queued') expect(lastRunStatus).toBe('queued');
        if (lastRunStatus === 'completed') expect(run.status).toBe('completed');
      } else {
        expect(run.run_attempt).toBe(lastAttempt + 1);
        lastAttempt = run.run_attempt;
      }
      lastRunStatus = run.status;
      const jobs: Job[] = [];
      let next: string | undefined = `${base}/jobs?filter=all&per_page=100`;
      while (next) {
        const res: Response = await fetch(next);
        jobs.push(...((await res.json()) as { jobs: Job[] }).jobs);
        next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      }
      for (const job of jobs) {
        const before = seen.get(job.id);
        if (before) {
          expect(JOB_ORDER.indexOf(job.status), job.name).toBeGreaterThanOrEqual(
            JOB_ORDER.indexOf(before.status),
          );
          if (before.status === 'completed') expect(job).toEqual(before);
        }
        seen.set(job.id, job);
        expect(job.conclusion === null, job.name).toBe(job.status !== 'completed');
        expect(Date.parse(job.started_at)).toBeGreaterThanOrEqual(Date.parse(job.created_at));
        if (job.completed_at)
          expect(Date.parse(job.completed_at)).toBeGreaterThanOrEqual(Date.parse(job.started_at));
        let number = 0;
        let previousEnd = Date.parse(job.started_at);
        for (const step of job.steps) {
          expect(step.number).toBeGreaterThan(number);
          number = step.number;
          if (step.started_at) {
            expect(Date.parse(step.started_at)).toBeGreaterThanOrEqual(previousEnd);
            previousEnd = Date.parse(step.started_at);
          }
          if (step.completed_at) {
            expect(Date.parse(step.completed_at)).toBeGreaterThanOrEqual(Date.parse(step.started_at!));
            previousEnd = Date.parse(step.completed_at);
          }
          expect(step.conclusion === null).toBe(step.status !== 'completed');
        }
      }
      sim.advance(total / 40);
    }
    // Every log line of every job that ran lies within its job's window (timestamps have 100 ns precision).
    sim.advance(1e6);
    const finished: Job[] = [];
    let page: string | undefined = `${base}/jobs?filter=all&per_page=100`;
    while (page) {
      const res: Response = await fetch(page);
      finished.push(...((await res.json()) as { jobs: Job[] }).jobs);
      page = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    // Nothing seen earlier disappears, and everything has completed.
    expect(finished.map((j) => j.id)).toEqual(expect.arrayContaining([...seen.keys()]));
    expect(finished.every((j) => j.status === 'completed')).toBe(true);
    for (const job of finished) {
      if (job.steps.length === 0) continue;
      const res = await fetch(`${sim.url}/repos/${sim.owner}/${sim.repo}/actions/jobs/${job.id}/logs`);
      const lines = (await res.text()).trimEnd().split('\n');
      const first = Date.parse(lines[0]!.slice(0, 23));
      const last = Date.parse(lines.at(-1)!.slice(0, 23));
      expect(first, job.name).toBeGreaterThanOrEqual(Date.parse(job.started_at));
      expect(last, job.name).toBeLessThan(Date.parse(job.completed_at!) + 1000);
    }
  });
});
