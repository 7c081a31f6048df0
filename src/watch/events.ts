/**
 * @module The watch loop's output: a stream of events (NDJSON with --json; the terminal views
 * render the same events). Every event carries `t`, seconds since the watch started on the
 * watch clock (the scenario clock in the demo).
 */
import type { JobRole } from './analysis.ts';

export interface RequestsView {
  /** HTTP requests sent so far (including log downloads). */
  total: number;
  /** Of which 304 Not Modified (no primary rate-limit cost). */
  notModified: number;
  /** Requests per hour of watch-clock time. */
  perHour: number;
  /** Watch-clock seconds the rate is measured over. */
  elapsedSec: number;
  /** Last `x-ratelimit-remaining`. */
  rateLimitRemaining: number | null;
  /** Last `x-ratelimit-limit`. */
  rateLimitLimit: number | null;
}

/** Webhook deliveries seen by the receiver (webhook mode only). */
export interface WebhookCounts {
  /** POSTs received. */
  received: number;
  /** `workflow_job` / `workflow_run` deliveries accepted (signature valid when a secret is set). */
  accepted: number;
  /** Rejected with 401: bad or missing signature. */
  rejected: number;
  /** Other events (ping...), answered 200 and dropped. */
  ignored: number;
  /** Answered 400: not JSON or not the documented shape. */
  malformed: number;
  /** Accepted deliveries about the watched run, merged into the state. */
  applied: number;
  /** Accepted deliveries about other runs or repositories. */
  otherRuns: number;
}

export interface RunView {
  id: number;
  name: string;
  /** Workflow file path (without any `@ref`). */
  path: string | null;
  headSha: string;
  status: string;
  conclusion: string | null;
  url: string | null;
  /** `run_attempt`: 2 and up for a re-run of the same run. */
  attempt: number;
}

export interface DiagnosisSummary {
  /** Name of the failing step, when found. */
  failingStep: string | null;
  exitCode: number | null;
  /** Title of the first cause, or null when `why` names none. */
  causeTitle: string | null;
  /** Signature id of the first cause. */
  signature: string | null;
  /** First evidence line of the first cause (line number in the job log). */
  evidence: { line: number; text: string } | null;
}

export interface JobView {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  /** Running step, or the failed step of a failed job. */
  step: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** Seconds from start to completion (or to now while running). */
  durationSec: number | null;
  /** API names of the jobs this one needs. */
  needs: string[];
  role: JobRole | null;
  causedBy: string[];
  chain: string[];
  inferred: boolean;
  reason: string | null;
  diagnosis: DiagnosisSummary | null;
  /** Why there is no diagnosis (expired log, 404...). */
  logProblem: string | null;
}

export interface FinalJob {
  name: string;
  role: JobRole | null;
  conclusion: string | null;
  needs: string[];
  causedBy: string[];
}

export type WatchEvent =
  | {
      type: 'start';
      t: number;
      repo: string;
      apiUrl: string;
      tokenSource: string;
      /** Where job updates come from. */
      source?: 'polling' | 'webhooks';
      /** Webhook mode: the receiver's URL. */
      webhookUrl?: string;
      /** Webhook mode: seconds between safety polls of the run. */
      safetyPollSec?: number;
    }
  | { type: 'run'; t: number; run: RunView }
  | {
      type: 'workflow';
      t: number;
      file: string;
      jobs: { id: string; name: string; needs: string[]; if: string | null }[];
      problems: string[];
    }
  | { type: 'workflow-unavailable'; t: number; message: string }
  | { type: 'job'; t: number; job: JobView }
  | {
      type: 'role';
      t: number;
      job: string;
      role: JobRole;
      causedBy: string[];
      chain: string[];
      inferred: boolean;
      reason: string;
    }
  | ({
      type: 'diagnosis';
      t: number;
      job: string;
      /** The failed step as the API names it (the UI's name); `failingStep` is the log's. */
      apiStep: string | null;
      completedAt: string | null;
      latencySec: number | null;
    } & DiagnosisSummary)
  | {
      type: 'log-unavailable';
      t: number;
      job: string;
      reason: 'expired' | 'not-found' | 'error';
      message: string;
    }
  | {
      type: 'rate-limit';
      t: number;
      kind: 'primary' | 'secondary';
      waitSec: number;
      retrying: boolean;
      message: string;
    }
  | { type: 'retry'; t: number; message: string; waitSec: number }
  | {
      type: 'poll';
      t: number;
      /** Watch-clock time of the poll (ISO), for the durations of running jobs. */
      now: string;
      changed: boolean;
      /** Seconds to the next poll, rounded to 0.1 s; null when the watch ends. */
      nextPollSec: number | null;
      /** Set when the rate-limit budget (60/hour without a token) makes the next poll later than the run's pace. */
      slowedBy?: { reason: 'budget'; message: string };
      requests: RequestsView;
    }
  | { type: 'interrupted'; t: number }
  /** A webhook delivery was rejected (bad or missing signature); the state is unchanged. */
  | { type: 'webhook-rejected'; t: number; message: string }
  /** The watch stopped on an error (also printed on stderr as one line). */
  | {
      type: 'error';
      t: number;
      message: string;
      /** Gave up on a rate limit: the wait GitHub asked for (seconds, server clock). */
      retryAfterSec?: number;
      /** Gave up on a rate limit: when GitHub said it lifts (ISO, server clock). */
      retryAt?: string;
    }
  | {
      type: 'final';
      t: number;
      run: RunView | null;
      summary: string;
      exitCode: number;
      interrupted: boolean;
      jobs: FinalJob[];
      requests: RequestsView;
      /** Webhook mode only. */
      webhooks?: WebhookCounts;
    };
