import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listScenarios, startSimulator } from '../simulator/server.ts';
import { CRISIS_ROLES, eventsOf, rolesByName, TEST_WEBHOOK_SECRET, watchScenario } from './test-support.ts';

const LOG_PATH = /^\/repos\/[^/]+\/[^/]+\/actions\/jobs\/(\d+)\/logs$/;
const JOBS_PATH = /\/actions\/runs\/\d+\/jobs$/;

describe('webhook mode gives the same roles as polling (real HTTP, signed deliveries)', () => {
  for (const name of listScenarios()) {
    it(`${name}`, async () => {
      const probe = await startSimulator({ scenario: name });
      const attempts = probe.scenario.attempts.length;
      await probe.close();
      const options = attempts > 1 ? { startAt: 100_000 } : {};
      const polled = await watchScenario(name, options);
      const pushed = await watchScenario(name, { ...options, webhooks: true });
      expect(rolesByName(pushed)).toEqual(rolesByName(polled));
      expect(pushed.result.final.summary).toBe(polled.result.final.summary);
      expect(pushed.result.exitCode).toBe(polled.result.exitCode);
      // The deliveries really fed the watch (and were all signed correctly).
      expect(pushed.result.final.webhooks?.applied).toBeGreaterThan(0);
      expect(pushed.result.final.webhooks?.rejected).toBe(0);
      // The same failures diagnosed, each log fetched once.
      const diagnosed = (w: typeof pushed) =>
        eventsOf(w, 'diagnosis')
          .map((d) => d.job)
          .sort();
      expect(diagnosed(pushed)).toEqual(diagnosed(polled));
      const logs = pushed.requests.filter((r) => LOG_PATH.test(r.path));
      expect(new Set(logs.map((r) => r.path)).size).toBe(logs.length);
    });
  }
});

describe('webhook mode on the release crisis', () => {
  it('costs a handful of API requests: no jobs polling, each failed log fetched once on its completed event', async () => {
    const watch = await watchScenario('release-crisis', { webhooks: true });
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
    const jobLists = watch.requests.filter((r) => JOBS_PATH.test(r.path));
    // The initial list, the one at completion, and at most one per safety poll (≤ 2 in 2 minutes).
    expect(jobLists.length).toBeLessThanOrEqual(4);
    const logs = watch.requests.filter((r) => LOG_PATH.test(r.path));
    expect(logs).toHaveLength(6);
    // Diagnosed while the run was still going, as the completed events came in.
    const runDone = watch.events.findIndex((e) => e.type === 'run' && e.run.status === 'completed');
    expect(watch.events.findIndex((e) => e.type === 'diagnosis')).toBeLessThan(runDone);
  });

  it('a delivery with a bad signature is rejected (401) and changes nothing', async () => {
    const forged = (runId: number) =>
      JSON.stringify({
        action: 'completed',
        workflow_job: {
          id: 1,
          run_id: runId,
          run_attempt: 1,
          name: 'publish-npm',
          status: 'completed',
          conclusion: 'failure',
          steps: [],
        },
        repository: { full_name: 'Michael-A-Kuykendall/contextlite' },
      });
    let status = 0;
    const watch = await watchScenario('release-crisis', {
      webhooks: true,
      async onReceiver(receiver, sim) {
        const body = forged(sim.runId);
        const res = await fetch(receiver.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'workflow_job',
            'x-hub-signature-256': `sha256=${createHmac('sha256', `${TEST_WEBHOOK_SECRET}-wrong`).update(body).digest('hex')}`,
          },
          body,
        });
        status = res.status;
      },
    });
    expect(status).toBe(401);
    expect(eventsOf(watch, 'webhook-rejected')).toHaveLength(1);
    expect(watch.result.final.webhooks?.rejected).toBe(1);
    // The forged job never entered the state: no job event for it, no log asked, same 13 jobs.
    expect(eventsOf(watch, 'job').some((e) => e.job.id === 1)).toBe(false);
    expect(watch.requests.some((r) => r.path.endsWith('/actions/jobs/1/logs'))).toBe(false);
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
  });

  it('lost deliveries are repaired by the safety poll: a failed job, a skipped job, the run completion', async () => {
    const watch = await watchScenario('release-crisis', {
      webhooks: true,
      drop: (d) =>
        (d.event === 'workflow_job' &&
          d.action === 'completed' &&
          (d.name === 'publish-docker' || d.name === 'publish-scoop')) ||
        (d.event === 'workflow_run' && d.action === 'completed'),
    });
    expect(watch.dropped.sort()).toEqual([
      'workflow_job.completed publish-docker',
      'workflow_job.completed publish-scoop',
      'workflow_run.completed Publish Packages',
    ]);
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
    expect(watch.result.final.run?.status).toBe('completed');
    // The failed job whose completion was lost is still diagnosed.
    expect(eventsOf(watch, 'diagnosis').map((d) => d.job)).toContain('publish-docker');
    expect(watch.result.exitCode).toBe(1);
  });

  it('every delivery lost (receiver unreachable): the safety poll alone gets the roles right', async () => {
    const watch = await watchScenario('release-crisis', { webhooks: true, drop: () => true });
    expect(watch.result.final.webhooks?.applied).toBe(0);
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
    expect(eventsOf(watch, 'diagnosis')).toHaveLength(6);
  });

  it('a spent budget (403 primary limit on a log): no request before x-ratelimit-reset, although deliveries keep coming', async () => {
    const watch = await watchScenario('release-crisis', {
      webhooks: true,
      faults: [{ kind: 'primary-limit', match: '/logs$', times: 1, retryAfter: 30 }],
    });
    const hit = watch.requests.findIndex((r) => r.status === 403);
    expect(hit).toBeGreaterThan(-1);
    const next = watch.requests[hit + 1]!;
    expect(next.at - watch.requests[hit]!.at).toBeGreaterThanOrEqual(29_000);
    // Deliveries did arrive during the wait (they are applied after it).
    const limitedAt = watch.requests[hit]!.at;
    expect(watch.deliveries.some((d) => d.at > limitedAt && d.at < next.at)).toBe(true);
    expect(eventsOf(watch, 'diagnosis')).toHaveLength(6);
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
  });

  it('deliveries out of order: a late "in_progress" does not move a completed job back', async () => {
    const watch = await watchScenario('release-crisis', {
      webhooks: true,
      reorder: {
        hold: (d) => d.event === 'workflow_job' && d.action === 'in_progress' && d.name === 'publish-docker',
        releaseAfter: (d) =>
          d.event === 'workflow_job' && d.action === 'completed' && d.name === 'publish-docker',
      },
    });
    const docker = eventsOf(watch, 'job')
      .filter((e) => e.job.name === 'publish-docker')
      .map((e) => e.job.status);
    expect(docker.at(-1)).toBe('completed');
    expect(docker.slice(docker.indexOf('completed'))).toEqual(['completed']);
    expect(eventsOf(watch, 'diagnosis').map((d) => d.job)).toContain('publish-docker');
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
  });

  it('a delivery lost mid-run is repaired by the safety poll before the run ends', async () => {
    // homebrew and github-packages complete in the same second, so the run's updated_at alone may
    // tell nothing new; the jobs list comes then when a check races a delivery, and at least every
    // 5 checks. Safety poll every 10 s here (60 s by default).
    const watch = await watchScenario('release-crisis', {
      webhooks: true,
      safetyPollSec: 10,
      drop: (d) => d.event === 'workflow_job' && d.action === 'completed' && d.name === 'publish-homebrew',
    });
    expect(watch.dropped).toEqual(['workflow_job.completed publish-homebrew']);
    const runDone = watch.events.findIndex((e) => e.type === 'run' && e.run.status === 'completed');
    const lost = watch.events.findIndex((e) => e.type === 'diagnosis' && e.job === 'publish-homebrew');
    expect(lost).toBeGreaterThan(-1);
    expect(lost).toBeLessThan(runDone);
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
  });
});
