/**
 * @module The GitHub client: Octokit with the throttling and retry plugins, an injected fetch and
 * logger, and below Octokit a fetch stack of our own:
 *   ETag cache (If-None-Match on every GET) → one serial queue → request counter → fetch.
 * `timeScale` shrinks every wait (retry-after, retry back-off) for a simulator running faster
 * than real time; against GitHub it is 1.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Logger } from '../shared/logger.ts';
import { deadline } from '../shared/deadline.ts';
import { proxyAwareFetch } from '../registries/proxy-fetch.ts';
import { redact } from '../shared/redact.ts';
import { toGitHubError } from './errors.ts';
import { EtagCache, etagFetch, tokenIdentity } from './etag-cache.ts';
import type { RateLimitKind } from './rate-limit.ts';
import { SerialQueue, queuedFetch } from './request-queue.ts';
import { countingFetch, emptyStats, type RequestStats } from './stats.ts';

export const DEFAULT_API_URL = 'https://api.github.com';
export const API_VERSION = '2022-11-28';

const ShipwatchOctokit = Octokit.plugin(throttling, retry);
export type ShipwatchOctokit = InstanceType<typeof ShipwatchOctokit>;

export interface LimitNotice {
  kind: RateLimitKind;
  /** Seconds GitHub asked us to wait (server clock). */
  retryAfterSec: number;
  /** Whether Octokit retries the request itself after the wait. */
  retrying: boolean;
  /** "GET /repos/..." */
  request: string;
}

export interface GitHubClientOptions {
  /** API root; `--api-url` (GitHub Enterprise: https://HOST/api/v3; the simulator's url). */
  baseUrl?: string | undefined;
  token?: string | undefined;
  fetch: typeof globalThis.fetch;
  /** The command's environment: HTTPS_PROXY / HTTP_PROXY / NO_PROXY route the global fetch through a proxy. */
  env?: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** Real milliseconds per server millisecond (1 / simulator speed); 1 against GitHub. */
  timeScale?: number;
  /** Retries of a 5xx or network failure before giving up (plugin-retry). */
  retries?: number;
  /** Told about every rate-limit answer the throttling plugin sees. */
  onLimit?: (notice: LimitNotice) => void;
  /** Per-request timeout in real milliseconds. */
  requestTimeoutMs?: number;
}

export interface GitHubClient {
  octokit: ShipwatchOctokit;
  stats: RequestStats;
  baseUrl: string;
  timeScale: number;
  /** Counted and queued but unauthenticated and uncached: for the log blob host (never send it the token). */
  rawFetch: typeof globalThis.fetch;
  /** Aborts in-flight and queued requests (Ctrl-C). */
  abort(): void;
  signal: AbortSignal;
  /** GET a route and return its data; errors become GitHubRequestError with a clear message. */
  get(
    route: string,
    params: Record<string, unknown>,
  ): Promise<{ data: unknown; headers: Record<string, unknown> }>;
}

let clientCounter = 0;
/** Longest real wait left to the throttling plugin. */
const MAX_PLUGIN_WAIT_SEC = 10;

/** Statuses whose Response may not carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Every request, body included, within `timeoutMs` (see shared/deadline.ts for why not
 * AbortSignal.timeout): the body is read inside the deadline, so a server that sends headers and
 * then stalls times out too, and the timer is cleared as soon as the answer is complete.
 */
function withSignal(fetchFn: typeof fetch, signal: AbortSignal, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const limit = deadline(timeoutMs, [signal, init?.signal ?? undefined]);
    try {
      const response = await fetchFn(input, { ...init, signal: limit.signal });
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      const buffered = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(buffered, 'url', { value: response.url });
      return buffered;
    } finally {
      limit.clear();
    }
  };
}

function octokitLogger(logger: Logger) {
  const line = (args: unknown[]) =>
    redact(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
  return {
    debug: (...args: unknown[]) => logger.debug({}, line(args)),
    info: (...args: unknown[]) => logger.debug({}, line(args)),
    // Octokit's own warnings (deprecations) and errors (already thrown to us) are diagnostics: a
    // stderr line would also break the live view's redraw. SHIPWATCH_DEBUG=1 shows them.
    warn: (...args: unknown[]) => logger.debug({}, line(args)),
    error: (...args: unknown[]) => logger.debug({}, line(args)),
  };
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
  const timeScale = options.timeScale ?? 1;
  const stats = emptyStats();
  const controller = new AbortController();
  const queue = new SerialQueue();
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const routed = proxyAwareFetch(options.fetch, options.env ?? {});
  const counted = countingFetch(withSignal(routed, controller.signal, timeoutMs), stats);
  const serial = queuedFetch(counted, queue);
  const cached = etagFetch(serial, new EtagCache(), tokenIdentity(options.token));
  const describe = (o: { method?: string; url?: string }) =>
    `${o.method ?? 'GET'} ${(o.url ?? '').replace(baseUrl, '')}`;
  clientCounter += 1;

  const octokit = new ShipwatchOctokit({
    auth: options.token,
    baseUrl,
    userAgent: 'shipwatch',
    log: octokitLogger(options.logger),
    // Not `request.retries`: set per request, plugin-retry retries every status, 403/404/410 included.
    request: { fetch: cached },
    throttle: {
      // The plugin keeps its limiters in module-level groups keyed by id; one id per client.
      id: `shipwatch-${clientCounter}`,
      retryAfterBaseValue: 1000 * timeScale,
      fallbackSecondaryRateRetryAfter: 60,
      onSecondaryRateLimit: (retryAfter, requestOptions, _octokit, retryCount) => {
        stats.rateLimited += 1;
        // Octokit's wait cannot be cancelled (Ctrl-C): it takes short waits only and leaves long ones
        // to the caller, whose wait can.
        const retrying = retryCount < 2 && retryAfter * timeScale <= MAX_PLUGIN_WAIT_SEC;
        options.onLimit?.({
          kind: 'secondary',
          retryAfterSec: retryAfter,
          retrying,
          request: describe(requestOptions),
        });
        return retrying;
      },
      onRateLimit: () => {
        stats.rateLimited += 1;
        // A spent primary budget can mean an hour's wait: the caller waits (measured on the server's
        // `date`, which the plugin ignores) and says so; Octokit must not retry blindly.
        return false;
      },
    },
    retry: {
      retries: options.retries ?? 3,
      // 403/429 belong to the throttling plugin; 404/410 are answers, not failures.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      retryAfterBaseValue: 1000 * timeScale,
    },
  });
  octokit.hook.before('request', (requestOptions) => {
    requestOptions.headers['x-github-api-version'] = API_VERSION;
  });

  return {
    octokit,
    stats,
    baseUrl,
    timeScale,
    rawFetch: serial,
    signal: controller.signal,
    abort: () => controller.abort(),
    async get(route, params) {
      try {
        const response = await octokit.request(route, params);
        return { data: response.data, headers: response.headers as Record<string, unknown> };
      } catch (error) {
        const [, path = route] = route.split(' ');
        const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? `{${name}}`));
        throw toGitHubError(error, `GET ${filled}`);
      }
    },
  };
}
