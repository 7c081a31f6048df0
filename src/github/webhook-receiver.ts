/**
 * @module A loopback HTTP receiver for GitHub's `workflow_job` / `workflow_run` webhooks (node:http).
 * With a secret, every delivery must carry a valid `X-Hub-Signature-256` (checked with
 * @octokit/webhooks, constant-time); a bad or missing one is answered 401, counted, and never
 * reaches the watch. Accepted deliveries wait in arrival order until the watch takes them.
 * Real GitHub deliveries reach a laptop through `gh webhook forward` or a tunnel.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhooks } from '@octokit/webhooks';
import * as z from '../shared/zod.ts';
import { UsageError } from '../errors.ts';
import { describeIssues, Job, WorkflowRun } from './schema.ts';

/** GitHub caps payloads at 25 MB; a workflow event is a few kB. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

export const WorkflowJobEvent = z.object({
  action: z.string(),
  workflow_job: z.extend(Job, { run_id: z.number() }),
  repository: z.nullish(z.object({ full_name: z.string() })),
});
export type WorkflowJobEvent = z.infer<typeof WorkflowJobEvent>;

export const WorkflowRunEvent = z.object({
  action: z.string(),
  workflow_run: WorkflowRun,
  repository: z.nullish(z.object({ full_name: z.string() })),
});
export type WorkflowRunEvent = z.infer<typeof WorkflowRunEvent>;

export type WebhookDelivery =
  | {
      event: 'workflow_job';
      id: string;
      action: string;
      repo: string | null;
      job: WorkflowJobEvent['workflow_job'];
    }
  | { event: 'workflow_run'; id: string; action: string; repo: string | null; run: WorkflowRun };

export interface ReceiverCounts {
  /** POSTs received (any event, any outcome). */
  received: number;
  /** `workflow_job` / `workflow_run` deliveries accepted and queued for the watch. */
  accepted: number;
  /** Rejected with 401: missing or bad signature. */
  rejected: number;
  /** Valid but not for us (ping, other events); answered 200 and dropped. */
  ignored: number;
  /** Answered 400: not JSON, or not the documented shape. */
  malformed: number;
}

export interface ListenAddress {
  /** Loopback host only: 127.0.0.1, ::1 or localhost. */
  host: string;
  /** 0 = a free port. */
  port: number;
}

export interface WebhookReceiverOptions extends ListenAddress {
  /** Webhook secret; when set, unsigned or badly signed deliveries are rejected. */
  secret?: string | undefined;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT/`: where `gh webhook forward --url` (or the simulator) should POST. */
  url: string;
  /** Whether deliveries must be signed. */
  signed: boolean;
  counts: ReceiverCounts;
  /** Takes the accepted deliveries and the rejection notices waiting, in arrival order. */
  take(): { deliveries: WebhookDelivery[]; rejections: string[] };
  /** Resolves when something is waiting to be taken, after `realMs`, or when `signal` aborts. */
  waitForDelivery(realMs: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** `PORT`, `HOST:PORT` or `[::1]:PORT`; only loopback hosts (the receiver is never exposed). */
export function parseListen(value: string): ListenAddress {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(value.trim());
  const host = (match?.[1] ?? '127.0.0.1').replace(/^\[|\]$/g, '');
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port > 65_535) {
    throw new UsageError(`--listen: expected PORT or 127.0.0.1:PORT, got '${value}'`);
  }
  if (!LOOPBACK.has(host)) {
    throw new UsageError(
      `--listen: the receiver binds loopback only (127.0.0.1, ::1, localhost), got '${host}'; reach it through \`gh webhook forward\` or a tunnel`,
    );
  }
  return { host, port };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const verifier = options.secret ? new Webhooks({ secret: options.secret }) : undefined;
  const counts: ReceiverCounts = { received: 0, accepted: 0, rejected: 0, ignored: 0, malformed: 0 };
  let deliveries: WebhookDelivery[] = [];
  let rejections: string[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return answer(res, 405, 'POST webhook deliveries here');
    counts.received += 1;
    const body = await readBody(req);
    if (body === undefined) {
      counts.malformed += 1;
      return answer(res, 413, 'payload too large');
    }
    const event = String(req.headers['x-github-event'] ?? '');
    const id = String(req.headers['x-github-delivery'] ?? '');
    if (verifier) {
      const signature = req.headers['x-hub-signature-256'];
      const valid =
        typeof signature === 'string' && (await verifier.verify(body, signature).catch(() => false));
      if (!valid) {
        counts.rejected += 1;
        rejections.push(
          `${event || 'unnamed'} delivery ${id || '(no id)'} rejected: ${typeof signature === 'string' ? 'bad' : 'missing'} X-Hub-Signature-256`,
        );
        wake();
        return answer(res, 401, 'bad signature');
      }
    }
    if (event !== 'workflow_job' && event !== 'workflow_run') {
      counts.ignored += 1;
      return answer(res, 200, event === 'ping' ? 'pong' : `ignored: ${event || 'no X-GitHub-Event'}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      counts.malformed += 1;
      return answer(res, 400, 'body is not JSON');
    }
    const parsed =
      event === 'workflow_job' ? WorkflowJobEvent.safeParse(json) : WorkflowRunEvent.safeParse(json);
    if (!parsed.success) {
      counts.malformed += 1;
      return answer(res, 400, `unexpected ${event} payload: ${describeIssues(parsed.error)}`);
    }
    const data = parsed.data;
    const repo = data.repository?.full_name ?? null;
    deliveries.push(
      'workflow_job' in data
        ? { event: 'workflow_job', id, action: data.action, repo, job: data.workflow_job }
        : { event: 'workflow_run', id, action: data.action, repo, run: data.workflow_run },
    );
    counts.accepted += 1;
    wake();
    answer(res, 202, 'accepted');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) answer(res, 500, 'receiver error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      reject(
        error.code === 'EADDRINUSE'
          ? new UsageError(`--listen ${where}: address already in use; pick another port`)
          : new UsageError(`--listen ${where}: cannot listen: ${error.message}`),
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/`,
    signed: verifier !== undefined,
    counts,
    take() {
      const out = { deliveries, rejections };
      deliveries = [];
      rejections = [];
      return out;
    },
    waitForDelivery(realMs, signal) {
      return new Promise((resolve) => {
        if (signal.aborted || deliveries.length > 0 || rejections.length > 0) return resolve();
        const timer = setTimeout(done, Math.max(0, realMs));
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        }
        waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    },
    close() {
      wake();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
