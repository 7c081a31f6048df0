/**
 * @module Request accounting: every HTTP request we send, every 304, and the budget GitHub reports.
 * Shown in the live view and in the final `--json` object.
 */

export interface RequestStats {
  /** HTTP requests sent (API calls, conditional or not, plus log downloads). */
  total: number;
  /** Answers of 304 Not Modified: served from the ETag cache, no primary rate-limit cost. */
  notModified: number;
  /** Requests to the blob host that serves job logs (counted in `total` too). */
  logDownloads: number;
  /** Answers that were a rate limit (403/429 with rate-limit signs). */
  rateLimited: number;
  /** Answers with status ≥ 500, or network failures. */
  serverErrors: number;
  /** Last `x-ratelimit-remaining` seen. */
  rateLimitRemaining: number | undefined;
  /** Last `x-ratelimit-limit` seen. */
  rateLimitLimit: number | undefined;
  /** Last `x-ratelimit-reset` seen (epoch seconds, server clock). */
  rateLimitReset: number | undefined;
  /** Server clock at the last answer (`date` header, ms), to compare with `rateLimitReset`. */
  serverDate: number | undefined;
}

export function emptyStats(): RequestStats {
  return {
    total: 0,
    notModified: 0,
    logDownloads: 0,
    rateLimited: 0,
    serverErrors: 0,
    rateLimitRemaining: undefined,
    rateLimitLimit: undefined,
    rateLimitReset: undefined,
    serverDate: undefined,
  };
}

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** Records the budget headers of one answer. */
export function recordRateHeaders(stats: RequestStats, headers: Headers): void {
  stats.rateLimitRemaining = intHeader(headers, 'x-ratelimit-remaining') ?? stats.rateLimitRemaining;
  stats.rateLimitLimit = intHeader(headers, 'x-ratelimit-limit') ?? stats.rateLimitLimit;
  stats.rateLimitReset = intHeader(headers, 'x-ratelimit-reset') ?? stats.rateLimitReset;
  const date = headers.get('date');
  if (date) {
    const ms = Date.parse(date);
    if (Number.isFinite(ms)) stats.serverDate = ms;
  }
}

/** Wraps a fetch so that every request and its answer are counted in `stats`. */
export function countingFetch(fetchFn: typeof fetch, stats: RequestStats): typeof fetch {
  return async (input, init) => {
    stats.total += 1;
    let response: Response;
    try {
      response = await fetchFn(input, init);
    } catch (error) {
      stats.serverErrors += 1;
      throw error;
    }
    if (response.status === 304) stats.notModified += 1;
    if (response.status >= 500) stats.serverErrors += 1;
    recordRateHeaders(stats, response.headers);
    return response;
  };
}

/** Copy safe to hand to renderers (they must not see later mutations mid-render). */
export function snapshotStats(stats: RequestStats): RequestStats {
  return { ...stats };
}
