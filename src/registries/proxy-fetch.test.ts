import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../github/client.ts';
import { listJobs } from '../github/jobs.ts';
import { getRun } from '../github/runs.ts';
import { silentLogger } from '../shared/logger.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { proxyAwareFetch } from './proxy-fetch.ts';
import { close, listen, startProxy, type TestProxy } from './proxy-test-server.ts';
import { createServer } from 'node:http';

const PASSWORD = 'gh-proxy-pw-9f2';

describe('the GitHub client behind HTTP_PROXY (simulator on loopback, named sim.invalid)', () => {
  let sim: RunningSimulator;
  let proxy: TestProxy;
  let apiUrl = '';
  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'release-crisis' });
    proxy = await startProxy();
    // `.invalid` never resolves: only the proxy knows it is 127.0.0.1.
    apiUrl = `http://sim.invalid:${new URL(sim.url).port}`;
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
  });
  const client = (env: Record<string, string>) =>
    createGitHubClient({ baseUrl: apiUrl, fetch: globalThis.fetch, env, logger: silentLogger, retries: 0 });

  it('sends the run and jobs requests through the proxy, with its credentials', async () => {
    const gh = client({ HTTP_PROXY: proxy.url.replace('//', `//me:${PASSWORD}@`) });
    const ref = { owner: sim.owner, repo: sim.repo };
    const run = await getRun(gh, ref, sim.runId);
    expect(run.id).toBe(sim.runId);
    expect((await listJobs(gh, ref, sim.runId)).length).toBeGreaterThan(0);
    // undici's ProxyAgent tunnels every target with CONNECT.
    expect(
      proxy.seen.filter((s) => s === `CONNECT sim.invalid:${new URL(sim.url).port}`).length,
    ).toBeGreaterThan(0);
    expect(proxy.auth.every((a) => a === `Basic ${Buffer.from(`me:${PASSWORD}`).toString('base64')}`)).toBe(
      true,
    );
    const paths = sim.requestLog().map((r) => r.path);
    expect(paths).toContain(`/repos/${sim.owner}/${sim.repo}/actions/runs/${sim.runId}`);
  });

  it('a proxy that is down: an error naming the proxy, never its password', async () => {
    const gone = createServer();
    const port = await listen(gone);
    await close(gone);
    const gh = client({ HTTP_PROXY: `http://me:${PASSWORD}@127.0.0.1:${port}` });
    const error = await getRun(gh, { owner: sim.owner, repo: sim.repo }, sim.runId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`request through the proxy http://127.0.0.1:${port} failed (ECONNREFUSED)`);
    expect(message).not.toContain(PASSWORD);
  });

  it('leaves an injected fetch, and the global one without proxy variables, as they are', () => {
    const injected: typeof fetch = async () => new Response('');
    expect(proxyAwareFetch(injected, { HTTPS_PROXY: 'http://p:1' })).toBe(injected);
    expect(proxyAwareFetch(globalThis.fetch, { NO_PROXY: '*' })).toBe(globalThis.fetch);
  });
});
