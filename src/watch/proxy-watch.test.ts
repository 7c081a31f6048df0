/** `watch` behind HTTP_PROXY: every GitHub request goes through the proxy (QA finding F30). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { startProxy, type TestProxy } from '../registries/proxy-test-server.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';

describe('watch behind a proxy', () => {
  let sim: RunningSimulator;
  let proxy: TestProxy;
  beforeAll(async () => {
    // A finished run (startAt past its end): the watch reads it once and ends.
    sim = await startSimulator({ scenario: 'clean-release', startAt: 1e6 });
    proxy = await startProxy();
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
  });

  it('reaches the API (named sim.invalid, which only the proxy resolves) through HTTP_PROXY', async () => {
    const apiUrl = `http://sim.invalid:${new URL(sim.url).port}`;
    const run = await runCliCaptured(
      ['watch', String(sim.runId), '--repo', `${sim.owner}/${sim.repo}`, '--api-url', apiUrl, '--json'],
      { context: { env: { HTTP_PROXY: proxy.url, GH_TOKEN: 'ghp_proxyWATCHtest0123456789abcdefghij' } } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(proxy.seen.some((s) => s.startsWith('CONNECT sim.invalid:'))).toBe(true);
    const final = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { type: string; exitCode: number };
    expect(final).toMatchObject({ type: 'final', exitCode: 0 });
  });
});
