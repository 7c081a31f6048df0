/**
 * @module Turning Octokit's RequestError into our GitHubApiError: one clear line (method, path,
 * status, GitHub's message), the rate-limit verdict when it was one, and never the token.
 */
import { GitHubApiError } from '../errors.ts';
import { classifyRateLimit, type RateLimitVerdict, retryAtOf } from './rate-limit.ts';

export class GitHubRequestError extends GitHubApiError {
  /** Set when the answer was a primary or secondary rate limit. */
  readonly rateLimit: RateLimitVerdict | undefined;
  /** Rate limits only: when GitHub said the limit lifts (ISO, server clock). */
  readonly retryAt: string | undefined;
  /** True for answers worth trying again later (5xx, network, rate limits). */
  readonly transient: boolean;
  constructor(
    message: string,
    status: number | undefined,
    options: {
      rateLimit?: RateLimitVerdict | undefined;
      retryAt?: string | undefined;
      transient: boolean;
      cause?: unknown;
    },
  ) {
    super(message, status, { cause: options.cause });
    this.rateLimit = options.rateLimit;
    this.retryAt = options.retryAt;
    this.transient = options.transient;
  }
}

interface RequestErrorLike {
  status: number;
  message: string;
  response?: { headers: Record<string, string | number | undefined>; data: unknown };
}

function isRequestErrorLike(error: unknown): error is RequestErrorLike {
  return typeof error === 'object' && error !== null && 'status' in error && 'message' in error;
}

function githubMessage(data: unknown, fallback: string): string {
  if (data && typeof data === 'object' && 'message' in data) {
    const message = (data as { message: unknown }).message;
    if (typeof message === 'string') return message;
  }
  if (typeof data === 'string' && data.trim() !== '') return data.trim().slice(0, 200);
  return fallback;
}

/** `what` names the request in words, e.g. "GET /repos/o/r/actions/runs/1". */
export function toGitHubError(error: unknown, what: string): GitHubRequestError {
  if (error instanceof GitHubRequestError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new GitHubRequestError(`${what}: cancelled`, undefined, { transient: false, cause: error });
  }
  if (isRequestErrorLike(error)) {
    const status = error.status;
    const headers = error.response?.headers ?? {};
    const rateLimit = classifyRateLimit(status, headers, error.response?.data);
    const message = githubMessage(error.response?.data, error.message);
    // @octokit/request reports network failures as status 500 with no response.
    const network = error.response === undefined;
    const statusText = network ? 'network error' : `HTTP ${status}`;
    const retryAt = rateLimit ? retryAtOf(rateLimit, headers) : undefined;
    // Whoever gives up on a rate limit must still be able to say when to try again.
    const when = rateLimit
      ? `; wait ${rateLimit.waitSec} s (${rateLimit.evidence}): try again after ${retryAt}`
      : '';
    return new GitHubRequestError(`${what}: ${statusText}: ${message}${when}`, network ? undefined : status, {
      rateLimit,
      retryAt,
      transient: network || status >= 500 || rateLimit !== undefined,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GitHubRequestError(`${what}: ${message}`, undefined, { transient: true, cause: error });
}
