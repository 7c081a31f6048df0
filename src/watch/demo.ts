/**
 * @module `shipwatch demo`: the watch loop against our own GitHub API simulator on a free
 * loopback port. No token, no network. The simulator runs the scenario `speed` times faster than
 * real time and the watcher's waits shrink by the same factor, so the requests made (and
 * `requests.perHour`, computed on the scenario clock) are those of watching in real time.
 * By default job updates come as signed webhooks the simulator POSTs to a loopback receiver (as
 * GitHub would through `gh webhook forward`); `poll: true` watches by polling instead.
 */
import { randomBytes } from 'node:crypto';
import { startWebhookReceiver } from '../github/webhook-receiver.ts';
import type { CommandContext } from '../shared/context.ts';
import type { RoleAssignment, WatchAnalysis, WorkflowLike } from './analysis.ts';
import type { WatchEvent } from './events.ts';
import { runWatch } from './run-watch.ts';
import type { WatchResult } from './watch-run.ts';

export const DEMO_SCENARIO = 'release-crisis';
/** Real seconds the whole story should take when no --speed is given. */
export const DEMO_TARGET_SECONDS = 30;
/**
 * The watcher's waits shrink by the speed: past 60×, a 3 s poll is under 50 ms of real time and a
 * scenario with huge durations would poll in a hot loop (QA M5). A longer story just takes longer.
 */
export const DEMO_MAX_AUTO_SPEED = 60;

export interface DemoOptions<W extends WorkflowLike, A extends RoleAssignment> {
  scenario?: string | undefined;
  /** Simulated seconds per real second; default: fit the scenario into DEMO_TARGET_SECONDS. */
  speed?: number | undefined;
  analysis: WatchAnalysis<W, A>;
  onEvent: (event: WatchEvent) => void;
  signal: AbortSignal;
  /** Poll the jobs instead of receiving webhooks. */
  poll?: boolean | undefined;
}

export async function runDemo<W extends WorkflowLike, A extends RoleAssignment>(
  ctx: CommandContext,
  options: DemoOptions<W, A>,
): Promise<WatchResult> {
  const { startSimulator } = await import('../simulator/server.ts');
  // A cold start costs about a second; at speed 30 that would be half a simulated minute.
  await options.analysis.warmUp?.();
  const scenario = options.scenario ?? DEMO_SCENARIO;
  let speed = options.speed;
  if (speed === undefined) {
    // The scenario's length is only known once loaded: start at speed 1, measure, start again.
    const probe = await startSimulator({ scenario, speed: 1 });
    const seconds = (probe.endsAt() - probe.simulatedNow()) / 1000;
    await probe.close();
    speed = Math.min(DEMO_MAX_AUTO_SPEED, Math.max(1, seconds / DEMO_TARGET_SECONDS));
  }
  // A fresh secret per demo: the receiver checks every delivery's signature, as it would GitHub's.
  const secret = randomBytes(24).toString('hex');
  const receiver = options.poll
    ? undefined
    : await startWebhookReceiver({ host: '127.0.0.1', port: 0, secret });
  const sim = await startSimulator({
    scenario,
    speed,
    ...(receiver ? { webhook: { url: receiver.url, secret } } : {}),
  }).catch(async (error: unknown) => {
    await receiver?.close();
    throw error;
  });
  try {
    return await runWatch(ctx, {
      target: { kind: 'id', runId: sim.runId },
      repo: `${sim.owner}/${sim.repo}`,
      apiUrl: sim.url,
      anonymous: true,
      timeScale: 1 / speed,
      clock: () => sim.simulatedNow(),
      // A re-run scenario's story is its last attempt: watch until the scenario ends.
      followAttemptsUntil: sim.endsAt(),
      analysis: options.analysis,
      onEvent: options.onEvent,
      signal: options.signal,
      ...(receiver ? { webhooks: { receiver } } : {}),
    });
  } finally {
    await sim.close();
    await receiver?.close();
  }
}
