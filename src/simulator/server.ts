/**
 * @module The GitHub API simulator: a real HTTP server on 127.0.0.1 serving a scenario as it unfolds on
 * a simulated clock, with GitHub's headers (ETag/304, x-ratelimit-*, Link), auth, and faults on demand.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FaultPlan, FaultInjector } from './faults.ts';
import { jobLogText, stepLogTexts } from './log-text.ts';
import { downloadRoute, notFound, type Reply, type RouteContext, repoRoute } from './routes.ts';
import type { Scenario } from './scenario-schema.ts';
import { loadScenario } from './scenarios.ts';
import { buildPlan, type JobPlan } from './timeline.ts';
import { type Delivery, WebhookDeliverer, type WebhookTarget } from './webhooks.ts';
import { writeZip } from './zip-writer.ts';

export type { FaultPlan } from './faults.ts';
export type { Delivery, WebhookEventName, WebhookTarget } from './webhooks.ts';
export { listScenarios } from './scenarios.ts';

export interface SimulatorOptions {
  /** A built-in scenario name ('release-crisis' | 'clean-release' | 'flaky-rerun'), a file path, or a loaded scenario. */
  scenario: string | Scenario;
  /** Simulated seconds per real second (default: the scenario's `defaultSpeed`, usually 1). */
  speed?: number;
  /** Port on 127.0.0.1 (default 0 = a free port). */
  port?: number;
  /** Faults active from the start, added to the scenario's own `faults`. */
  faults?: FaultPlan;
  /** If set, API requests must carry it (`Authorization: token …` or `Bearer …`); it is never echoed. */
  token?: string;
  /** Simulated seconds already elapsed when the server starts (to begin mid-run). */
  startAt?: number;
  /** Concurrent API requests above this get a secondary rate limit (overrides the scenario's `maxConcurrent`). */
  maxConcurrent?: number;
  /** Also POST `workflow_job` / `workflow_run` webhook events to this receiver as the run unfolds. */
  webhook?: WebhookTarget;
}

export interface RequestRecord {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** Simulated time of the request, ms since the epoch (the scenario clock). */
  at: number;
  /** Query string including `?`, or ''. */
  query: string;
  /** True when the request cost one unit of the primary rate limit. */
  counted: boolean;
}

export interface JobTimelineEntry {
  id: number;
  name: string;
  attempt: number;
  /** When the job is listed (its needs are done), stops waiting for a reviewer, starts and completes, in scenario ms. */
  createdAt: number;
  waitingUntil: number;
  startedAt: number;
  completedAt: number;
  conclusion: 'success' | 'failure' | 'skipped' | 'cancelled';
}

export interface RunningSimulator {
  /** http://127.0.0.1:PORT — use as Octokit `baseUrl` / `--api-url`. */
  url: string;
  owner: string;
  repo: string;
  runId: number;
  /** The loaded scenario. */
  scenario: Scenario;
  /** ms since the epoch on the scenario clock. */
  simulatedNow(): number;
  /** Simulated ms at which the run's last attempt completes (the story is over). */
  endsAt(): number;
  /** Every request so far, in order (control and blob requests included). */
  requestLog(): RequestRecord[];
  /** Adds fault rules (same as POST /_simulator/faults). */
  addFaults(plan: FaultPlan): void;
  /** Removes all fault rules (same as DELETE /_simulator/faults). */
  clearFaults(): void;
  /** Jumps the simulated clock forward (same as POST /_simulator/advance {"seconds": n}). */
  advance(seconds: number): void;
  /** Webhook deliveries made so far (empty without the `webhook` option). */
  deliveries(): Delivery[];
  /** The planned job timeline (scenario ms), e.g. to measure how soon a watcher reports a completion. */
  jobTimeline(): JobTimelineEntry[];
  close(): Promise<void>;
}

const DOCS_PRIMARY =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits';
const DOCS_SECONDARY =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
/** GitHub's log download links expire after 1 minute. */
const BLOB_TTL_MS = 60_000;

interface Blob {
  expires: number;
  body: Buffer;
  contentType: string;
}

interface RateState {
  limit: number;
  used: number;
  /** epoch seconds */
  reset: number;
  /** status answered while exhausted (403, or 429 when a fault asked for it) */
  exhaustedStatus: number;
  /** forced exhaustion by a fault, until `reset` */
  drained: boolean;
}

function requestId(): string {
  return `${randomBytes(2).toString('hex').toUpperCase()}:${randomBytes(3).toString('hex').toUpperCase()}:${randomBytes(4).toString('hex').toUpperCase()}`;
}

function sanitizeZipName(name: string): string {
  return name.replace(/[/:]/g, '').slice(0, 90).trim();
}

/** Weak comparison of If-None-Match against our (weak) ETag. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (v: string) => v.trim().replace(/^W\//, '');
  return header.split(',').some((v) => v.trim() === '*' || bare(v) === bare(etag));
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const scenario = typeof options.scenario === 'string' ? loadScenario(options.scenario) : options.scenario;
  const plan = buildPlan(scenario);
  const speed = options.speed ?? scenario.defaultSpeed;
  const faults = new FaultInjector([...scenario.faults, ...(options.faults ?? [])]);
  const realStart = Date.now();
  let offsetSeconds = options.startAt ?? 0;
  const simSeconds = () => offsetSeconds + ((Date.now() - realStart) / 1000) * speed;
  const simulatedNow = () => plan.origin + simSeconds() * 1000;
  const log: RequestRecord[] = [];
  const blobs = new Map<string, Blob>();
  const jobLogs = new Map<number, string>();
  const zips = new Map<number, Buffer>();
  const rate: RateState = {
    limit: scenario.rateLimit,
    used: 0,
    reset: Math.floor(simulatedNow() / 1000) + 3600,
    exhaustedStatus: 403,
    drained: false,
  };
  let base = '';
  const maxConcurrent = options.maxConcurrent ?? scenario.maxConcurrent;
  let inflight = 0;
  let concurrencyViolations = 0;

  const routeCtx = (): RouteContext => ({
    scenario,
    plan,
    base,
    jobLog(job: JobPlan) {
      let text = jobLogs.get(job.id);
      if (text === undefined) {
        text = jobLogText(job, plan.origin);
        jobLogs.set(job.id, text);
      }
      return text;
    },
    runZip(attempt: number) {
      let zip = zips.get(attempt);
      if (!zip) {
        const jobs = plan.attempts[attempt - 1]!.jobs.filter((j) => j.steps.length > 0);
        const entries = jobs.flatMap((job, i) => [
          { name: `${i}_${sanitizeZipName(job.name)}.txt`, data: Buffer.from(this.jobLog(job)) },
          ...stepLogTexts(job, plan.origin).map((s) => ({
            name: `${sanitizeZipName(job.name)}/${s.number}_${sanitizeZipName(s.name)}.txt`,
            data: Buffer.from(s.text),
          })),
        ]);
        zip = writeZip(entries, new Date(plan.origin + plan.attempts[attempt - 1]!.end * 1000));
        zips.set(attempt, zip);
      }
      return zip;
    },
  });

  // Rate-limit windows run on the scenario clock, like the `date` header we send: a client that
  // measures waits as `x-ratelimit-reset - date` (and scales them by 1/speed) stays consistent.
  const refreshWindow = () => {
    const now = Math.floor(simulatedNow() / 1000);
    if (now >= rate.reset) {
      rate.used = 0;
      rate.drained = false;
      rate.exhaustedStatus = 403;
      rate.reset = now + 3600;
    }
  };
  const rateHeaders = (): Record<string, string> => ({
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.drained ? 0 : Math.max(0, rate.limit - rate.used)),
    'x-ratelimit-used': String(rate.drained ? rate.limit : rate.used),
    'x-ratelimit-reset': String(rate.reset),
    'x-ratelimit-resource': 'core',
  });

  const handle = async (req: IncomingMessage, res: ServerResponse, record: RequestRecord): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const send = (status: number, body: Buffer | string, headers: Record<string, string>) => {
      record.status = status;
      // The server's clock is the scenario clock.
      res.writeHead(status, { date: new Date(simulatedNow()).toUTCString(), ...headers });
      res.end(body);
    };
    const sendJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      send(status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });

    // Control endpoints for tests: not GitHub, no auth, no rate limit.
    if (path.startsWith('/_simulator/')) {
      if (path === '/_simulator/state' && req.method === 'GET') {
        return sendJson(200, {
          scenario: scenario.name,
          simulatedNow: new Date(simulatedNow()).toISOString(),
          speed,
          requests: log.length,
          concurrencyViolations,
          faults: faults.rules(),
        });
      }
      if (path === '/_simulator/faults' && req.method === 'DELETE') {
        faults.clear();
        return sendJson(200, { faults: [] });
      }
      const body = await readBody(req);
      try {
        if (path === '/_simulator/faults' && req.method === 'POST') {
          const parsed: unknown = JSON.parse(body || '[]');
          faults.add((Array.isArray(parsed) ? parsed : [parsed]) as FaultPlan);
          return sendJson(200, { faults: faults.rules() });
        }
        if (path === '/_simulator/advance' && req.method === 'POST') {
          const seconds = Number((JSON.parse(body || '{}') as { seconds?: unknown }).seconds);
          if (!Number.isFinite(seconds) || seconds < 0)
            return sendJson(422, { message: 'seconds must be >= 0' });
          offsetSeconds += seconds;
          return sendJson(200, { simulatedNow: new Date(simulatedNow()).toISOString() });
        }
      } catch (error) {
        return sendJson(422, { message: `bad control request: ${(error as Error).message}` });
      }
      return sendJson(404, { message: 'Not Found' });
    }

    // Short-lived log URLs (the blob host needs no GitHub auth and does not count against the limit).
    if (path.startsWith('/_blobs/')) {
      const blob = blobs.get(path);
      if (!blob) return send(404, 'BlobNotFound', { 'content-type': 'text/plain' });
      if (Date.now() > blob.expires) {
        return send(403, 'AuthenticationFailed: Signed expiry time has passed.', {
          'content-type': 'text/plain',
        });
      }
      return send(200, blob.body, { 'content-type': blob.contentType });
    }

    const download = /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/.exec(path);
    if (download && req.method === 'GET') {
      const reply = downloadRoute(
        routeCtx(),
        simSeconds(),
        decodeURIComponent(download[3]!),
        decodeURIComponent(download[4]!),
      );
      return send(reply.status, reply.body as Buffer | string, {
        'content-type': reply.contentType ?? 'text/plain',
      });
    }

    // --- the API ---
    const common: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': requestId(),
      'access-control-expose-headers':
        'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset',
    };
    if (options.token !== undefined) {
      const auth = req.headers.authorization;
      if (!auth) {
        return sendJson(
          401,
          {
            message: 'Requires authentication',
            documentation_url: 'https://docs.github.com/rest',
            status: '401',
          },
          common,
        );
      }
      const given = auth.replace(/^(token|bearer)\s+/i, '');
      if (given !== options.token) {
        return sendJson(
          401,
          { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
          common,
        );
      }
    }
    refreshWindow();
    inflight++;
    res.once('close', () => {
      inflight--;
    });
    const secondaryLimit = (status: number, retryAfter: number | null) =>
      sendJson(
        status,
        {
          message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${common['x-github-request-id']}.`,
          documentation_url: DOCS_SECONDARY,
          status: String(status),
        },
        {
          ...common,
          ...rateHeaders(),
          ...(retryAfter === null ? {} : { 'retry-after': String(retryAfter) }),
        },
      );
    if (maxConcurrent !== undefined && inflight > maxConcurrent) {
      concurrencyViolations++;
      return secondaryLimit(403, 60);
    }
    const hits = faults.take(path);
    const slow = hits.find((h) => h.kind === 'slow');
    if (slow) await sleep(slow.delayMs);
    const secondary = hits.find((h) => h.kind === 'secondary-limit');
    if (secondary) return secondaryLimit(secondary.status ?? 403, secondary.retryAfter);
    const primary = hits.find((h) => h.kind === 'primary-limit');
    if (primary) {
      rate.drained = true;
      rate.exhaustedStatus = primary.status ?? 403;
      rate.reset = Math.floor(simulatedNow() / 1000) + (primary.retryAfter ?? 60);
    }
    if (path === '/rate_limit' && req.method === 'GET') {
      // Does not count against the primary limit (GitHub docs).
      const core = {
        limit: rate.limit,
        used: rate.drained ? rate.limit : rate.used,
        remaining: rate.drained ? 0 : Math.max(0, rate.limit - rate.used),
        reset: rate.reset,
      };
      return sendJson(200, { resources: { core }, rate: core }, { ...common, ...rateHeaders() });
    }
    if (rate.drained || rate.used >= rate.limit) {
      const who = options.token !== undefined || req.headers.authorization ? 'user ID 1' : '127.0.0.1';
      return sendJson(
        rate.exhaustedStatus,
        {
          message: `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID ${common['x-github-request-id']}.`,
          documentation_url: DOCS_PRIMARY,
          status: String(rate.exhaustedStatus),
        },
        { ...common, ...rateHeaders() },
      );
    }
    const serverError = hits.find((h) => h.kind === 'server-error');
    if (serverError) {
      rate.used++;
      record.counted = true;
      const status = serverError.status ?? 502;
      return sendJson(
        status,
        { message: 'Server Error', status: String(status) },
        { ...common, ...rateHeaders() },
      );
    }
    if (hits.some((h) => h.kind === 'logs-gone') && /\/logs$/.test(path)) {
      rate.used++;
      record.counted = true;
      return sendJson(
        410,
        {
          message: 'Logs have expired and are no longer available.',
          documentation_url: 'https://docs.github.com/rest',
          status: '410',
        },
        { ...common, ...rateHeaders() },
      );
    }

    let reply: Reply;
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply = notFound();
    } else if (
      repoMatch &&
      repoMatch[1]!.toLowerCase() === scenario.owner.toLowerCase() &&
      repoMatch[2]!.toLowerCase() === scenario.repo.toLowerCase()
    ) {
      reply = repoRoute(routeCtx(), simSeconds(), repoMatch[3]!, url, String(req.headers.accept ?? ''));
    } else {
      reply = notFound();
    }

    if (reply.redirectToLog) {
      rate.used++;
      record.counted = true;
      const ctx = routeCtx();
      const target = reply.redirectToLog;
      const key = `/_blobs/${target.kind === 'job' ? `job-logs/${target.jobId}.txt` : `run-logs/${target.attempt}.zip`}`;
      const sig = randomBytes(16).toString('hex');
      const expires = Date.now() + BLOB_TTL_MS;
      const body =
        target.kind === 'job'
          ? Buffer.from(ctx.jobLog(plan.jobsById.get(target.jobId)!))
          : ctx.runZip(target.attempt);
      // Each redirect gets its own signed URL; old ones keep working until they expire.
      const blobPath = `${key.replace(/\.(txt|zip)$/, '')}-${sig}.${target.kind === 'job' ? 'txt' : 'zip'}`;
      blobs.set(blobPath, {
        expires,
        body,
        contentType: target.kind === 'job' ? 'text/plain; charset=utf-8' : 'application/zip',
      });
      const location = `${base}${blobPath}?sv=2025-05-05&se=${encodeURIComponent(new Date(expires).toISOString())}&sp=r&sig=${sig}`;
      return send(302, '', { ...common, ...rateHeaders(), location, 'content-length': '0' });
    }

    const isText = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
    let payload = isText
      ? Buffer.from(reply.body as string | Buffer)
      : Buffer.from(JSON.stringify(reply.body));
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
        const { 'content-type': _ct, link: _link, ...rest } = headers;
        return send(304, '', { ...rest, ...rateHeaders() });
      }
    }
    rate.used++;
    record.counted = true;
    if (hits.some((h) => h.kind === 'malformed') && !isText)
      payload = payload.subarray(0, Math.floor(payload.length / 2));
    return send(reply.status, req.method === 'HEAD' ? '' : payload, { ...headers, ...rateHeaders() });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: 0,
      at: simulatedNow(),
      counted: false,
    };
    log.push(record);
    handle(req, res, record).catch((error: unknown) => {
      record.status = 500;
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: `simulator bug: ${(error as Error).message}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lastEnd = plan.attempts.at(-1)!.end;
  const webhooks = options.webhook
    ? new WebhookDeliverer(options.webhook, routeCtx(), simSeconds)
    : undefined;
  webhooks?.start();

  return {
    url: base,
    owner: scenario.owner,
    repo: scenario.repo,
    runId: scenario.run.id,
    scenario,
    simulatedNow,
    endsAt: () => plan.origin + lastEnd * 1000,
    requestLog: () => log.map((r) => ({ ...r })),
    addFaults: (p) => faults.add(p),
    clearFaults: () => faults.clear(),
    advance: (seconds) => {
      offsetSeconds += seconds;
    },
    deliveries: () => webhooks?.deliveries() ?? [],
    jobTimeline: () =>
      plan.attempts.flatMap((a) =>
        a.jobs.map((j) => ({
          id: j.id,
          name: j.name,
          attempt: a.number,
          createdAt: plan.origin + j.createdAt * 1000,
          waitingUntil: plan.origin + j.waitingUntil * 1000,
          startedAt: plan.origin + j.startedAt * 1000,
          completedAt: plan.origin + j.completedAt * 1000,
          conclusion: j.conclusion,
        })),
      ),
    close: async () => {
      await webhooks?.stop();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
