/**
 * The simulator's answers must satisfy the zod schemas the GitHub client validates with, at every
 * stage of every scenario (queued, mid-run, finished).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Job, JobList, WorkflowRun, WorkflowRunList } from '../github/schema.ts';
import { listScenarios } from './scenarios.ts';
import { type RunningSimulator, startSimulator } from './server.ts';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe.each(listScenarios())('scenario %s', (name) => {
  it('parses with the client schemas from start to end', async () => {
    const sim = await startSimulator({ scenario: name, speed: 0 });
    running.push(sim);
    const base = `${sim.url}/repos/${sim.owner}/${sim.repo}/actions`;
    const get = async (path: string) => (await fetch(`${base}${path}`)).json();
    let checked = 0;
    for (const step of [0, 3, 10, 30, 60, 120, 300, 1e6]) {
      sim.advance(step);
      expect(WorkflowRunList.safeParse(await get('/runs')).success).toBe(true);
      expect(WorkflowRun.safeParse(await get(`/runs/${sim.runId}`)).success).toBe(true);
      const list = JobList.safeParse(await get(`/runs/${sim.runId}/jobs?filter=all&per_page=100`));
      expect(list.success).toBe(true);
      for (const job of list.data?.jobs ?? []) {
        expect(Job.safeParse(await get(`/jobs/${job.id}`)).success).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
