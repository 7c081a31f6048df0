/**
 * @module Recognising rate limits. GitHub answers 403 or 429; the docs' rules, in order:
 * `retry-after` present → wait that long; `x-ratelimit-remaining: 0` → wait until
 * `x-ratelimit-reset`; otherwise wait at least a minute. Secondary limits show in the headers
 * (`retry-after`) and in the body ("You have exceeded a secondary rate limit"); we look at both.
 */

export type RateLimitKind = 'primary' | 'secondary';

export interface RateLimitVerdict {
  /** Which limit was hit. */
  kind: RateLimitKind;
  /** Seconds to wait on the server's clock before the next request. */
  waitSec: number;
  /** What told us (for the view and tests). */
  evidence: string;
}

const SECONDARY_BODY =
  /secondary rate limit|abuse detection|abuse-rate-limits|too many (concurrent )?requests/i;
const PRIMARY_BODY = /api rate limit exceeded/i;

/** Minimum wait when GitHub gives no hint (docs: "wait for at least one minute"). */
export const FALLBACK_WAIT_SEC = 60;

function header(
  headers: Headers | Record<string, string | number | undefined>,
  name: string,
): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return value === undefined ? undefined : String(value);
}

function bodyMessage(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return '';
}

/**
 * When the limit lifts (ISO, seconds precision), on the server's clock (`date`) when it sent one:
 * the time to tell a user who should try again later.
 */
export function retryAtOf(
  verdict: RateLimitVerdict,
  headers: Headers | Record<string, string | number | undefined>,
  localNowMs: number = Date.now(),
): string {
  const date = Date.parse(header(headers, 'date') ?? '');
  const serverNowMs = Number.isFinite(date) ? date : localNowMs;
  return new Date(serverNowMs + verdict.waitSec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Returns the rate-limit verdict for an answer, or undefined when it is not a rate limit. */
export function classifyRateLimit(
  status: number,
  headers: Headers | Record<string, string | number | undefined>,
  body: unknown,
): RateLimitVerdict | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const message = bodyMessage(body);
  const retryAfter = Number(header(headers, 'retry-after'));
  const remaining = header(headers, 'x-ratelimit-remaining');
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  const date = Date.parse(header(headers, 'date') ?? '');
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && header(headers, 'retry-after') !== undefined) {
    return {
      kind: remaining === '0' ? 'primary' : 'secondary',
      waitSec: retryAfter,
      evidence: 'retry-after header',
    };
  }
  if (remaining === '0') {
    // Measure the wait on the server's own clock (`date`), so a skewed local clock cannot shorten it.
    const serverNowSec = Number.isFinite(date) ? date / 1000 : Date.now() / 1000;
    const waitSec = Number.isFinite(reset)
      ? Math.max(0, Math.ceil(reset - serverNowSec) + 1)
      : FALLBACK_WAIT_SEC;
    return { kind: 'primary', waitSec, evidence: 'x-ratelimit-remaining: 0' };
  }
  if (SECONDARY_BODY.test(message)) {
    return { kind: 'secondary', waitSec: FALLBACK_WAIT_SEC, evidence: 'response body' };
  }
  if (PRIMARY_BODY.test(message)) {
    return { kind: 'primary', waitSec: FALLBACK_WAIT_SEC, evidence: 'response body' };
  }
  if (status === 429) return { kind: 'secondary', waitSec: FALLBACK_WAIT_SEC, evidence: 'status 429' };
  return undefined;
}
