/**
 * @module Optional webhook deliveries: as the scenario clock passes each job and run transition,
 * POST the `workflow_job` / `workflow_run` event GitHub would send, signed with
 * `X-Hub-Signature-256` (HMAC-SHA256 of the raw body) when a secret is set. Delivered in order,
 * one at a time; failures are recorded, not retried (GitHub does not retry either).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { actorShape, jobShape, repositoryShape, runShape, type ShapeContext } from './shapes.ts';

export type WebhookEventName = 'workflow_job' | 'workflow_run';

export interface WebhookTarget {
  /** Where to POST (e.g. a local receiver on 127.0.0.1). */
  url: string;
  /** Webhook secret; when set, every delivery carries `X-Hub-Signature-256: sha256=<hex>`. */
  secret?: string;
  /** Events to send (default both). */
  events?: WebhookEventName[];
}

export interface Delivery {
  /** `X-GitHub-Delivery` */
  id: string;
  event: WebhookEventName;
  action: string;
  /** Simulated ms of the transition. */
  at: number;
  /** HTTP status of the receiver's answer, or 0 when the request failed. */
  status: number;
}

interface PlannedEvent {
  /** Seconds from the origin. */
  at: number;
  event: WebhookEventName;
  action: string;
  payload: () => unknown;
}

/** Every transition of the scenario as a webhook event, in time order. */
export function plannedEvents(ctx: ShapeContext): PlannedEvent[] {
  const out: PlannedEvent[] = [];
  const common = () => ({
    repository: repositoryShape(ctx),
    sender: actorShape(ctx, ctx.scenario.run.actor),
  });
  for (const attempt of ctx.plan.attempts) {
    const ran = attempt.jobs.filter((j) => j.steps.length > 0);
    const firstStart = ran.length ? Math.min(...ran.map((j) => j.startedAt)) : attempt.end;
    const runEvent = (at: number, action: string): PlannedEvent => ({
      at,
      event: 'workflow_run',
      action,
      payload: () => ({
        action,
        workflow_run: runShape(ctx, at, attempt.number),
        workflow: {
          id: ctx.scenario.workflow.id,
          name: ctx.scenario.workflow.name,
          path: ctx.scenario.workflow.path,
          state: 'active',
        },
        ...common(),
      }),
    });
    out.push(runEvent(attempt.start, 'requested'));
    if (firstStart < attempt.end) out.push(runEvent(firstStart, 'in_progress'));
    for (const job of attempt.jobs) {
      const jobEvent = (at: number, action: string): PlannedEvent => ({
        at,
        event: 'workflow_job',
        action,
        payload: () => ({ action, workflow_job: jobShape(ctx, job, at), ...common() }),
      });
      if (job.waitingUntil > job.createdAt) out.push(jobEvent(job.createdAt, 'waiting'));
      if (job.conclusion !== 'skipped') out.push(jobEvent(job.waitingUntil, 'queued'));
      if (job.steps.length > 0) out.push(jobEvent(job.startedAt, 'in_progress'));
      out.push(jobEvent(job.completedAt, 'completed'));
    }
    out.push(runEvent(attempt.end, 'completed'));
  }
  // Stable sort keeps queued before in_progress before completed at equal times.
  return out.sort((a, b) => a.at - b.at);
}

export class WebhookDeliverer {
  readonly #target: WebhookTarget;
  readonly #events: PlannedEvent[];
  readonly #origin: number;
  readonly #simSeconds: () => number;
  readonly #deliveries: Delivery[] = [];
  #next = 0;
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(target: WebhookTarget, ctx: ShapeContext, simSeconds: () => number) {
    const wanted = new Set(target.events ?? ['workflow_job', 'workflow_run']);
    this.#target = target;
    this.#events = plannedEvents(ctx).filter((e) => wanted.has(e.event));
    this.#origin = ctx.plan.origin;
    this.#simSeconds = simSeconds;
  }

  start(): void {
    this.#timer = setInterval(() => this.#tick(), 50);
    this.#tick();
  }

  deliveries(): Delivery[] {
    return this.#deliveries.map((d) => ({ ...d }));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#busy;
  }

  #tick(): void {
    // One delivery chain at a time keeps events in order.
    this.#busy = this.#busy.then(async () => {
      while (
        !this.#stopped &&
        this.#next < this.#events.length &&
        this.#events[this.#next]!.at <= this.#simSeconds()
      ) {
        await this.#deliver(this.#events[this.#next++]!);
      }
    });
  }

  async #deliver(planned: PlannedEvent): Promise<void> {
    const id = randomUUID();
    const body = JSON.stringify(planned.payload());
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/shipwatch-simulator',
      'x-github-event': planned.event,
      'x-github-delivery': id,
      'x-github-hook-id': '1',
    };
    if (this.#target.secret) {
      headers['x-hub-signature-256'] =
        `sha256=${createHmac('sha256', this.#target.secret).update(body).digest('hex')}`;
    }
    let status = 0;
    try {
      const res = await fetch(this.#target.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    this.#deliveries.push({
      id,
      event: planned.event,
      action: planned.action,
      at: this.#origin + planned.at * 1000,
      status,
    });
  }
}
