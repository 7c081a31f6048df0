import { describe, expect, it } from 'vitest';
import { nextPollDelaySec } from './cadence.ts';

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
    // 200 left, 100 kept in reserve, 1800 s to go: one poll every 18 s at most.
    expect(nextPollDelaySec({ ...base, phase: 'running', remaining: 200, resetInSec: 1800 })).toBe(18);
    // A healthy budget changes nothing.
    expect(nextPollDelaySec({ ...base, phase: 'running', remaining: 4900, resetInSec: 1800 })).toBe(3);
    // Nothing usable left: wait for the reset.
    expect(nextPollDelaySec({ ...base, phase: 'running', remaining: 50, resetInSec: 600 })).toBe(600);
  });

  it('never polls before a rate-limit wait is over', () => {
    expect(nextPollDelaySec({ ...base, phase: 'running', backoffSec: 60 })).toBe(60);
  });
});
