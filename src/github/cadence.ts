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
  /** Last `x-ratelimit-limit` (the hourly budget: 60 without a token, 5000 with one), when known. */
  limit?: number | undefined;
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
/** Keep at most this many requests of the budget untouched for other tools of the same user. */
export const BUDGET_RESERVE = 100;
/** …and never more than this share of the budget (60/hour without a token keeps 6, not all of it). */
export const BUDGET_RESERVE_SHARE = 0.1;
/** GitHub's hourly budget for a caller without a token. */
export const ANONYMOUS_LIMIT = 60;

/** Requests kept in reserve for a budget of `limit` (unknown: `remaining` is the best lower bound). */
export function budgetReserve(limit: number | undefined, remaining: number): number {
  const budget = limit ?? remaining;
  return Math.min(BUDGET_RESERVE, Math.floor(budget * BUDGET_RESERVE_SHARE));
}

/** The next poll, and whether the rate-limit budget (not the run's pace) chose it. */
export interface PollDelay {
  /** Seconds until the next poll. */
  sec: number;
  /** Set when the budget made the poll later than the run's pace would: one line for the user. */
  budgetNote?: string | undefined;
}

/** Seconds until the next poll, or undefined to stop. */
export function nextPollDelaySec(input: CadenceInput): number | undefined {
  return nextPoll(input)?.sec;
}

/** The next poll with the reason when the budget slowed it, or undefined to stop. */
export function nextPoll(input: CadenceInput): PollDelay | undefined {
  if (input.phase === 'done') return undefined;
  const [min, max] =
    input.phase === 'running' ? [RUNNING_MIN_SEC, RUNNING_MAX_SEC] : [QUEUED_MIN_SEC, QUEUED_MAX_SEC];
  // One step per unchanged poll: 3 → 4 → 5 s while running, 15 → 20 → 25 → 30 s while queued.
  const step = input.phase === 'running' ? 1 : 5;
  const pace = Math.min(max, min + step * Math.max(0, input.unchangedPolls));
  let delay = pace;
  let budgetNote: string | undefined;
  const { remaining, resetInSec, limit } = input;
  if (remaining !== undefined && resetInSec !== undefined && resetInSec > 0) {
    // Spread what is left of the budget (minus a reserve) evenly until the reset.
    const usable = remaining - budgetReserve(limit, remaining);
    const spread = usable > 0 ? (resetInSec * input.requestsPerPoll) / usable : resetInSec;
    const budgeted = Math.min(spread, resetInSec + 1);
    if (budgeted > pace) {
      delay = budgeted;
      budgetNote = budgetText(usable > 0, delay, remaining, limit, resetInSec);
    }
  }
  // A rate-limit answer's wait is its own notice (the rate-limit event), not the budget's.
  if (input.backoffSec >= delay) return { sec: input.backoffSec };
  return { sec: delay, ...(budgetNote ? { budgetNote } : {}) };
}

function budgetText(
  polling: boolean,
  delaySec: number,
  remaining: number,
  limit: number | undefined,
  resetInSec: number,
): string {
  const left = `${remaining}${limit !== undefined ? ` of ${limit}` : ''} requests left for ${minutes(resetInSec)}`;
  const what = polling
    ? `slowed by the rate-limit budget: one poll every ${Math.round(delaySec)} s (${left})`
    : `rate-limit budget spent: next poll at the reset in ${minutes(resetInSec)} (${left})`;
  // 60/hour is what GitHub gives a caller without a token.
  return limit !== undefined && limit <= ANONYMOUS_LIMIT
    ? `${what}; without a token GitHub allows ${limit} requests/hour: set GITHUB_TOKEN for 3–5 s updates`
    : what;
}

function minutes(sec: number): string {
  return sec < 90 ? `${Math.round(sec)} s` : `${Math.round(sec / 60)} min`;
}
