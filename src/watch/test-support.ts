/**
 * @module Test helpers: run the watch loop against a real simulator over loopback HTTP, collecting
 * every event. In webhook mode the simulator POSTs signed deliveries to a real receiver, optionally
 * through a proxy that drops some of them.
 *
 * The simulator's clock stands still and moves only when the watch waits (`advance` by exactly the
 * wait), so what the watch sees at each turn does not depend on how fast this machine runs: a
 * loaded CI machine gets the same polls, deliveries and ordering as an idle one, only later.
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
  /** Scenario seconds per real second of the waits left to Octokit (retry-after); default 40. */
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

/** The roles of every job of the release-crisis scenario, written out by hand (not read from the scenario's own expectations). */
export const CRISIS_ROLES = {
  'build-and-release': 'root-cause',
  'publish-chocolatey': 'cascade',
  'publish-scoop': 'cascade',
  'publish-winget': 'cascade',
  'publish-docker': 'independent-failure',
  'publish-crates': 'independent-failure',
  'publish-snap': 'independent-failure',
  'publish-homebrew': 'independent-failure',
  'publish-aur': 'independent-failure',
  'publish-npm': 'succeeded',
  'publish-pypi': 'succeeded',
  'publish-github-packages': 'succeeded',
  'publish-nix': 'skipped-by-condition',
};

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-5b2e9a';

/** A clock that does not move by itself: the simulator at this speed is frozen between advances. */
const FROZEN_SPEED = 1e-9;
/**
 * Real ms the simulator may take to hand over the deliveries due after an advance. Only a very
 * loaded machine comes near it; reaching it does not fail a test by itself (the deliveries then
 * arrive a turn later, as from a slow GitHub).
 */
const DELIVERY_TIMEOUT_MS = 30_000;

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Moves the simulated clock only when the watch waits. In webhook mode it steps through the
 * moments a delivery is sure to happen (every job's completion, each non-skipped job's queued
 * event, the run's end) and, after each, waits for the simulator to have delivered it; the wait
 * ends early, like the real one, once a delivery is waiting in the receiver.
 */
function virtualTime(sim: RunningSimulator, timeScale: number, receiver: WebhookReceiver | undefined) {
  const marks = receiver
    ? [
        ...sim
          .jobTimeline()
          .flatMap((job) => [job.completedAt, ...(job.conclusion === 'skipped' ? [] : [job.waitingUntil])]),
        sim.endsAt(),
      ].sort((a, b) => a - b)
    : [];
  let nextMark = 0;
  let consumed = 0;

  async function settle(signal: AbortSignal): Promise<void> {
    const now = sim.simulatedNow();
    let due: number | undefined;
    while (nextMark < marks.length && marks[nextMark]! <= now) due = marks[nextMark++];
    if (due === undefined) return;
    // The simulator delivers in time order: one delivery stamped `due` or later means all earlier ones are done.
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    while (!signal.aborted && Date.now() < deadline && !sim.deliveries().some((d) => d.at >= due)) {
      await tick(5);
    }
  }

  const pending = () =>
    receiver ? receiver.counts.accepted + receiver.counts.rejected - consumed > 0 : false;

  const sleep = async (realMs: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) return;
    sim.advance(realMs / timeScale / 1000);
    await settle(signal);
    await tick(0);
  };

  const wrapped: WebhookReceiver | undefined = receiver && {
    get url() {
      return receiver.url;
    },
    get signed() {
      return receiver.signed;
    },
    get counts() {
      return receiver.counts;
    },
    take() {
      const taken = receiver.take();
      consumed += taken.deliveries.length + taken.rejections.length;
      return taken;
    },
    async waitForDelivery(realMs, signal) {
      let leftMs = realMs / timeScale;
      while (!signal.aborted && !pending() && leftMs > 0) {
        const now = sim.simulatedNow();
        const mark = marks.find((m) => m > now);
        const stepMs = Math.max(1, Math.min(leftMs, mark === undefined ? leftMs : mark - now));
        sim.advance(stepMs / 1000);
        leftMs -= stepMs;
        await settle(signal);
        await tick(0);
      }
    },
    close: () => receiver.close(),
  };
  return { sleep, receiver: wrapped };
}

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
    speed: FROZEN_SPEED,
    faults: options.faults,
    startAt: options.startAt,
    ...(receiver ? { webhook: { url: proxy?.url ?? receiver.url, secret: TEST_WEBHOOK_SECRET } } : {}),
  });
  const events: WatchEvent[] = [];
  const time = virtualTime(sim, 1 / speed, receiver);
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
      sleep: time.sleep,
      ...(time.receiver ? { webhooks: { receiver: time.receiver } } : {}),
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
