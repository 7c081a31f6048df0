/**
 * @module The GitHub API simulator: a real HTTP server on 127.0.0.1 serving a scenario as it unfolds on
 * a simulated clock, with GitHub's headers (ETag/304, x-ratelimit-*, Link), auth, and faults on demand.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api-handler.ts';
import { handleControl } from './control.ts';
import { type FaultPlan, FaultInjector } from './faults.ts';
import { LogStore } from './log-store.ts';
import { RateBudget } from './rate-budget.ts';
import { responder } from './responder.ts';
import { downloadRoute, type RouteContext } from './routes.ts';
import type { Scenario } from './scenario-schema.ts';
import { loadScenario } from './scenarios.ts';
import { buildPlan } from './timeline.ts';
import { type Delivery, WebhookDeliverer, type WebhookTarget } from './webhooks.ts';

export type { FaultPlan } from './faults.ts';
export { fetchRecording } from './fetch-recording.ts';
export { type Recording, scenarioFromRecording } from './recording.ts';
export type { FaultRule, Scenario, ScenarioInput } from './scenario-schema.ts';
export { listScenarios, loadScenario, parseScenario, parseScenarioText } from './scenarios.ts';
export type { Delivery, WebhookEventName, WebhookTarget } from './webhooks.ts';

export interface SimulatorOptions {
  /** A built-in scenario name (`listScenarios()`: release-crisis, clean-release, flaky-rerun, …), a scenario file path, or a loaded scenario. */
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

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const scenario = typeof options.scenario === 'string' ? loadScenario(options.scenario) : options.scenario;
  const plan = buildPlan(scenario);
  const speed = options.speed ?? scenario.defaultSpeed;
  const faults = new FaultInjector([...scenario.faults, ...(options.faults ?? [])]);
  const realStart = Date.now();
  let offsetSeconds = options.startAt ?? 0;
  const simSeconds = () => offsetSeconds + ((Date.now() - realStart) / 1000) * speed;
  const simulatedNow = () => plan.origin + simSeconds() * 1000;
  const advance = (seconds: number) => {
    offsetSeconds += seconds;
  };
  const log: RequestRecord[] = [];
  const logs = new LogStore(plan);
  const budget = new RateBudget(scenario.rateLimit, () => simulatedNow() / 1000);
  const stats = { inflight: 0, concurrencyViolations: 0 };
  let base = '';
  const routeCtx = (): RouteContext => ({
    scenario,
    plan,
    base,
    jobLog: (job) => logs.jobLog(job),
    runZip: (n) => logs.runZip(n),
  });
  const apiDeps = {
    routeCtx,
    simSeconds,
    faults,
    budget,
    logs,
    token: options.token,
    maxConcurrent: options.maxConcurrent ?? scenario.maxConcurrent,
    stats,
  };
  const controlDeps = {
    faults,
    advance,
    simulatedNow,
    state: () => ({
      scenario: scenario.name,
      simulatedNow: new Date(simulatedNow()).toISOString(),
      speed,
      requests: log.length,
      concurrencyViolations: stats.concurrencyViolations,
      faults: faults.rules(),
    }),
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base || 'http://127.0.0.1');
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: 0,
      at: simulatedNow(),
      counted: false,
    };
    log.push(record);
    const out = responder(res, simulatedNow, (status) => {
      record.status = status;
    });
    const handle = async () => {
      const path = url.pathname;
      if (path.startsWith('/_simulator/')) return handleControl(req, path, out, controlDeps);
      if (path.startsWith('/_blobs/')) {
        // The blob host of the log URLs: no GitHub auth, no rate limit.
        const blob = logs.serve(path);
        return out.send(blob.status, blob.body, { 'content-type': blob.contentType });
      }
      const download = /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/.exec(path);
      if (download && req.method === 'GET') {
        // github.com release downloads: no API auth, no rate limit.
        const tag = decodeURIComponent(download[3]!);
        const reply = downloadRoute(routeCtx(), simSeconds(), tag, decodeURIComponent(download[4]!));
        return out.send(reply.status, reply.body as Buffer | string, {
          'content-type': reply.contentType ?? 'text/plain',
        });
      }
      stats.inflight++;
      res.once('close', () => {
        stats.inflight--;
      });
      return handleApi(req, url, out, apiDeps, () => {
        record.counted = true;
      });
    };
    handle().catch((error: unknown) => {
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
    advance,
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
