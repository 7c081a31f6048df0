import { afterEach, describe, expect, it } from 'vitest';
import { fetchRecording } from './fetch-recording.ts';
import { scenarioFromRecording } from './recording.ts';
import { parseScenario } from './scenarios.ts';
import { type RunningSimulator, startSimulator } from './server.ts';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

interface Job {
  id: number;
  name: string;
  run_attempt: number;
  conclusion: string | null;
  completed_at: string | null;
  steps: { name: string; conclusion: string | null }[];
}

async function record(sim: RunningSimulator, token?: string) {
  const recording = await fetchRecording({
    fetch,
    apiUrl: sim.url,
    owner: sim.owner,
    repo: sim.repo,
    runId: sim.runId,
    ...(token ? { token } : {}),
  });
  return { recording, jobs: recording.jobs as unknown as Job[], logs: recording.logs ?? {} };
}

describe.each(['release-crisis', 'flaky-rerun', 'matrix-failfast'])('replaying a recording of %s', (name) => {
  it('gives the same jobs, steps, conclusions and logs, with times within a few seconds', async () => {
    const token = 'ghp_recordingToken00000000000000000000';
    const original = await startSimulator({ scenario: name, startAt: 1e6, token });
    running.push(original);
    const recorded = await record(original, token);
    expect(Object.keys(recorded.logs).length).toBeGreaterThan(0);
    // Each log came through a signed URL of the log host.
    const blobRequests = original.requestLog().filter((r) => r.path.startsWith('/_blobs/'));
    expect(blobRequests.length).toBe(Object.keys(recorded.logs).length);
    const scenario = parseScenario(scenarioFromRecording(recorded.recording, `${name}-replay`), 'recording');
    const replay = await startSimulator({ scenario, startAt: 1e6 });
    running.push(replay);
    const again = await record(replay);

    const shape = (j: Job) => ({
      id: j.id,
      name: j.name,
      attempt: j.run_attempt,
      conclusion: j.conclusion,
      steps: j.steps.map((s) => `${s.name}:${s.conclusion}`),
    });
    expect(again.jobs.map(shape)).toEqual(recorded.jobs.map(shape));
    expect(again.logs).toEqual(recorded.logs);
    expect(again.recording.workflow).toBe(recorded.recording.workflow);
    for (const [i, job] of recorded.jobs.entries()) {
      const drift = Math.abs(Date.parse(again.jobs[i]!.completed_at!) - Date.parse(job.completed_at!)) / 1000;
      expect(drift, job.name).toBeLessThanOrEqual(5);
    }
  });
});
