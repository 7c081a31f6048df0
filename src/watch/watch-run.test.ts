import { describe, expect, it } from 'vitest';
import { listScenarios, startSimulator } from '../simulator/server.ts';
import { GitHubRequestError } from '../github/errors.ts';
import { CRISIS_ROLES, eventsOf, rolesByName, watchScenario } from './test-support.ts';

const LOG_PATH = /^\/repos\/[^/]+\/[^/]+\/actions\/jobs\/(\d+)\/logs$/;

describe('roles on every built-in scenario', () => {
  for (const name of listScenarios()) {
    it(`${name}: the roles the scenario declares`, async () => {
      const probe = await startSimulator({ scenario: name });
      const { expectedRoles, attempts } = probe.scenario;
      await probe.close();
      // A re-run scenario declares the roles of its last attempt: watch it once everything is over.
      const watch = await watchScenario(name, attempts.length > 1 ? { startAt: 100_000 } : {});
      const roles = rolesByName(watch);
      // `'*'` is the role of every job the scenario does not name.
      const wanted = Object.fromEntries(
        Object.keys(roles).map((job) => [job, expectedRoles[job] ?? expectedRoles['*'] ?? 'not declared']),
      );
      expect(Object.keys(roles)).toEqual(
        expect.arrayContaining(Object.keys(expectedRoles).filter((k) => k !== '*')),
      );
      expect(roles).toEqual(wanted);
    });
  }
});

describe('watch against the simulator (real HTTP)', () => {
  it('release-crisis: one root cause, its cascades, the independent failures, each failure diagnosed once', async () => {
    const watch = await watchScenario('release-crisis');
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
    const final = watch.result.final;
    expect(final.jobs.find((j) => j.name === 'publish-winget')).toMatchObject({
      needs: ['build-and-release'],
      causedBy: ['build-and-release'],
      conclusion: 'skipped',
    });
    expect(final.summary).toMatch(/1 root cause; 3 cascades; 5 independent failures/);
    expect(watch.result.exitCode).toBe(1);

    // The skip reasons are inferred (the API gives none), and the view says so.
    const cascade = eventsOf(watch, 'role').find((e) => e.job === 'publish-scoop' && e.role === 'cascade');
    expect(cascade?.inferred).toBe(true);

    // Every failed job diagnosed, its log fetched exactly once; skipped jobs never asked for logs.
    const failed = final.jobs.filter((j) => j.conclusion === 'failure').map((j) => j.name);
    expect(
      eventsOf(watch, 'diagnosis')
        .map((d) => d.job)
        .sort(),
    ).toEqual([...failed].sort());
    const logRequests = watch.requests.filter((r) => LOG_PATH.test(r.path));
    expect(logRequests).toHaveLength(failed.length);
    expect(new Set(logRequests.map((r) => r.path)).size).toBe(failed.length);

    // Conditional requests: some polls answered 304, and the counts agree with the server's log.
    expect(final.requests.notModified).toBeGreaterThan(0);
    expect(final.requests.notModified).toBe(watch.requests.filter((r) => r.status === 304).length);
  });

  it('release-crisis: diagnoses a failed job while the run is still going', async () => {
    // Slower replay: the first failure comes ~100 simulated seconds before the end; keep that wide in real time.
    const watch = await watchScenario('release-crisis', { speed: 20 });
    const runDone = watch.events.findIndex((e) => e.type === 'run' && e.run.status === 'completed');
    const firstDiagnosis = watch.events.findIndex((e) => e.type === 'diagnosis');
    expect(firstDiagnosis).toBeGreaterThan(-1);
    expect(firstDiagnosis).toBeLessThan(runDone);
  });

  it('clean-release: everything succeeds, exit 0, no log fetched', async () => {
    const watch = await watchScenario('clean-release');
    const roles = Object.values(rolesByName(watch));
    expect(roles.length).toBeGreaterThan(1);
    expect(new Set(roles)).toEqual(new Set(['succeeded']));
    expect(watch.result.exitCode).toBe(0);
    expect(watch.requests.filter((r) => LOG_PATH.test(r.path))).toHaveLength(0);
  });

  it('flaky-rerun watched live: the run ends with attempt 1 failed (root cause + cascade), exit 1', async () => {
    const first = await watchScenario('flaky-rerun');
    expect(rolesByName(first)).toEqual({ test: 'root-cause', publish: 'cascade' });
    expect(first.result.exitCode).toBe(1);
  });
});

describe('faults', () => {
  it('403 secondary rate limit: backs off, then recovers with the same roles', async () => {
    const watch = await watchScenario('release-crisis', {
      faults: [{ kind: 'secondary-limit', match: '/jobs$', after: 3, times: 3, retryAfter: 5 }],
    });
    const limited = watch.requests.filter((r) => r.status === 403);
    expect(limited.length).toBe(3);
    expect(eventsOf(watch, 'rate-limit').length).toBeGreaterThan(0);
    // Each 403 is followed, later, by a successful request to the same path: recovery.
    const lastLimited = watch.requests.lastIndexOf(limited.at(-1)!);
    expect(
      watch.requests.slice(lastLimited + 1).some((r) => r.path === limited[0]!.path && r.status === 200),
    ).toBe(true);
    expect(rolesByName(watch)['build-and-release']).toBe('root-cause');
    expect(watch.result.final.summary).toMatch(/1 root cause; 3 cascades; 5 independent failures/);
  });

  it('a secondary limit that never clears: the error says how long GitHub asked to wait, and until when', async () => {
    const error = await watchScenario('release-crisis', {
      faults: [{ kind: 'secondary-limit', times: 0, retryAfter: 2 }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubRequestError);
    const limited = error as GitHubRequestError;
    expect(limited.message).toMatch(
      /HTTP 403: .*secondary rate limit.*; wait 2 s \(retry-after header\): try again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(limited.retryAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(limited.message).toContain(limited.retryAt);
  });

  it('giving up after failed polls in a row keeps the retry time of the last rate limit', async () => {
    // Every request after the run itself is limited; fast, so a dozen growing back-offs pass quickly.
    const error = await watchScenario('release-crisis', {
      speed: 4000,
      faults: [{ kind: 'secondary-limit', after: 1, times: 0, retryAfter: 3 }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubRequestError);
    const limited = error as GitHubRequestError;
    expect(limited.message).toMatch(/^giving up after \d+ failed polls in a row: .*try again after \S+Z$/);
    expect(limited.rateLimit?.waitSec).toBe(3);
    expect(limited.retryAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('403 primary limit (budget spent): waits for x-ratelimit-reset, then recovers', async () => {
    const watch = await watchScenario('release-crisis', {
      faults: [{ kind: 'primary-limit', match: '/jobs$', after: 3, times: 1, retryAfter: 30 }],
    });
    const primary = eventsOf(watch, 'rate-limit').filter((e) => e.kind === 'primary');
    expect(primary.length).toBeGreaterThan(0);
    // The next request waits for the reset (30 s on the scenario clock), not a blind retry.
    const hit = watch.requests.findIndex((r) => r.status === 403);
    const next = watch.requests[hit + 1]!;
    expect(next.at - watch.requests[hit]!.at).toBeGreaterThanOrEqual(29_000);
    expect(rolesByName(watch)['build-and-release']).toBe('root-cause');
  });

  it('a rate limit on a log download is waited out, not counted against the log: every failure still diagnosed', async () => {
    const watch = await watchScenario('release-crisis', {
      faults: [{ kind: 'secondary-limit', match: '/logs$', times: 3, retryAfter: 5 }],
    });
    expect(watch.requests.filter((r) => r.status === 403)).toHaveLength(3);
    expect(eventsOf(watch, 'log-unavailable')).toHaveLength(0);
    expect(eventsOf(watch, 'diagnosis')).toHaveLength(6);
  });

  it('workflow file unavailable: said plainly, the watch goes on with roles from job states', async () => {
    const watch = await watchScenario('release-crisis', {
      faults: [{ kind: 'server-error', match: '/contents/', status: 404, times: 0 }],
    });
    const [missing] = eventsOf(watch, 'workflow-unavailable');
    expect(missing?.message).toMatch(/HTTP 404.*roles use job states only/);
    expect(eventsOf(watch, 'workflow')).toHaveLength(0);
    expect(watch.result.final.jobs).toHaveLength(13);
    expect(watch.result.final.jobs.every((j) => j.role !== null)).toBe(true);
    expect(watch.result.exitCode).toBe(1);
  });

  it('5xx: retried, the watch carries on', async () => {
    const watch = await watchScenario('release-crisis', {
      faults: [{ kind: 'server-error', match: '/jobs$', after: 2, times: 2, status: 502 }],
    });
    const errors = watch.requests.filter((r) => r.status === 502);
    expect(errors).toHaveLength(2);
    const retried = watch.requests.indexOf(errors[1]!) + 1;
    expect(watch.requests[retried]).toMatchObject({ path: errors[1]!.path });
    expect(rolesByName(watch)['publish-docker']).toBe('independent-failure');
  });

  it('malformed body: treated as a transient error, the next poll recovers', async () => {
    const watch = await watchScenario('release-crisis', {
      faults: [{ kind: 'malformed', match: '/jobs$', after: 2, times: 1 }],
    });
    expect(eventsOf(watch, 'retry').some((e) => /unexpected answer|JSON/i.test(e.message))).toBe(true);
    expect(rolesByName(watch)['build-and-release']).toBe('root-cause');
  });

  it('404 on logs: tried again on later polls, then a clear "not found" message', async () => {
    const watch = await watchScenario('release-crisis', {
      faults: [{ kind: 'server-error', match: '/logs$', status: 404, times: 0 }],
    });
    const missing = eventsOf(watch, 'log-unavailable');
    expect(missing.map((e) => e.job).sort()).toEqual(
      watch.result.final.jobs
        .filter((j) => j.conclusion === 'failure')
        .map((j) => j.name)
        .sort(),
    );
    for (const event of missing) {
      expect(event.reason).toBe('not-found');
      expect(event.message).toMatch(/not found \(HTTP 404\)/);
    }
    // Jobs that failed while the run went on were asked again before giving up (a log can lag behind).
    const tries = watch.requests.filter((r) => r.status === 404 && r.path.endsWith('/logs'));
    expect(tries.length).toBeGreaterThan(missing.length);
    expect(rolesByName(watch)['build-and-release']).toBe('root-cause');
  });

  it('410 on logs: a clear "expired" message per failed job, no crash, roles intact', async () => {
    const watch = await watchScenario('release-crisis', { faults: [{ kind: 'logs-gone', times: 0 }] });
    const gone = eventsOf(watch, 'log-unavailable');
    expect(gone.length).toBe(6);
    for (const event of gone) {
      expect(event.reason).toBe('expired');
      expect(event.message).toMatch(/expired \(HTTP 410\)/);
    }
    expect(eventsOf(watch, 'diagnosis')).toHaveLength(0);
    expect(rolesByName(watch)['build-and-release']).toBe('root-cause');
    expect(watch.result.exitCode).toBe(1);
  });
});
