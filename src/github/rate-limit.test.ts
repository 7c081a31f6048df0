import { describe, expect, it } from 'vitest';
import { classifyRateLimit, FALLBACK_WAIT_SEC, retryAtOf } from './rate-limit.ts';

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

  it('says when to try again on the server clock (date + the wait), else the local clock', () => {
    const date = new Date('2026-01-01T00:00:00Z');
    const headers = new Headers({ 'retry-after': '90', date: date.toUTCString() });
    const verdict = classifyRateLimit(403, headers, '')!;
    expect(retryAtOf(verdict, headers, Date.parse('2030-05-05T00:00:00Z'))).toBe('2026-01-01T00:01:30Z');
    expect(retryAtOf(verdict, { 'retry-after': '90' }, Date.parse('2030-05-05T00:00:00Z'))).toBe(
      '2030-05-05T00:01:30Z',
    );
  });

  it('leaves a plain permission 403 alone, and ignores other statuses', () => {
    expect(classifyRateLimit(403, {}, { message: 'Resource not accessible by integration' })).toBeUndefined();
    expect(classifyRateLimit(500, { 'retry-after': '5' }, '')).toBeUndefined();
  });

  it('treats a bare 429 as a secondary limit', () => {
    expect(classifyRateLimit(429, {}, '')?.kind).toBe('secondary');
  });
});
