/**
 * @module Building blocks the role rules share: the assignment shape, the draft each API job is
 * classified in, and the wording of reasons.
 */
import { type ApiJobLite, failedStep } from './api-job.ts';
import type { NeedResult } from './job-condition.ts';
import type { WorkflowJob } from '../workflows/model.ts';

/**
 * The role of a job in the run.
 * - `root-cause`: failed on its own, and at least one job cascades from it.
 * - `independent-failure`: failed on its own, and nothing cascades from it.
 * - `cascade`: skipped, or failed, because something it needs failed or was cancelled.
 * - `skipped-by-condition`: skipped because its own `if:` was false (or a need was skipped that way).
 * - `succeeded`, `running`, `queued`, `cancelled`: as the API reports.
 */
export type JobRole =
  | 'root-cause'
  | 'cascade'
  | 'skipped-by-condition'
  | 'independent-failure'
  | 'succeeded'
  | 'running'
  | 'queued'
  | 'cancelled';

/** The role of one API job, with the evidence. */
export interface JobRoleAssignment {
  /** The API job name. */
  name: string;
  /** The workflow job (YAML key) it belongs to; `undefined` when not found in the workflow. */
  jobId: string | undefined;
  /** Its role. */
  role: JobRole;
  /** API names of the jobs that failed on their own (or were cancelled) and caused this one; empty otherwise. */
  causedBy: string[];
  /** For a cascade or an inherited skip: this job, then each job it cascades through, ending at the cause. */
  chain: string[];
  /** True when the role rests on inference (skip reasons, cascaded failures, guesses without a workflow). */
  inferred: boolean;
  /** One line saying why. */
  reason: string;
  /** API status. */
  status: string;
  /** API conclusion. */
  conclusion: string | null;
  /** YAML keys of the jobs it needs (empty when unknown). */
  needs: string[];
  /** Name of the first failed step, for failed jobs. */
  failedStep?: string;
}

/** The full result: roles plus what they rest on. */
export interface RunAnalysis {
  /** One assignment per API job, in the order given. */
  assignments: JobRoleAssignment[];
  /** `workflow`: roles from the needs graph and `if:`; `conclusions-only`: no workflow, timing guesses. */
  basis: 'workflow' | 'conclusions-only';
  /** Plain sentences about the basis (no workflow, jobs not found in it). */
  notes: string[];
}

/** One API job while roles are being worked out. */
export interface Draft {
  /** The API job. */
  job: ApiJobLite;
  /** Its workflow job, when the name maps to one. */
  workflowJob: WorkflowJob | undefined;
  /** Its role once decided. */
  assignment: JobRoleAssignment | undefined;
}

export function baseAssignment(
  job: ApiJobLite,
  jobId: string | undefined,
  needs: string[],
): JobRoleAssignment {
  return {
    name: job.name,
    jobId,
    role: 'queued',
    causedBy: [],
    chain: [],
    inferred: false,
    reason: '',
    status: job.status,
    conclusion: job.conclusion,
    needs: [...needs],
  };
}

export function pending(base: JobRoleAssignment, job: ApiJobLite): JobRoleAssignment {
  if (job.status === 'in_progress') return { ...base, role: 'running', reason: 'running' };
  return {
    ...base,
    role: 'queued',
    reason: job.status === 'waiting' ? 'waiting (e.g. for an environment approval)' : job.status,
  };
}

export function chainOf(item: Draft | undefined): string[] {
  if (!item) return [];
  const chain = item.assignment?.chain ?? [];
  return chain.length > 0 ? chain : [item.job.name];
}

export function ownFailureReason(job: ApiJobLite): string {
  const step = failedStep(job);
  const what = job.conclusion === 'timed_out' ? 'timed out' : 'failed';
  return step ? `${what} at step '${step.name}'` : what;
}

export function describeResult(result: NeedResult | undefined): string {
  if (result === 'failure') return 'failed';
  if (result === 'cancelled') return 'was cancelled';
  if (result === 'skipped') return 'was skipped';
  return 'did not succeed';
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function unique(values: string[]): string[] {
  return [...new Set(values)];
}
