/**
 * The failure lines of the scenarios use real wording: downloading each failed job's log over HTTP
 * and diagnosing it must name the root-cause category the scenario documents, and nothing else may
 * fail without a documented cause.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diagnoseText } from '../logs/why/diagnose.ts';
import { listScenarios } from './scenarios.ts';
import { type RunningSimulator, startSimulator } from './server.ts';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe.each(listScenarios())('scenario %s', (name) => {
  it('diagnoses each failed job with the documented cause category', async () => {
    const sim = await startSimulator({ scenario: name, startAt: 1e6 });
    running.push(sim);
    const base = `${sim.url}/repos/${sim.owner}/${sim.repo}`;
    const jobs: { id: number; name: string; conclusion: string }[] = [];
    let next: string | undefined = `${base}/actions/runs/${sim.runId}/jobs?filter=all&per_page=100`;
    while (next) {
      const res: Response = await fetch(next);
      jobs.push(...((await res.json()) as { jobs: typeof jobs }).jobs);
      next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    const found: Record<string, string | undefined> = {};
    for (const job of jobs.filter((j) => j.conclusion === 'failure')) {
      const diagnosis = await diagnoseText(await (await fetch(`${base}/actions/jobs/${job.id}/logs`)).text());
      expect(diagnosis.verdict, job.name).toBe('failed');
      found[job.name] = diagnosis.causes[0]?.category;
    }
    expect(found).toEqual(sim.scenario.expectedCauses);
  });
});
