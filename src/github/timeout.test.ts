/**
 * A request to a server that never answers must fail within the client's timeout, even when a
 * garbage collection runs meanwhile (AbortSignal.any drops a timeout signal nobody references, and
 * the request then waited forever: QA finding F14).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadline } from '../shared/deadline.ts';
import { silentLogger } from '../shared/logger.ts';
import { createGitHubClient } from './client.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

describe('request timeout', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a hanging API fails after the timeout, garbage collection or not', async () => {
    const client = createGitHubClient({
      baseUrl: url,
      fetch: globalThis.fetch,
      logger: silentLogger,
      retries: 0,
      requestTimeoutMs: 400,
    });
    const collect = setInterval(gc, 50);
    try {
      const started = Date.now();
      await expect(
        client.get('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { owner: 'a', repo: 'b', run_id: 1 }),
      ).rejects.toThrow(/timeout|timed out|abort/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      clearInterval(collect);
      client.abort();
    }
  });

  it('deadline: fires after its time, follows a parent, and clear() stops it', async () => {
    const fired = deadline(20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(fired.signal.aborted).toBe(true);
    expect((fired.signal.reason as DOMException).name).toBe('TimeoutError');

    const parent = new AbortController();
    const child = deadline(10_000, [parent.signal]);
    parent.abort(new Error('ctrl-c'));
    expect(child.signal.aborted).toBe(true);
    expect((child.signal.reason as Error).message).toBe('ctrl-c');
    child.clear();

    const cleared = deadline(20);
    cleared.clear();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cleared.signal.aborted).toBe(false);
  });
});
