/**
 * @module When to poll next (pure). Fast while a job runs (its steps move), slow while jobs only
 * wait in the queue, stop at the end; slower when the budget is low, and never before a rate-limit
 * wait is over. All values are seconds on the server's clock; the caller scales them to real time.
 */

export type RunPhase = 'running' | 'queued' | 'done';

export interface CadenceInput {
  phase: RunPhase;
  /** Consecutive polls that changed nothing (all 304 or identical): we ease off a little. */
  unchangedPolls: number;
  /** Last `x-ratelimit-remaining`, when known. */
  remaining?: number | undefined;
  /** Seconds until `x-ratelimit-reset`, when known. */
  resetInSec?: number | undefined;
  /** Requests one poll costs (jobs pages + the occasional run check). */
  requestsPerPoll: number;
  /** Seconds a rate-limit answer told us to wait (0 when none). */
  backoffSec: number;
}

export const RUNNING_MIN_SEC = 3;
export const RUNNING_MAX_SEC = 5;
export const QUEUED_MIN_SEC = 15;
export const QUEUED_MAX_SEC = 30;
/** Keep this many requests of the budget untouched for other tools of the same user. */
export const BUDGET_RESERVE = 100;

/** Seconds until the next poll, or undefined to stop. */
export function nextPollDelaySec(input: CadenceInput): number | undefined {
  if (input.phase === 'done') return undefined;
  const [min, max] =
    input.phase === 'running' ? [RUNNING_MIN_SEC, RUNNING_MAX_SEC] : [QUEUED_MIN_SEC, QUEUED_MAX_SEC];
  // One step per unchanged poll: 3 → 4 → 5 s while running, 15 → 20 → 25 → 30 s while queued.
  const step = input.phase === 'running' ? 1 : 5;
  let delay = Math.min(max, min + step * Math.max(0, input.unchangedPolls));
  if (input.remaining !== undefined && input.resetInSec !== undefined && input.resetInSec > 0) {
    // Spread what is left of the budget (minus a reserve) evenly until the reset.
    const usable = input.remaining - BUDGET_RESERVE;
    const spread = usable > 0 ? (input.resetInSec * input.requestsPerPoll) / usable : input.resetInSec;
    delay = Math.max(delay, Math.min(spread, input.resetInSec + 1));
  }
  return Math.max(delay, input.backoffSec);
}
