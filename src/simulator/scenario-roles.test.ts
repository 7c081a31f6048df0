/**
 * Cross-check of the scenario data: fetch each finished scenario over HTTP exactly as `watch` would
 * (run → workflow file at head_sha → jobs), parse the workflow with our workflow model and assign
 * roles; they must match the scenario's documented `expectedRoles`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiJobLite, assignRoles } from '../analysis/roles.ts';
import { parseWorkflow } from '../workflows/parse.ts';
import { listScenarios } from './scenarios.ts';
import { type RunningSimulator, startSimulator } from './server.ts';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe.each(listScenarios())('scenario %s', (name) => {
  it('yields its expected roles and a workflow file without problems', async () => {
    const sim = await startSimulator({ scenario: name, startAt: 1e6 });
    running.push(sim);
    const base = `${sim.url}/repos/${sim.owner}/${sim.repo}`;
    const run = (await (await fetch(`${base}/actions/runs/${sim.runId}`)).json()) as {
      path: string;
      head_sha: string;
    };
    const text = await (
      await fetch(`${base}/contents/${run.path}?ref=${run.head_sha}`, {
        headers: { accept: 'application/vnd.github.raw' },
      })
    ).text();
    const { workflow, problems } = await parseWorkflow(run.path, text);
    expect(problems).toEqual([]);
    const jobs: ApiJobLite[] = [];
    for (let page = 1; ; page++) {
      const body = (await (
        await fetch(`${base}/actions/runs/${sim.runId}/jobs?per_page=100&page=${page}`)
      ).json()) as {
        total_count: number;
        jobs: ApiJobLite[];
      };
      jobs.push(...body.jobs);
      if (jobs.length >= body.total_count || body.jobs.length === 0) break;
    }
    const roles = Object.fromEntries(assignRoles(jobs, workflow).map((a) => [a.name, a.role]));
    const expected = sim.scenario.expectedRoles;
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    // `'*'` is the role of every job not named.
    const wanted = Object.fromEntries(jobs.map((j) => [j.name, expected[j.name] ?? expected['*']]));
    expect(roles).toEqual(wanted);
  });
});
