/**
 * @module Job updates pushed by GitHub: `workflow_job` / `workflow_run` deliveries taken from the
 * loopback receiver and merged into the run's state, plus a slow safety poll so that a missed
 * delivery cannot leave the view wrong:
 *  - once at the start, the jobs list (the run may be half way when the watch starts);
 *  - every `safetyPollSec` (60 s), a conditional GET of the run (a 304 costs no rate limit), and
 *    the jobs list when the run's ETag changed since the last check and the run tells something
 *    the deliveries did not (another status or attempt, or an `updated_at` later than every job
 *    and run time they brought) — and, whatever the run says, every `LIST_EVERY_CHECKS`th check,
 *    so a delivery lost mid-run (masked by later ones) is repaired within ~5 minutes, not only at
 *    the end;
 *  - the jobs list at once when a gap is suspected: the run says completed while a job we hold does
 *    not; and once when the run completes (a skipped job's only delivery may be the one lost);
 *  - the run itself early (after `RUN_SUSPECT_SEC`) when every job is done but the run is not.
 * Deliveries can arrive out of order with respect to the lists: a job's state only moves forward.
 */
import { listJobs } from '../github/jobs.ts';
import { getRunWithEtag } from '../github/runs.ts';
import type { Job, WorkflowRun } from '../github/schema.ts';
import type { WebhookDelivery, WebhookReceiver } from '../github/webhook-receiver.ts';
import type { WebhookCounts } from './events.ts';
import type { JobSourceFactory } from './job-source.ts';
import { realSleep } from './watch-run.ts';

export const SAFETY_POLL_SEC = 60;
/** Every job done but the run not: its completion normally follows within seconds. */
const RUN_SUSPECT_SEC = 10;
/** A conditional jobs list at least every this many safety checks (5 min at 60 s). */
const LIST_EVERY_CHECKS = 5;
/** Retry cadence while a gap or a log is pending. */
const SHORT_SEC = 5;

const STATUS_RANK: Record<string, number> = {
  requested: 0,
  pending: 0,
  waiting: 0,
  queued: 1,
  in_progress: 2,
  completed: 3,
};

function progress(job: Job): number {
  const done = (job.steps ?? []).filter((s) => s.status === 'completed').length;
  return (STATUS_RANK[job.status] ?? 1) * 10_000 + done;
}

export function webhookSource(
  receiver: WebhookReceiver,
  options: {
    safetyPollSec?: number | undefined;
    /** Used during a rate-limit or error back-off (deliveries wait in the receiver meanwhile). */
    sleep?: (realMs: number, signal: AbortSignal) => Promise<void>;
  } = {},
): JobSourceFactory {
  const safetySec = options.safetyPollSec ?? SAFETY_POLL_SEC;
  const sleep = options.sleep ?? realSleep;
  return {
    kind: 'webhooks',
    webhookUrl: receiver.url,
    safetyPollSec: safetySec,
    create({ client, repo, runId, clock, notice }) {
      const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();
      const jobs = new Map<number, Job>();
      let run: WorkflowRun | undefined;
      let attempt = 0;
      let needList = true;
      let listedAtCompletion = false;
      let lastCheck: number | undefined;
      let lastEtag: string | undefined;
      let doneSince: number | undefined;
      let gap = false;
      let backingOff = false;
      let checksSinceList = 0;
      const counts = { applied: 0, otherRuns: 0 };

      const current = () => [...jobs.values()].sort((a, b) => a.id - b.id);

      function newAttempt(n: number): void {
        attempt = n;
        for (const [id, job] of jobs) if ((job.run_attempt ?? n) < n) jobs.delete(id);
      }

      function mergeJob(job: Job): void {
        const jobAttempt = job.run_attempt ?? attempt;
        if (jobAttempt < attempt) return;
        if (jobAttempt > attempt) newAttempt(jobAttempt);
        const old = jobs.get(job.id);
        if (!old || progress(job) >= progress(old)) jobs.set(job.id, job);
      }

      function mergeRun(fresh: WorkflowRun): void {
        const freshAttempt = fresh.run_attempt ?? 1;
        if (freshAttempt < attempt) return;
        if (freshAttempt > attempt) newAttempt(freshAttempt);
        // Within an attempt only completion is final; an older answer must not undo it.
        if (
          run?.status === 'completed' &&
          fresh.status !== 'completed' &&
          (run.run_attempt ?? 1) === freshAttempt
        )
          return;
        run = fresh;
      }

      function apply(delivery: WebhookDelivery): void {
        if (delivery.repo !== null && delivery.repo.toLowerCase() !== fullName) {
          counts.otherRuns += 1;
          return;
        }
        if (delivery.event === 'workflow_job') {
          if (delivery.job.run_id !== runId) {
            counts.otherRuns += 1;
            return;
          }
          mergeJob(delivery.job);
        } else {
          if (delivery.run.id !== runId) {
            counts.otherRuns += 1;
            return;
          }
          mergeRun(delivery.run);
        }
        counts.applied += 1;
      }

      /** Latest time the deliveries and lists told us about (ms), to compare with the run's `updated_at`. */
      function knownAt(): number {
        let latest = Date.parse(run?.updated_at ?? '') || 0;
        for (const job of jobs.values()) {
          for (const at of [job.created_at, job.started_at, job.completed_at]) {
            const ms = at ? Date.parse(at) : Number.NaN;
            if (ms > latest) latest = ms;
          }
        }
        return latest;
      }

      const allDone = () => jobs.size > 0 && current().every((j) => j.status === 'completed');

      return {
        async sync(state) {
          if (!run) mergeRun(state.run);
          const { deliveries, rejections } = receiver.take();
          for (const message of rejections) notice(message);
          for (const delivery of deliveries) apply(delivery);
          const now = clock();
          if (lastCheck === undefined) lastCheck = now;
          doneSince = allDone() && run?.status !== 'completed' ? (doneSince ?? now) : undefined;
          const suspectRun = doneSince !== undefined && now - doneSince >= RUN_SUSPECT_SEC * 1000;
          if (now - lastCheck >= safetySec * 1000 || suspectRun) {
            const fresh = await getRunWithEtag(client, repo, runId);
            lastCheck = now;
            const changed = fresh.etag === undefined || fresh.etag !== lastEtag;
            const updatedAt = Date.parse(fresh.run.updated_at ?? '');
            const news =
              fresh.run.status !== run?.status ||
              (fresh.run.run_attempt ?? 1) !== attempt ||
              !Number.isFinite(updatedAt) ||
              updatedAt > knownAt();
            checksSinceList += 1;
            if ((changed && news) || checksSinceList >= LIST_EVERY_CHECKS) needList = true;
            lastEtag = fresh.etag;
            mergeRun(fresh.run);
          }
          const completed = run?.status === 'completed';
          gap = completed && current().some((j) => j.status !== 'completed');
          if (gap || (completed && !listedAtCompletion)) needList = true;
          if (needList) {
            for (const job of await listJobs(client, repo, runId)) mergeJob(job);
            needList = false;
            checksSinceList = 0;
            if (completed) listedAtCompletion = true;
            gap = completed && current().some((j) => j.status !== 'completed');
          }
          return { run: run ?? state.run, jobs: current() };
        },
        nextDelaySec(input) {
          backingOff = input.backoffSec > 0;
          if (input.phase === 'done') return undefined;
          if (backingOff) return input.backoffSec;
          const since = lastCheck === undefined ? 0 : (clock() - lastCheck) / 1000;
          let delay = Math.max(0, safetySec - since);
          if (gap || input.pendingLogs > 0) delay = Math.min(delay, SHORT_SEC);
          if (doneSince !== undefined) {
            delay = Math.min(delay, Math.max(0, RUN_SUSPECT_SEC - (clock() - doneSince) / 1000));
          }
          return Math.max(delay, 0.5);
        },
        // A delivery must not cut a back-off short: the turn it starts could call the API (a log,
        // the safety poll) before the rate limit's retry-after is over.
        wait: (realMs, signal) =>
          backingOff ? sleep(realMs, signal) : receiver.waitForDelivery(realMs, signal),
        counts(): WebhookCounts {
          const { received, accepted, rejected, ignored, malformed } = receiver.counts;
          return { received, accepted, rejected, ignored, malformed, ...counts };
        },
      };
    },
  };
}
