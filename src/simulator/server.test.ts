import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario } from './scenarios.ts';
import { type RunningSimulator, startSimulator } from './server.ts';

const running: RunningSimulator[] = [];
async function start(...args: Parameters<typeof startSimulator>): Promise<RunningSimulator> {
  const sim = await startSimulator(...args);
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

interface ApiStep {
  number: number;
  name: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
}
interface ApiJob {
  id: number;
  run_id: number;
  run_attempt: number;
  name: string;
  status: string;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  steps: ApiStep[];
  html_url: string;
  head_sha: string;
  workflow_name: string;
  runner_name: string | null;
  labels: string[];
}

function repoUrl(sim: RunningSimulator, rest: string): string {
  return `${sim.url}/repos/${sim.owner}/${sim.repo}${rest}`;
}

async function jobs(sim: RunningSimulator, query = 'per_page=100'): Promise<ApiJob[]> {
  const res = await fetch(repoUrl(sim, `/actions/runs/${sim.runId}/jobs?${query}`));
  expect(res.status).toBe(200);
  return ((await res.json()) as { jobs: ApiJob[] }).jobs;
}

describe('release-crisis, once the run is over', () => {
  it('reports the hub failure, the cascades, the independent failures and the successes', async () => {
    const sim = await start({ scenario: 'release-crisis', startAt: 10_000 });
    const all = await jobs(sim);
    const byName = new Map(all.map((j) => [j.name, j]));
    expect(all).toHaveLength(13);
    expect(byName.get('build-and-release')?.conclusion).toBe('failure');
    for (const name of ['publish-chocolatey', 'publish-scoop', 'publish-winget', 'publish-nix']) {
      const job = byName.get(name)!;
      expect(job.status).toBe('completed');
      expect(job.conclusion).toBe('skipped');
      expect(job.steps).toEqual([]);
      expect(job.started_at).toBe(job.completed_at);
      expect(job.runner_name).toBeNull();
    }
    for (const name of [
      'publish-docker',
      'publish-crates',
      'publish-snap',
      'publish-aur',
      'publish-homebrew',
    ]) {
      expect(byName.get(name)?.conclusion).toBe('failure');
    }
    for (const name of ['publish-npm', 'publish-pypi', 'publish-github-packages']) {
      expect(byName.get(name)?.conclusion).toBe('success');
    }
    const hub = byName.get('build-and-release')!;
    expect(hub.run_id).toBe(sim.runId);
    expect(hub.head_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(hub.workflow_name).toBe('Publish Packages');
    expect(hub.labels).toEqual(['ubuntu-latest']);
    const failed = hub.steps.filter((s) => s.conclusion === 'failure');
    expect(failed.map((s) => s.name)).toEqual(['Build multi-platform binaries']);
    expect(hub.steps[0]).toMatchObject({
      number: 1,
      name: 'Set up job',
      status: 'completed',
      conclusion: 'success',
    });
    expect(hub.steps.at(-1)?.name).toBe('Complete job');
    // Post steps and "Complete job" are numbered after a gap, as GitHub does.
    const post = hub.steps.find((s) => s.name.startsWith('Post '))!;
    expect(post.number).toBe(hub.steps.indexOf(post) + 1 + 7);
    expect(hub.steps.find((s) => s.name === 'Create GitHub Release')?.conclusion).toBe('skipped');
    for (const step of hub.steps) expect(step.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const run = (await (await fetch(repoUrl(sim, `/actions/runs/${sim.runId}`))).json()) as Record<
      string,
      unknown
    >;
    expect(run).toMatchObject({ id: sim.runId, status: 'completed', conclusion: 'failure', run_attempt: 1 });
    expect(run.path).toBe('.github/workflows/publish-packages.yml');
  });

  it('serves the hub log in GitHub format: tar noise, the warning, the real error', async () => {
    const sim = await start({ scenario: 'release-crisis', startAt: 10_000 });
    const hub = (await jobs(sim)).find((j) => j.name === 'build-and-release')!;
    const redirect = await fetch(repoUrl(sim, `/actions/jobs/${hub.id}/logs`), { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(location.startsWith(sim.url)).toBe(true);
    const log = await fetch(location);
    expect(log.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await log.text()).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z /);
    const tar = lines.filter(
      (l) =>
        l.includes('/usr/bin/tar: ../../../go/pkg/mod/golang.org/toolchain@') &&
        l.endsWith('Cannot open: File exists'),
    );
    expect(tar.length).toBe(6000);
    expect(new Set(tar.map((l) => l.slice(29))).size).toBeGreaterThan(1000);
    expect(lines.some((l) => l.endsWith('##[group]Run actions/setup-go@v4'))).toBe(true);
    expect(lines.some((l) => l.includes('##[warning]Failed to restore: "/usr/bin/tar" failed'))).toBe(true);
    const errorAt = lines.findIndex((l) => l.endsWith('##[error]Process completed with exit code 1.'));
    expect(errorAt).toBeGreaterThan(6000);
    expect(lines[errorAt - 1]).toContain('undefined: readIORegistry');
    const stamps = lines.map((l) => l.slice(0, 28));
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('uses the real failure wording in the independent spokes', async () => {
    const sim = await start({ scenario: 'release-crisis', startAt: 10_000 });
    const all = await jobs(sim);
    const expected: Record<string, string> = {
      'publish-docker': 'denied: requested access to the resource is denied',
      'publish-crates': 'already exists on crates.io index',
      'publish-snap': 'Exported credentials are no longer valid for the Snap Store.',
      'publish-aur': 'Permission denied (publickey).',
      'publish-homebrew': 'The requested URL returned error: 403',
    };
    for (const [name, text] of Object.entries(expected)) {
      const job = all.find((j) => j.name === name)!;
      const redirect = await fetch(repoUrl(sim, `/actions/jobs/${job.id}/logs`), { redirect: 'manual' });
      const log = await (await fetch(redirect.headers.get('location')!)).text();
      expect(log, name).toContain(text);
      expect(log, name).toMatch(/##\[error\]/);
    }
  });

  it('turns ##[error] lines into check-run annotations', async () => {
    const sim = await start({ scenario: 'release-crisis', startAt: 10_000 });
    const docker = (await jobs(sim)).find((j) => j.name === 'publish-docker')!;
    const res = await fetch(repoUrl(sim, `/check-runs/${docker.id}/annotations`));
    const annotations = (await res.json()) as { annotation_level: string; message: string; path: string }[];
    expect(annotations).toEqual([
      expect.objectContaining({
        path: '.github',
        annotation_level: 'failure',
        message: expect.stringContaining('denied'),
      }),
    ]);
  });
});

describe('time unfolds on the simulated clock', () => {
  it('shows queued, then running steps, then completion; logs 404 until the job completes', async () => {
    const sim = await start({ scenario: 'release-crisis', speed: 0 });
    const first = await jobs(sim);
    // At t=0 only jobs without needs exist, all queued; jobs that need the hub are not listed yet.
    expect(first.map((j) => j.status).filter((s) => s !== 'queued' && s !== 'completed')).toEqual([]);
    expect(first.find((j) => j.name === 'publish-chocolatey')).toBeUndefined();
    const run0 = (await (await fetch(repoUrl(sim, `/actions/runs/${sim.runId}`))).json()) as {
      status: string;
    };
    expect(run0.status).toBe('queued');

    sim.advance(20);
    const hub = (await jobs(sim)).find((j) => j.name === 'build-and-release')!;
    expect(hub.status).toBe('in_progress');
    expect(hub.conclusion).toBeNull();
    expect(hub.steps.find((s) => s.status === 'in_progress')?.name).toBe('Setup Go');
    const pending = hub.steps.filter((s) => s.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((s) => s.started_at === null && s.conclusion === null)).toBe(true);
    const early = await fetch(repoUrl(sim, `/actions/jobs/${hub.id}/logs`), { redirect: 'manual' });
    expect(early.status).toBe(404);

    sim.advance(200);
    const done = (await jobs(sim)).find((j) => j.name === 'build-and-release')!;
    expect(done.status).toBe('completed');
    expect((await fetch(repoUrl(sim, `/actions/jobs/${hub.id}/logs`), { redirect: 'manual' })).status).toBe(
      302,
    );
    expect((await jobs(sim)).find((j) => j.name === 'publish-chocolatey')?.conclusion).toBe('skipped');
  });

  it('advances by itself at the given speed', async () => {
    const sim = await start({ scenario: 'flaky-rerun', speed: 600 });
    const before = sim.simulatedNow();
    await new Promise((r) => setTimeout(r, 400));
    const after = sim.simulatedNow();
    expect(after - before).toBeGreaterThan(60_000);
    const run = (await (await fetch(repoUrl(sim, `/actions/runs/${sim.runId}`))).json()) as {
      status: string;
    };
    expect(run.status).not.toBe('queued');
  });
});

describe('flaky-rerun attempts', () => {
  it('serves attempt 1 (failed), attempt 2 (succeeded), filter=latest and filter=all', async () => {
    const sim = await start({ scenario: 'flaky-rerun', startAt: 100_000 });
    const run = (await (await fetch(repoUrl(sim, `/actions/runs/${sim.runId}`))).json()) as Record<
      string,
      unknown
    >;
    expect(run).toMatchObject({ run_attempt: 2, status: 'completed', conclusion: 'success' });
    expect(run.previous_attempt_url).toBe(repoUrl(sim, `/actions/runs/${sim.runId}/attempts/1`));
    const first = (await (
      await fetch(repoUrl(sim, `/actions/runs/${sim.runId}/attempts/1`))
    ).json()) as Record<string, unknown>;
    expect(first).toMatchObject({ run_attempt: 1, conclusion: 'failure', previous_attempt_url: null });
    expect((await jobs(sim)).map((j) => `${j.run_attempt}:${j.name}:${j.conclusion}`)).toEqual([
      '2:test:success',
      '2:publish:success',
    ]);
    expect((await jobs(sim, 'filter=all')).map((j) => `${j.run_attempt}:${j.name}:${j.conclusion}`)).toEqual([
      '1:test:failure',
      '1:publish:skipped',
      '2:test:success',
      '2:publish:success',
    ]);
    const a1 = (await (await fetch(repoUrl(sim, `/actions/runs/${sim.runId}/attempts/1/jobs`))).json()) as {
      jobs: ApiJob[];
    };
    const test1 = a1.jobs.find((j) => j.name === 'test')!;
    const log = await (await fetch(repoUrl(sim, `/actions/jobs/${test1.id}/logs`))).text();
    expect(log).toContain(
      'npm error network request to https://registry.npmjs.org/esbuild/-/esbuild-0.23.1.tgz failed, reason: read ECONNRESET',
    );
    expect((await fetch(repoUrl(sim, `/actions/runs/${sim.runId}/attempts/3`))).status).toBe(404);
  });
});

describe('ETag and rate limit', () => {
  it('answers 304 to If-None-Match without costing rate limit', async () => {
    const sim = await start({ scenario: 'clean-release', speed: 0 });
    const url = repoUrl(sim, `/actions/runs/${sim.runId}/jobs`);
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(first.headers.get('x-ratelimit-used'))).toBe(5000 - remaining);
    for (let i = 0; i < 3; i++) {
      const again = await fetch(url, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(Number(again.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    }
    sim.advance(30);
    const changed = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(Number(changed.headers.get('x-ratelimit-remaining'))).toBe(remaining - 1);
    const log = sim.requestLog();
    expect(log.filter((r) => r.status === 304)).toHaveLength(3);
    expect(log.filter((r) => r.counted)).toHaveLength(2);
  });

  it('does not count /rate_limit', async () => {
    const sim = await start({ scenario: 'clean-release' });
    const a = (await (await fetch(`${sim.url}/rate_limit`)).json()) as {
      resources: { core: { remaining: number } };
    };
    const b = (await (await fetch(`${sim.url}/rate_limit`)).json()) as {
      resources: { core: { remaining: number } };
    };
    expect(a.resources.core.remaining).toBe(5000);
    expect(b.resources.core.remaining).toBe(5000);
  });
});

describe('pagination', () => {
  it('pages jobs with Link headers', async () => {
    const sim = await start({ scenario: 'release-crisis', startAt: 10_000 });
    const res = await fetch(repoUrl(sim, `/actions/runs/${sim.runId}/jobs?per_page=5`));
    const body = (await res.json()) as { total_count: number; jobs: ApiJob[] };
    expect(body.total_count).toBe(13);
    expect(body.jobs).toHaveLength(5);
    const link = res.headers.get('link')!;
    expect(link).toContain('rel="next"');
    expect(link).toContain('rel="last"');
    const seen = body.jobs.map((j) => j.id);
    let next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    while (next) {
      const page = await fetch(next);
      seen.push(...((await page.json()) as { jobs: ApiJob[] }).jobs.map((j) => j.id));
      next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    }
    expect(new Set(seen).size).toBe(13);
  });
});

describe('auth', () => {
  it('requires the token when one is set and never echoes it', async () => {
    const token = 'ghp_simulatorSecretToken1234567890abcd';
    const sim = await start({ scenario: 'clean-release', token });
    const none = await fetch(repoUrl(sim, '/actions/runs'));
    expect(none.status).toBe(401);
    const bad = await fetch(repoUrl(sim, '/actions/runs'), { headers: { authorization: 'token ghp_wrong' } });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('Bad credentials');
    const good = await fetch(repoUrl(sim, '/actions/runs'), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(good.status).toBe(200);
    const text = await good.text();
    expect(text).not.toContain(token);
    expect([...good.headers.values()].join(' ')).not.toContain(token);
    expect(JSON.stringify(sim.requestLog())).not.toContain(token);
  });
});

describe('faults', () => {
  it('answers a secondary rate limit with GitHub wording and retry-after, then recovers', async () => {
    const sim = await start({
      scenario: 'clean-release',
      faults: [{ kind: 'secondary-limit', match: '/jobs$', after: 1, times: 1, retryAfter: 7 }],
    });
    const url = repoUrl(sim, `/actions/runs/${sim.runId}/jobs`);
    expect((await fetch(url)).status).toBe(200);
    const limited = await fetch(url);
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(((await limited.json()) as { message: string }).message).toMatch(
      /^You have exceeded a secondary rate limit/,
    );
    expect((await fetch(url)).status).toBe(200);
  });

  it('exhausts the primary limit (429 if asked) until the reset', async () => {
    const sim = await start({ scenario: 'clean-release' });
    sim.addFaults([{ kind: 'primary-limit', status: 429, retryAfter: 1 }]);
    const res = await fetch(repoUrl(sim, '/actions/runs'));
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    // Reset and `date` are both on the scenario clock, so `reset - date` is the wait.
    const serverNow = Date.parse(res.headers.get('date')!) / 1000;
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    expect(reset - serverNow).toBeGreaterThanOrEqual(0);
    expect(reset - serverNow).toBeLessThanOrEqual(2);
    expect(((await res.json()) as { message: string }).message).toMatch(/^API rate limit exceeded/);
    expect((await fetch(repoUrl(sim, '/actions/runs'))).status).toBe(429);
    sim.advance(5);
    const after = await fetch(repoUrl(sim, '/actions/runs'));
    expect(after.status).toBe(200);
    expect(Number(after.headers.get('x-ratelimit-remaining'))).toBe(4999);
  });

  it('runs out of its hourly budget and says so', async () => {
    const sim = await start({ scenario: { ...loadScenario('clean-release'), rateLimit: 3 }, speed: 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(repoUrl(sim, '/actions/runs'))).status);
    expect(statuses).toEqual([200, 200, 200, 403]);
    sim.advance(3601);
    expect((await fetch(repoUrl(sim, '/actions/runs'))).status).toBe(200);
  });

  it('serves 5xx, malformed bodies and 410 logs, settable over the control endpoint', async () => {
    const sim = await start({ scenario: 'release-crisis', startAt: 10_000 });
    const control = await fetch(`${sim.url}/_simulator/faults`, {
      method: 'POST',
      body: JSON.stringify([
        { kind: 'server-error', match: '/actions/runs$', status: 503 },
        { kind: 'malformed', match: '/actions/runs/\\d+$' },
        { kind: 'logs-gone' },
      ]),
    });
    expect(control.status).toBe(200);
    expect((await fetch(repoUrl(sim, '/actions/runs'))).status).toBe(503);
    expect((await fetch(repoUrl(sim, '/actions/runs'))).status).toBe(200);
    const malformed = await fetch(repoUrl(sim, `/actions/runs/${sim.runId}`));
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    const job = (await jobs(sim))[0]!;
    expect((await fetch(repoUrl(sim, `/actions/jobs/${job.id}/logs`), { redirect: 'manual' })).status).toBe(
      410,
    );
    await fetch(`${sim.url}/_simulator/faults`, { method: 'DELETE' });
    expect((await fetch(repoUrl(sim, `/actions/jobs/${job.id}/logs`), { redirect: 'manual' })).status).toBe(
      302,
    );
  });

  it('can send a secondary limit without retry-after', async () => {
    const sim = await start({
      scenario: 'clean-release',
      faults: [{ kind: 'secondary-limit', retryAfter: null }],
    });
    const res = await fetch(repoUrl(sim, '/actions/runs'));
    expect(res.status).toBe(403);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(((await res.json()) as { message: string }).message).toContain('secondary rate limit');
  });

  it('answers concurrent requests above maxConcurrent with a secondary limit, serial ones normally', async () => {
    const sim = await start({
      scenario: 'clean-release',
      maxConcurrent: 1,
      faults: [{ kind: 'slow', delayMs: 150, times: 0 }],
    });
    const url = repoUrl(sim, '/actions/runs');
    const parallel = await Promise.all([fetch(url), fetch(url), fetch(url)]);
    expect(parallel.map((r) => r.status).sort()).toEqual([200, 403, 403]);
    for (let i = 0; i < 3; i++) expect((await fetch(url)).status).toBe(200);
    const state = (await (await fetch(`${sim.url}/_simulator/state`)).json()) as {
      concurrencyViolations: number;
    };
    expect(state.concurrencyViolations).toBe(2);
  });

  it('delays slow responses', async () => {
    const sim = await start({ scenario: 'clean-release', faults: [{ kind: 'slow', delayMs: 300 }] });
    const started = Date.now();
    expect((await fetch(repoUrl(sim, '/actions/runs'))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe('releases, assets and contents', () => {
  it('publishes the release when its step completes, with sha256 digests of the served bytes', async () => {
    const sim = await start({ scenario: 'clean-release', speed: 0 });
    expect((await fetch(repoUrl(sim, '/releases/tags/v2.4.0'))).status).toBe(404);
    const latest0 = (await (await fetch(repoUrl(sim, '/releases/latest'))).json()) as { tag_name: string };
    expect(latest0.tag_name).toBe('v2.3.1');
    sim.advance(10_000);
    const release = (await (await fetch(repoUrl(sim, '/releases/tags/v2.4.0'))).json()) as {
      id: number;
      assets: { name: string; digest: string; size: number; browser_download_url: string }[];
    };
    expect(release.assets).toHaveLength(5);
    const { createHash } = await import('node:crypto');
    for (const asset of release.assets) {
      const bytes = Buffer.from(await (await fetch(asset.browser_download_url)).arrayBuffer());
      expect(bytes.length).toBe(asset.size);
      expect(asset.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    }
    const listed = (await (await fetch(repoUrl(sim, `/releases/${release.id}/assets`))).json()) as unknown[];
    expect(listed).toHaveLength(5);
  });

  it('shows a release whose assets are still being uploaded', async () => {
    const finished = await start({ scenario: 'clean-release', startAt: 1e6 });
    const build = (await jobs(finished)).find((j) => j.name === 'Build and release')!;
    const step = build.steps.find((s) => s.name === 'Create GitHub Release')!;
    const fresh = await start({ scenario: 'clean-release', speed: 0 });
    // 2.5 s into the step that creates the release and uploads one asset per second.
    fresh.advance((Date.parse(step.started_at!) - fresh.simulatedNow()) / 1000 + 2.5);
    const partial = (await (await fetch(repoUrl(fresh, '/releases/tags/v2.4.0'))).json()) as {
      id: number;
      assets: { name: string; browser_download_url: string }[];
    };
    expect(partial.assets.map((a) => a.name)).toEqual([
      'widget-2.4.0-linux-amd64.tar.gz',
      'widget-2.4.0-linux-arm64.tar.gz',
    ]);
    const missing = `${partial.assets[0]!.browser_download_url.replace(/[^/]+$/, '')}checksums.txt`;
    expect((await fetch(missing)).status).toBe(404);
    fresh.advance(10);
    const complete = (await (
      await fetch(repoUrl(fresh, `/releases/${partial.id}/assets`))
    ).json()) as unknown[];
    expect(complete).toHaveLength(5);
    expect((await fetch(missing)).status).toBe(200);
  });

  it('serves the workflow file raw and as JSON+base64, agreeing with the jobs', async () => {
    const sim = await start({ scenario: 'release-crisis' });
    const path = '/contents/.github/workflows/publish-packages.yml';
    const raw = await (
      await fetch(repoUrl(sim, `${path}?ref=${sim.scenario.run.headSha}`), {
        headers: { accept: 'application/vnd.github.raw' },
      })
    ).text();
    expect(raw).toContain('needs: build-and-release');
    expect(raw).toContain('publish-nix:');
    const json = (await (await fetch(repoUrl(sim, path))).json()) as {
      encoding: string;
      content: string;
      type: string;
    };
    expect(json).toMatchObject({ type: 'file', encoding: 'base64' });
    expect(Buffer.from(json.content, 'base64').toString('utf8')).toBe(raw);
    expect((await fetch(repoUrl(sim, `${path}?ref=nope`))).status).toBe(404);
    const rawRes = await fetch(repoUrl(sim, path), { headers: { accept: 'application/vnd.github.raw' } });
    const strong = rawRes.headers.get('etag')!;
    expect(strong).toMatch(/^"[0-9a-f]{40}"$/);
    const again = await fetch(repoUrl(sim, path), {
      headers: { accept: 'application/vnd.github.raw', 'if-none-match': strong },
    });
    expect(again.status).toBe(304);
  });
});

describe('release-race', () => {
  it('lets homebrew read the release before it exists and commit a formula with empty checksums', async () => {
    const sim = await start({ scenario: 'release-race', speed: 0 });
    const formula = async () =>
      (
        await fetch(repoUrl(sim, '/contents/homebrew/contextlite.rb'), {
          headers: { accept: 'application/vnd.github.raw' },
        })
      ).text();
    expect(await formula()).toContain('version "1.0.47"');
    sim.advance(20);
    const homebrew = (await jobs(sim)).find((j) => j.name === 'publish-homebrew')!;
    expect(homebrew.steps.find((s) => s.name === 'Get checksums from GitHub API')?.conclusion).toBe(
      'success',
    );
    expect((await fetch(repoUrl(sim, '/releases/tags/v1.0.48'))).status).toBe(404);
    expect(await formula()).toContain('sha256 ""');
    sim.advance(1000);
    expect((await fetch(repoUrl(sim, '/releases/tags/v1.0.48'))).status).toBe(200);
    const all = await jobs(sim);
    expect(all.every((j) => j.conclusion === 'success')).toBe(true);
  });
});

describe('jobTimeline', () => {
  it('gives the planned times the API reports', async () => {
    const sim = await start({ scenario: 'release-crisis', startAt: 1e6 });
    const timeline = sim.jobTimeline();
    expect(timeline).toHaveLength(13);
    for (const job of await jobs(sim)) {
      const planned = timeline.find((t) => t.id === job.id)!;
      expect(planned.name).toBe(job.name);
      expect(planned.conclusion).toBe(job.conclusion);
      expect(Math.floor(planned.completedAt / 1000) * 1000).toBe(Date.parse(job.completed_at!));
    }
    expect(Math.max(...timeline.map((t) => t.completedAt))).toBe(sim.endsAt());
  });
});

describe('matrix-failfast', () => {
  it('names matrix legs, cancels the running leg when one fails, and skips the dependent job', async () => {
    const sim = await start({ scenario: 'matrix-failfast', startAt: 1e6 });
    const all = await jobs(sim);
    expect(all.map((j) => `${j.name}:${j.conclusion}:${j.labels.join(',')}`)).toEqual([
      'build (ubuntu-latest):success:ubuntu-latest',
      'build (macos-latest):cancelled:macos-latest',
      'build (windows-latest):failure:windows-latest',
      'release:skipped:ubuntu-latest',
      'notify:success:ubuntu-latest',
    ]);
    const mac = all.find((j) => j.name === 'build (macos-latest)')!;
    expect(mac.steps.find((s) => s.name === 'Test')?.conclusion).toBe('cancelled');
    const win = all.find((j) => j.name === 'build (windows-latest)')!;
    expect(Date.parse(mac.completed_at!)).toBeGreaterThanOrEqual(Date.parse(win.completed_at!));
    const log = await (await fetch(repoUrl(sim, `/actions/jobs/${mac.id}/logs`))).text();
    expect(log).toContain('##[error]The operation was canceled.');
    const raw = await (
      await fetch(repoUrl(sim, '/contents/.github/workflows/release.yml'), {
        headers: { accept: 'application/vnd.github.raw' },
      })
    ).text();
    expect(raw).toContain(`runs-on: ${'${{'} matrix.os }}`);
    expect(raw).toContain('matrix:');
  });
});

describe('environment approvals', () => {
  it('keeps a job waiting for its reviewer, lists the pending deployment, and marks the run waiting', async () => {
    const sim = await start({ scenario: 'clean-release', speed: 0 });
    const timeline = sim.jobTimeline();
    const pypi = timeline.find((j) => j.name === 'publish-pypi')!;
    expect(pypi.waitingUntil).toBeGreaterThan(pypi.createdAt);
    sim.advance((pypi.createdAt - sim.simulatedNow()) / 1000 + 1);
    const job = (await jobs(sim)).find((j) => j.name === 'publish-pypi')!;
    expect(job.status).toBe('waiting');
    expect(job.steps).toEqual([]);
    const pending = (await (
      await fetch(repoUrl(sim, `/actions/runs/${sim.runId}/pending_deployments`))
    ).json()) as {
      environment: { name: string };
    }[];
    expect(pending.map((p) => p.environment.name)).toEqual(['pypi']);
    // Once everything else is done, the run itself is waiting.
    const othersDone = Math.max(
      ...timeline.filter((j) => j.name !== 'publish-pypi').map((j) => j.completedAt),
    );
    expect(othersDone).toBeLessThan(pypi.waitingUntil);
    sim.advance((othersDone - sim.simulatedNow()) / 1000 + 0.5);
    const run = (await (await fetch(repoUrl(sim, `/actions/runs/${sim.runId}`))).json()) as {
      status: string;
    };
    expect(run.status).toBe('waiting');
    sim.advance((pypi.waitingUntil - sim.simulatedNow()) / 1000 + 0.5);
    expect((await jobs(sim)).find((j) => j.name === 'publish-pypi')?.status).toBe('queued');
    const raw = await (
      await fetch(repoUrl(sim, '/contents/.github/workflows/release.yml'), {
        headers: { accept: 'application/vnd.github.raw' },
      })
    ).text();
    expect(raw).toContain('environment: pypi');
  });
});

describe('quirks', () => {
  it('run-status-least-advanced: the run reads queued while a job waits for a runner', async () => {
    const scenario = { ...loadScenario('release-crisis'), quirks: ['run-status-least-advanced' as const] };
    const plain = await start({ scenario: 'release-crisis', speed: 0 });
    const quirky = await start({ scenario, speed: 0 });
    // The moment the hub fails, chocolatey/scoop/winget are skipped; pick a time when one job runs and
    // another is still queued: the start, after the first runner picked up a job.
    const timeline = plain.jobTimeline().filter((j) => j.conclusion !== 'skipped');
    const firstStart = Math.min(...timeline.map((j) => j.startedAt));
    const queuedLater = timeline.find((j) => j.startedAt > firstStart)!;
    const at = (firstStart + queuedLater.startedAt) / 2;
    for (const sim of [plain, quirky]) sim.advance((at - sim.simulatedNow()) / 1000);
    const status = async (sim: RunningSimulator) =>
      ((await (await fetch(repoUrl(sim, `/actions/runs/${sim.runId}`))).json()) as { status: string }).status;
    expect(await status(plain)).toBe('in_progress');
    expect(await status(quirky)).toBe('queued');
    expect((await jobs(quirky)).some((j) => j.status === 'in_progress')).toBe(true);
  });
});

describe('rerun-failed-jobs', () => {
  it('re-runs only the failed job and its dependent; filter=latest lists just those', async () => {
    const sim = await start({ scenario: 'rerun-failed-jobs', startAt: 1e6 });
    expect((await jobs(sim)).map((j) => `${j.run_attempt}:${j.name}:${j.conclusion}`)).toEqual([
      '2:test:success',
      '2:publish:success',
    ]);
    expect((await jobs(sim, 'filter=all')).map((j) => `${j.run_attempt}:${j.name}:${j.conclusion}`)).toEqual([
      '1:build:success',
      '1:test:failure',
      '1:publish:skipped',
      '2:test:success',
      '2:publish:success',
    ]);
    // The re-run test does not wait for a build: it keeps attempt 1's result.
    const run = (await (await fetch(repoUrl(sim, `/actions/runs/${sim.runId}`))).json()) as {
      run_started_at: string;
    };
    const test2 = (await jobs(sim)).find((j) => j.name === 'test')!;
    expect(Date.parse(test2.started_at) - Date.parse(run.run_started_at)).toBeLessThanOrEqual(5000);
  });
});
