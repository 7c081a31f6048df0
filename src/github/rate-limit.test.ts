import { describe, expect, it } from 'vitest';
import { classifyRateLimit, FALLBACK_WAIT_SEC } from './rate-limit.ts';

describe('classifyRateLimit', () => {
  it('uses retry-after first (secondary limit, header only)', () => {
    const verdict = classifyRateLimit(
      403,
      new Headers({ 'retry-after': '17', 'x-ratelimit-remaining': '4000' }),
      '',
    );
    expect(verdict).toEqual({ kind: 'secondary', waitSec: 17, evidence: 'retry-after header' });
  });

  it('recognises a secondary limit from the body alone and waits at least a minute', () => {
    const body = {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    };
    const verdict = classifyRateLimit(403, { 'x-ratelimit-remaining': '4000' }, body);
    expect(verdict).toEqual({ kind: 'secondary', waitSec: FALLBACK_WAIT_SEC, evidence: 'response body' });
  });

  it('waits for x-ratelimit-reset on the server clock when the budget is spent', () => {
    const date = new Date('2026-01-01T00:00:00Z');
    const reset = date.getTime() / 1000 + 120;
    const verdict = classifyRateLimit(
      403,
      new Headers({
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
        date: date.toUTCString(),
      }),
      { message: 'API rate limit exceeded for user ID 1.' },
    );
    expect(verdict?.kind).toBe('primary');
    expect(verdict?.waitSec).toBe(121);
  });

  it('leaves a plain permission 403 alone, and ignores other statuses', () => {
    expect(classifyRateLimit(403, {}, { message: 'Resource not accessible by integration' })).toBeUndefined();
    expect(classifyRateLimit(500, { 'retry-after': '5' }, '')).toBeUndefined();
  });

  it('treats a bare 429 as a secondary limit', () => {
    expect(classifyRateLimit(429, {}, '')?.kind).toBe('secondary');
  });
});
