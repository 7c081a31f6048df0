/**
 * @module One API request, in GitHub's order: auth (401), concurrency (secondary limit), injected
 * faults, primary rate limit, routing, then ETag/304. Only answers other than 304 (and /rate_limit)
 * cost a unit of the rate limit.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector } from './faults.ts';
import {
  logsGoneBody,
  primaryLimitBody,
  secondaryLimitBody,
  serverErrorBody,
  unauthorizedBody,
} from './github-errors.ts';
import type { LogStore } from './log-store.ts';
import type { RateBudget } from './rate-budget.ts';
import type { Responder } from './responder.ts';
import { notFound, type Reply, type RouteContext, repoRoute } from './routes.ts';

export interface ApiDeps {
  routeCtx(): RouteContext;
  simSeconds(): number;
  faults: FaultInjector;
  budget: RateBudget;
  logs: LogStore;
  token: string | undefined;
  maxConcurrent: number | undefined;
  /** Shared counters: requests in flight and how often maxConcurrent was exceeded. */
  stats: { inflight: number; concurrencyViolations: number };
}

function requestId(): string {
  const hex = (n: number) => randomBytes(n).toString('hex').toUpperCase();
  return `${hex(2)}:${hex(3)}:${hex(4)}`;
}

/** Weak comparison of If-None-Match (a list, or `*`) against an ETag. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (v: string) => v.trim().replace(/^W\//, '');
  return header.split(',').some((v) => v.trim() === '*' || bare(v) === bare(etag));
}

function route(req: IncomingMessage, url: URL, deps: ApiDeps): Reply {
  if (req.method !== 'GET' && req.method !== 'HEAD') return notFound();
  const ctx = deps.routeCtx();
  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!m) return notFound();
  const [, owner, repo, rest = ''] = m as unknown as [string, string, string, string | undefined];
  const ours =
    owner.toLowerCase() === ctx.scenario.owner.toLowerCase() &&
    repo.toLowerCase() === ctx.scenario.repo.toLowerCase();
  return ours ? repoRoute(ctx, deps.simSeconds(), rest, url, String(req.headers.accept ?? '')) : notFound();
}

/** Handles one API request; `charged()` is called when it costs a unit of the rate limit. */
export async function handleApi(
  req: IncomingMessage,
  url: URL,
  out: Responder,
  deps: ApiDeps,
  charged: () => void,
): Promise<void> {
  const { budget, stats } = deps;
  const id = requestId();
  const common: Record<string, string> = {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': id,
    'access-control-expose-headers':
      'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset',
  };
  const auth = req.headers.authorization;
  if (deps.token !== undefined) {
    // Compare without ever echoing what was sent.
    if (!auth) return out.json(401, unauthorizedBody('missing'), common);
    if (auth.replace(/^(token|bearer)\s+/i, '') !== deps.token)
      return out.json(401, unauthorizedBody('bad'), common);
  }
  budget.refresh();
  const limited = () => ({ ...common, ...budget.headers() });
  const charge = () => {
    budget.charge();
    charged();
  };
  const secondary = (status: number, retryAfter: number | null) =>
    out.json(status, secondaryLimitBody(status, id), {
      ...limited(),
      ...(retryAfter === null ? {} : { 'retry-after': String(retryAfter) }),
    });
  if (deps.maxConcurrent !== undefined && stats.inflight > deps.maxConcurrent) {
    stats.concurrencyViolations++;
    return secondary(403, 60);
  }

  const hits = deps.faults.take(url.pathname);
  const hit = (kind: string) => hits.find((h) => h.kind === kind);
  const slow = hit('slow');
  if (slow) await sleep(slow.delayMs);
  const secondaryFault = hit('secondary-limit');
  if (secondaryFault) return secondary(secondaryFault.status ?? 403, secondaryFault.retryAfter);
  const primaryFault = hit('primary-limit');
  if (primaryFault) budget.drain(primaryFault.status ?? 403, primaryFault.retryAfter ?? 60);

  if (url.pathname === '/rate_limit' && req.method === 'GET') {
    // Does not count against the primary limit (GitHub docs).
    const core = budget.core();
    return out.json(200, { resources: { core }, rate: core }, limited());
  }
  if (budget.exhausted) {
    const who = deps.token !== undefined || auth ? 'user ID 1' : '127.0.0.1';
    return out.json(budget.exhaustedStatus, primaryLimitBody(budget.exhaustedStatus, who, id), limited());
  }
  const serverError = hit('server-error');
  if (serverError) {
    charge();
    return out.json(serverError.status ?? 502, serverErrorBody(serverError.status ?? 502), limited());
  }
  if (hit('logs-gone') && /\/logs$/.test(url.pathname)) {
    charge();
    return out.json(410, logsGoneBody(), limited());
  }

  const reply = route(req, url, deps);
  if (reply.redirectToLog) {
    charge();
    const location = deps.logs.issueUrl(reply.redirectToLog, deps.routeCtx().base);
    return out.send(302, '', { ...limited(), location, 'content-length': '0' });
  }
  const isText = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
  let payload = isText ? Buffer.from(reply.body as string | Buffer) : Buffer.from(JSON.stringify(reply.body));
  const headers: Record<string, string> = {
    ...common,
    'content-type': reply.contentType ?? 'application/json; charset=utf-8',
    ...(reply.headers ?? {}),
  };
  if (reply.status === 200) {
    const etag = reply.etag ?? `W/"${createHash('sha256').update(payload).digest('hex')}"`;
    headers.etag = etag;
    headers['cache-control'] = 'private, max-age=60, s-maxage=60';
    headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
    if (etagMatches(req.headers['if-none-match'], etag)) {
      // A 304 does not count against the primary rate limit.
      const { 'content-type': _type, link: _link, ...rest } = headers;
      return out.send(304, '', { ...rest, ...budget.headers() });
    }
  }
  charge();
  if (hit('malformed') && !isText) payload = payload.subarray(0, Math.floor(payload.length / 2));
  return out.send(reply.status, req.method === 'HEAD' ? '' : payload, { ...headers, ...budget.headers() });
}
