/**
 * @module Where the watch loop's job updates come from. The loop (watch-run.ts) owns the state
 * model — roles, views, logs, events, the end — and asks a source, once per turn, to bring the run
 * and its jobs up to date, how long to wait before the next turn, and to wait. Two sources:
 * polling (here: the jobs list on an adaptive 3–30 s cadence) and webhooks (webhook-source.ts).
 */
import { nextPoll, type RunPhase } from '../github/cadence.ts';
import type { GitHubClient } from '../github/client.ts';
import { listJobs } from '../github/jobs.ts';
import type { RepoRef } from '../github/repo.ts';
import { getRun } from '../github/runs.ts';
import type { Job, WorkflowRun } from '../github/schema.ts';
import type { WebhookCounts } from './events.ts';

export interface SourceState {
  run: WorkflowRun;
  jobs: Job[];
}

export interface SourceContext {
  client: GitHubClient;
  repo: RepoRef;
  runId: number;
  /** Watch clock (ms). */
  clock: () => number;
  /** Something the user should see that is not a job update (a rejected delivery). */
  notice: (message: string) => void;
}

export interface DelayInput {
  phase: RunPhase;
  /** Consecutive turns that changed nothing. */
  unchangedPolls: number;
  /** Seconds a rate limit or error asks us to wait (0 when none). */
  backoffSec: number;
  /** Failed jobs whose log is to be tried again. */
  pendingLogs: number;
  jobs: readonly Job[];
  run: WorkflowRun;
}

export interface JobSource {
  /** Brings the run and its jobs up to date; throws GitHub errors (the loop retries transient ones). */
  sync(state: SourceState): Promise<SourceState>;
  /** Seconds on the watch clock until the next turn, or undefined to stop. */
  nextDelaySec(input: DelayInput): number | undefined;
  /** Waits up to `realMs` real ms; a push source returns early when news arrives. */
  wait(realMs: number, signal: AbortSignal): Promise<void>;
  /** Delivery counts (webhook source only). */
  counts?(): WebhookCounts;
  /** Why the last `nextDelaySec` is slower than the run's pace because of the rate-limit budget. */
  budgetNote?(): string | undefined;
}

export interface JobSourceFactory {
  kind: 'polling' | 'webhooks';
  /** Where deliveries are received (webhook source). */
  webhookUrl?: string;
  /** Seconds between safety polls (webhook source). */
  safetyPollSec?: number;
  create(ctx: SourceContext): JobSource;
}

/** Polls between run checks: cancellation already shows in the jobs. */
const RUN_CHECK_POLLS = 30;

export function pollingSource(
  sleep: (realMs: number, signal: AbortSignal) => Promise<void>,
): JobSourceFactory {
  return {
    kind: 'polling',
    create({ client, repo, runId }) {
      let polls = 0;
      let runCheckedAtPoll = 0;
      let budgetNote: string | undefined;
      return {
        async sync(state) {
          polls += 1;
          const jobs = await listJobs(client, repo, runId);
          const allCompleted = jobs.length > 0 && jobs.every((j) => j.status === 'completed');
          // The run object only matters at the end (jobs with unmet needs may not be listed yet) or
          // when there are no jobs. A check every RUN_CHECK_POLLS polls guards against a run that
          // ends with jobs never listed.
          let run = state.run;
          if (allCompleted || jobs.length === 0 || polls - runCheckedAtPoll >= RUN_CHECK_POLLS) {
            run = await getRun(client, repo, runId);
            runCheckedAtPoll = polls;
          }
          return { run, jobs };
        },
        nextDelaySec(input) {
          const stats = client.stats;
          const resetInSec =
            stats.rateLimitReset !== undefined && stats.serverDate !== undefined
              ? stats.rateLimitReset - stats.serverDate / 1000
              : undefined;
          const next = nextPoll({
            phase: input.phase,
            unchangedPolls: input.unchangedPolls,
            remaining: stats.rateLimitRemaining,
            limit: stats.rateLimitLimit,
            resetInSec,
            requestsPerPoll: 1 + Math.floor(input.jobs.length / 100),
            backoffSec: input.backoffSec,
          });
          budgetNote = next?.budgetNote;
          return next?.sec;
        },
        budgetNote: () => budgetNote,
        wait: sleep,
      };
    },
  };
}
