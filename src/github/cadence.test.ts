import { describe, expect, it } from 'vitest';
import { budgetReserve, nextPoll, nextPollDelaySec } from './cadence.ts';

const base = { unchangedPolls: 0, requestsPerPoll: 1, backoffSec: 0 };

describe('nextPollDelaySec', () => {
  it('polls every 3–5 s while a job runs, easing off when nothing changes', () => {
    expect(nextPollDelaySec({ ...base, phase: 'running' })).toBe(3);
    expect(nextPollDelaySec({ ...base, phase: 'running', unchangedPolls: 1 })).toBe(4);
    expect(nextPollDelaySec({ ...base, phase: 'running', unchangedPolls: 9 })).toBe(5);
  });

  it('polls every 15–30 s while jobs only wait in the queue', () => {
    expect(nextPollDelaySec({ ...base, phase: 'queued' })).toBe(15);
    expect(nextPollDelaySec({ ...base, phase: 'queued', unchangedPolls: 10 })).toBe(30);
  });

  it('stops at the end', () => {
    expect(nextPollDelaySec({ ...base, phase: 'done' })).toBeUndefined();
  });

  it('spreads a low budget until the reset', () => {
    const token = { ...base, phase: 'running' as const, limit: 5000 };
    // 200 left, 100 kept in reserve, 1800 s to go: one poll every 18 s at most.
    expect(nextPollDelaySec({ ...token, remaining: 200, resetInSec: 1800 })).toBe(18);
    // A healthy budget changes nothing.
    expect(nextPollDelaySec({ ...token, remaining: 4900, resetInSec: 1800 })).toBe(3);
    expect(nextPoll({ ...token, remaining: 4900, resetInSec: 1800 })?.budgetNote).toBeUndefined();
    // Nothing usable left: wait for the reset.
    expect(nextPollDelaySec({ ...token, remaining: 50, resetInSec: 600 })).toBe(600);
    expect(nextPoll({ ...token, remaining: 50, resetInSec: 600 })?.budgetNote).toBe(
      'rate-limit budget spent: next poll at the reset in 10 min (50 of 5000 requests left for 10 min)',
    );
  });

  it('keeps a reserve proportional to the budget, never the whole of it', () => {
    expect(budgetReserve(5000, 4000)).toBe(100);
    expect(budgetReserve(1000, 900)).toBe(100);
    expect(budgetReserve(600, 500)).toBe(60);
    expect(budgetReserve(60, 57)).toBe(6);
    expect(budgetReserve(25, 22)).toBe(2);
    // Limit unknown: what is left is the best lower bound of the budget.
    expect(budgetReserve(undefined, 200)).toBe(20);
  });

  it('without a token (60/hour) keeps polling, slowly, and says why', () => {
    const anonymous = { ...base, phase: 'running' as const, limit: 60, resetInSec: 3600 };
    // 57 left, 6 kept: 51 polls spread over the hour, one every ~71 s (not one poll, then the reset).
    const first = nextPoll({ ...anonymous, remaining: 57 });
    expect(first?.sec).toBeCloseTo(3600 / 51, 5);
    expect(first?.budgetNote).toBe(
      'slowed by the rate-limit budget: one poll every 71 s (57 of 60 requests left for 60 min); without a token GitHub allows 60 requests/hour: set GITHUB_TOKEN for 3–5 s updates',
    );
    // Later in the hour the spread follows what is left.
    expect(nextPollDelaySec({ ...anonymous, remaining: 20, resetInSec: 1400 })).toBeCloseTo(100, 5);
    // Only the reserve left: wait for the reset (a new hour, a new budget).
    expect(nextPollDelaySec({ ...anonymous, remaining: 6, resetInSec: 300 })).toBe(300);
    // A queued run's own pace may already be slower than the budget asks: no note then.
    expect(
      nextPoll({ ...base, phase: 'queued', unchangedPolls: 3, limit: 60, remaining: 57, resetInSec: 1000 }),
    ).toEqual({ sec: 30 });
  });

  it("a rate-limit wait is the rate limit's notice, not the budget's", () => {
    expect(
      nextPoll({ ...base, phase: 'running', backoffSec: 900, limit: 60, remaining: 57, resetInSec: 3600 }),
    ).toEqual({ sec: 900 });
  });

  it('never polls before a rate-limit wait is over', () => {
    expect(nextPollDelaySec({ ...base, phase: 'running', backoffSec: 60 })).toBe(60);
  });
});
