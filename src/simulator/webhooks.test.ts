import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhooks } from '@octokit/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from './server.ts';

interface Received {
  event: string;
  signature: string | undefined;
  body: string;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function receiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        event: String(req.headers['x-github-event']),
        signature: req.headers['x-hub-signature-256'] as string | undefined,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('webhook deliveries', () => {
  it('sends signed workflow_job and workflow_run events in order as the clock passes them', async () => {
    const secret = "It's a Secret to Everybody";
    const { url, received } = await receiver();
    const sim: RunningSimulator = await startSimulator({
      scenario: 'flaky-rerun',
      speed: 0,
      webhook: { url, secret },
    });
    cleanup.push(() => sim.close());
    await until(() => received.length >= 2);
    const first = received.map((r) => `${r.event}:${(JSON.parse(r.body) as { action: string }).action}`);
    expect(first).toEqual(['workflow_run:requested', 'workflow_job:queued']);

    sim.advance(1e6);
    // jobs: 4 × (queued, in_progress, completed) minus the skipped job's first two; runs: 3 per attempt
    const total = 4 * 3 - 2 + 2 * 3;
    await until(() => received.length >= total);
    expect(received).toHaveLength(total);
    const webhooks = new Webhooks({ secret });
    for (const r of received) expect(await webhooks.verify(r.body, r.signature!)).toBe(true);
    const events = received.map(
      (r) =>
        JSON.parse(r.body) as {
          action: string;
          workflow_job?: { name: string; run_attempt: number; conclusion: string | null };
          workflow_run?: { run_attempt: number; conclusion: string | null };
        },
    );
    const jobCompletions = events
      .filter((e) => e.workflow_job && e.action === 'completed')
      .map((e) => `${e.workflow_job!.run_attempt}:${e.workflow_job!.name}:${e.workflow_job!.conclusion}`);
    expect(jobCompletions).toEqual([
      '1:test:failure',
      '1:publish:skipped',
      '2:test:success',
      '2:publish:success',
    ]);
    const runCompletions = events
      .filter((e) => e.workflow_run && e.action === 'completed')
      .map((e) => `${e.workflow_run!.run_attempt}:${e.workflow_run!.conclusion}`);
    expect(runCompletions).toEqual(['1:failure', '2:success']);
    expect(sim.deliveries().every((d) => d.status === 204)).toBe(true);
  });
});
