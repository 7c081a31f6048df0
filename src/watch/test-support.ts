/**
 * @module Test helpers: run the watch loop against a real simulator over loopback HTTP at high
 * speed (waits scaled by the same factor), collecting every event. In webhook mode the simulator
 * POSTs signed deliveries to a real receiver, optionally through a proxy that drops some of them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWebhookReceiver, type WebhookReceiver } from '../github/webhook-receiver.ts';
import { defaultContext } from '../shared/context.ts';
import { type FaultPlan, type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { loadDefaultAnalysis } from './default-analysis.ts';
import type { WatchEvent } from './events.ts';
import { runWatch } from './run-watch.ts';
import type { WatchResult } from './watch-run.ts';

export interface ScenarioWatch {
  events: WatchEvent[];
  result: WatchResult;
  requests: ReturnType<RunningSimulator['requestLog']>;
  /** Webhook mode: what the simulator delivered (status as the proxy or receiver answered). */
  deliveries: ReturnType<RunningSimulator['deliveries']>;
  /** Webhook mode: deliveries the proxy dropped (event, action, job or run name). */
  dropped: string[];
}

/** What a dropping proxy sees of one delivery. */
export interface DeliveryInfo {
  event: string;
  action: string;
  /** Job name (workflow_job) or run name (workflow_run). */
  name: string;
}

export interface WatchScenarioOptions {
  speed?: number;
  faults?: FaultPlan;
  startAt?: number;
  /** Receive webhooks instead of polling. */
  webhooks?: boolean;
  /** Webhook mode: deliveries the proxy answers 200 without passing them on (lost in transit). */
  drop?: (delivery: DeliveryInfo) => boolean;
  /**
   * Webhook mode: deliveries the proxy answers 200 at once but passes on only after the first
   * delivery `releaseAfter` picks (out-of-order delivery, which GitHub does not rule out).
   */
  reorder?: { hold: (delivery: DeliveryInfo) => boolean; releaseAfter: (delivery: DeliveryInfo) => boolean };
  /** Webhook mode: seconds between safety polls (default 60). */
  safetyPollSec?: number;
  /** Webhook mode: called with the receiver once it listens (to send it forged deliveries). */
  onReceiver?: (receiver: WebhookReceiver, sim: RunningSimulator) => Promise<void>;
}

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-5b2e9a';

/** A loopback proxy that passes deliveries on to `target`, dropping or holding back some. */
async function droppingProxy(
  target: string,
  options: Pick<WatchScenarioOptions, 'drop' | 'reorder'>,
  dropped: string[],
): Promise<{ url: string; server: Server }> {
  const held: { headers: Record<string, string>; body: string }[] = [];
  const forward = async (headers: Record<string, string>, body: string) =>
    fetch(target, { method: 'POST', headers, body });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const payload = JSON.parse(body) as {
        action: string;
        workflow_job?: { name: string };
        workflow_run?: { name: string };
      };
      const event = String(req.headers['x-github-event']);
      const info = {
        event,
        action: payload.action,
        name: payload.workflow_job?.name ?? payload.workflow_run?.name ?? '',
      };
      if (options.drop?.(info)) {
        dropped.push(`${info.event}.${info.action} ${info.name}`);
        res.writeHead(200).end();
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'x-github-event', 'x-github-delivery', 'x-hub-signature-256']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      if (options.reorder?.hold(info)) {
        held.push({ headers, body });
        res.writeHead(200).end();
        return;
      }
      const answer = await forward(headers, body);
      if (options.reorder?.releaseAfter(info)) {
        for (const late of held.splice(0)) await forward(late.headers, late.body);
      }
      res.writeHead(answer.status).end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

export async function watchScenario(
  scenario: string,
  options: WatchScenarioOptions = {},
): Promise<ScenarioWatch> {
  const speed = options.speed ?? 40;
  const dropped: string[] = [];
  const receiver = options.webhooks
    ? await startWebhookReceiver({ host: '127.0.0.1', port: 0, secret: TEST_WEBHOOK_SECRET })
    : undefined;
  const proxy =
    receiver && (options.drop || options.reorder)
      ? await droppingProxy(receiver.url, options, dropped)
      : undefined;
  const sim = await startSimulator({
    scenario,
    speed,
    faults: options.faults,
    startAt: options.startAt,
    ...(receiver ? { webhook: { url: proxy?.url ?? receiver.url, secret: TEST_WEBHOOK_SECRET } } : {}),
  });
  const events: WatchEvent[] = [];
  try {
    if (receiver) await options.onReceiver?.(receiver, sim);
    const result = await runWatch(defaultContext({ env: {} }), {
      target: { kind: 'id', runId: sim.runId },
      repo: `${sim.owner}/${sim.repo}`,
      apiUrl: sim.url,
      anonymous: true,
      timeScale: 1 / speed,
      clock: () => sim.simulatedNow(),
      analysis: await loadDefaultAnalysis(),
      onEvent: (event) => events.push(event),
      signal: new AbortController().signal,
      ...(receiver ? { webhooks: { receiver } } : {}),
      ...(options.safetyPollSec ? { safetyPollSec: options.safetyPollSec } : {}),
    });
    return { events, result, requests: sim.requestLog(), deliveries: sim.deliveries(), dropped };
  } finally {
    await sim.close();
    await receiver?.close();
    if (proxy) await new Promise((resolve) => proxy.server.close(resolve));
  }
}

export function rolesByName(watch: ScenarioWatch): Record<string, string | null> {
  return Object.fromEntries(watch.result.final.jobs.map((job) => [job.name, job.role]));
}

export function eventsOf<T extends WatchEvent['type']>(
  watch: ScenarioWatch,
  type: T,
): Extract<WatchEvent, { type: T }>[] {
  return watch.events.filter((event): event is Extract<WatchEvent, { type: T }> => event.type === type);
}
