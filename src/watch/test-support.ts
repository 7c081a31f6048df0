/**
 * @module Test helpers: run the watch loop against a real simulator over loopback HTTP at high
 * speed (waits scaled by the same factor), collecting every event.
 */
import { type FaultPlan, type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { defaultContext } from '../shared/context.ts';
import { loadDefaultAnalysis } from './default-analysis.ts';
import type { WatchEvent } from './events.ts';
import { runWatch } from './run-watch.ts';
import type { WatchResult } from './watch-run.ts';

export interface ScenarioWatch {
  events: WatchEvent[];
  result: WatchResult;
  requests: ReturnType<RunningSimulator['requestLog']>;
}

export async function watchScenario(
  scenario: string,
  options: { speed?: number; faults?: FaultPlan; startAt?: number } = {},
): Promise<ScenarioWatch> {
  const speed = options.speed ?? 40;
  const sim = await startSimulator({ scenario, speed, faults: options.faults, startAt: options.startAt });
  const events: WatchEvent[] = [];
  try {
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
    });
    return { events, result, requests: sim.requestLog() };
  } finally {
    await sim.close();
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
