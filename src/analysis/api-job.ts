/**
 * @module The few fields of a GitHub Actions API job that the analysis reads. Field names are the
 * API's own, so a job from `GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs` can be passed as is.
 */
import type { NeedResult } from './job-condition.ts';

/** A step of an API job. */
export interface ApiStepLite {
  /** Step name as shown in the UI. */
  name: string;
  /** `queued` | `in_progress` | `completed` (and `pending` seen in practice). */
  status: string;
  /** `success` | `failure` | `skipped` | `cancelled` | ... ; `null` until completed. */
  conclusion: string | null;
  /** One-based position. */
  number: number;
}

/** An API job. */
export interface ApiJobLite {
  /** API job id, when known. */
  id?: number;
  /** The job name GitHub reports (display name, matrix suffix, `caller / callee`). */
  name: string;
  /** `queued` | `in_progress` | `completed` | `waiting` | `requested` | `pending`. */
  status: string;
  /** `success` | `failure` | `cancelled` | `skipped` | `timed_out` | `neutral` | `action_required` | ... ; `null` until completed. */
  conclusion: string | null;
  /** ISO time the job started. */
  started_at?: string | null;
  /** ISO time the job completed. */
  completed_at?: string | null;
  /** Steps (empty for a skipped job). */
  steps?: ApiStepLite[];
  /** Attempt of the run this job belongs to; with `filter=all` a re-run lists each attempt's job. */
  run_attempt?: number | null;
}

const FAILURE_CONCLUSIONS = new Set(['failure', 'timed_out', 'startup_failure']);

/** True when the job completed with a failure (including timeouts). */
export function isFailed(job: ApiJobLite): boolean {
  return job.status === 'completed' && FAILURE_CONCLUSIONS.has(job.conclusion ?? '');
}

/** True when the job completed. */
export function isCompleted(job: ApiJobLite): boolean {
  return job.status === 'completed';
}

/** The `needs.<id>.result` a completed job gives its dependents; `undefined` while it runs. */
export function resultOf(job: ApiJobLite): NeedResult | undefined {
  if (!isCompleted(job)) return undefined;
  if (isFailed(job)) return 'failure';
  if (job.conclusion === 'cancelled') return 'cancelled';
  if (job.conclusion === 'skipped') return 'skipped';
  if (job.conclusion === 'success' || job.conclusion === 'neutral') return 'success';
  // action_required, stale and anything new: the job did not succeed.
  return 'failure';
}

/**
 * The combined result of all API jobs of one workflow job (a matrix gives several), as GitHub
 * reports it to dependents: any failure fails it; else any cancellation; all skipped is skipped.
 */
export function combinedResult(jobs: readonly ApiJobLite[]): NeedResult | undefined {
  if (jobs.length === 0) return undefined;
  const results = jobs.map(resultOf);
  if (results.includes(undefined)) return undefined;
  if (results.includes('failure')) return 'failure';
  if (results.includes('cancelled')) return 'cancelled';
  if (results.every((result) => result === 'skipped')) return 'skipped';
  return 'success';
}

/** The first failed step, if any. */
export function failedStep(job: ApiJobLite): ApiStepLite | undefined {
  const steps = job.steps ?? [];
  return (
    steps.find((step) => FAILURE_CONCLUSIONS.has(step.conclusion ?? '')) ??
    steps.find((step) => step.conclusion === 'cancelled')
  );
}
