/**
 * @module Root cause vs cascade: the role of each job of a run, from the API jobs and the workflow.
 * Pure, no I/O. The API says *that* a job was skipped, never *why*; the why is inferred from the
 * `needs` graph and the job's `if:` (evaluated on the results of its needs), and marked `inferred`.
 *
 * The rules, in order, for a job that completed:
 * - success / neutral → `succeeded`; cancelled → `cancelled`.
 * - failed, and a job it depends on failed or was cancelled (so it only ran because its `if:` let it,
 *   e.g. `always()`) → `cascade` of that job (inferred: its own step failed, but after the upstream one).
 * - failed otherwise → it failed on its own: `root-cause` when at least one job of the run cascades
 *   from it (skipped or failed because of it), or a job that needs it is still waiting and its `if:`
 *   is already false; `independent-failure` when nothing cascades from it (nothing needs it, or what
 *   needs it ran anyway). The issue names both; "did anything cascade" is what separates them.
 * - skipped: evaluate its `if:` (default `success()`) on the actual results of its needs, and again
 *   as if every need had succeeded. False now but not false with all needs green → the needs caused
 *   the skip: `cascade` of the failed/cancelled job(s) upstream, or `skipped-by-condition` when the
 *   upstream job was itself skipped by its condition. Otherwise its own `if:` was false →
 *   `skipped-by-condition`.
 * Not completed: `running` (in_progress) or `queued` (queued, waiting, requested, pending).
 * Without a workflow (or for an API job missing from it) the graph is unknown: a skip that came
 * after a failure is guessed to be its cascade from timing, and every such guess says so.
 */
import { type ApiJobLite, isCompleted } from './api-job.ts';
import { evaluateCondition, type NeedResult } from './job-condition.ts';
import { type Draft, type JobRoleAssignment, plural, type RunAnalysis } from './role-parts.ts';
import { classifyWithWorkflow } from './roles-from-graph.ts';
import { classifyWithoutGraph } from './roles-from-timing.ts';
import { resolveApiJobs } from '../workflows/display-names.ts';
import { dependentsOf } from '../workflows/job-graph.ts';
import type { WorkflowJob, WorkflowModel } from '../workflows/model.ts';

export type { ApiJobLite, ApiStepLite } from './api-job.ts';
export type { JobRole, JobRoleAssignment, RunAnalysis } from './role-parts.ts';

/** Assigns a role to each API job. See the module comment for the rules. */
export function assignRoles(
  jobs: readonly ApiJobLite[],
  workflow: WorkflowModel | undefined,
): JobRoleAssignment[] {
  return analyzeRun(jobs, workflow).assignments;
}

/** Assigns roles and says what they rest on. */
export function analyzeRun(jobs: readonly ApiJobLite[], workflow: WorkflowModel | undefined): RunAnalysis {
  const notes: string[] = [];
  const draft: Draft[] = jobs.map((job) => ({ job, workflowJob: undefined, assignment: undefined }));
  if (workflow) {
    const resolution = resolveApiJobs(workflow, jobs);
    resolution.resolved.forEach((item, index) => {
      draft[index]!.workflowJob = item.job;
    });
    classifyWithWorkflow(draft, workflow);
    if (resolution.unmatched.length > 0) {
      notes.push(
        `${resolution.unmatched.length} job(s) not found in ${workflow.file} (${resolution.unmatched
          .map((job) => job.name)
          .join(', ')}): roles from conclusions and timing only.`,
      );
    }
  } else {
    notes.push('No workflow file: roles come from conclusions and timing only; skip reasons are guesses.');
  }
  const unmatchedNote = workflow ? `not found in ${workflow.file}` : 'no workflow file';
  classifyWithoutGraph(
    draft.filter((item) => item.assignment === undefined),
    draft,
    unmatchedNote,
  );
  settleOwnFailures(draft, workflow);
  return {
    assignments: draft.map((item) => item.assignment!),
    basis: workflow ? 'workflow' : 'conclusions-only',
    notes,
  };
}

/** Own failures become `root-cause` when something cascades from them (or surely will). */
function settleOwnFailures(draft: Draft[], workflow: WorkflowModel | undefined): void {
  const cascades = new Map<string, string[]>();
  for (const item of draft) {
    const assignment = item.assignment!;
    if (assignment.role !== 'cascade' && assignment.role !== 'cancelled') continue;
    for (const cause of assignment.causedBy)
      cascades.set(cause, [...(cascades.get(cause) ?? []), assignment.name]);
  }
  const dependents = workflow ? dependentsOf(workflow.jobs) : new Map<string, string[]>();
  for (const item of draft) {
    const assignment = item.assignment!;
    if (assignment.role !== 'independent-failure') continue;
    const followers = cascades.get(assignment.name) ?? [];
    const own = item.workflowJob;
    const needingIds = own ? (dependents.get(own.id) ?? []) : [];
    const waiting = own
      ? draft.filter(
          (other) =>
            other.workflowJob !== undefined &&
            !isCompleted(other.job) &&
            other.job.status !== 'in_progress' &&
            needingIds.includes(other.workflowJob.id) &&
            willBeSkipped(other.workflowJob, own.id),
        ).length
      : 0;
    // The API does not list a job blocked on its needs until it is decided: a dependent missing from
    // the list has not run, and its if: (evaluated on this failure) says whether it will.
    const unlisted = own
      ? needingIds.filter((id) => !draft.some((other) => other.workflowJob?.id === id))
      : [];
    const unlistedSkips = unlisted.filter((id) => {
      const job = workflow?.jobs.find((j) => j.id === id);
      return job !== undefined && own !== undefined && willBeSkipped(job, own.id);
    }).length;
    if (followers.length > 0) {
      assignment.role = 'root-cause';
      assignment.reason = `${assignment.reason}; ${plural(followers.length, 'job')} cascade from it`;
    } else if (waiting + unlistedSkips > 0) {
      assignment.role = 'root-cause';
      assignment.reason = `${assignment.reason}; ${plural(waiting + unlistedSkips, 'waiting job')} that need it will be skipped`;
      // A prediction from the if: of jobs not finished yet.
      assignment.inferred = true;
    } else if (item.workflowJob) {
      assignment.reason = `${assignment.reason}; ${
        needingIds.length === 0
          ? 'no job needs it'
          : unlisted.length > 0
            ? 'the jobs that need it have not started, and their if: lets them run after a failure'
            : 'the jobs that need it ran anyway'
      }`;
    }
  }
}

/** True when a job's `if:` is already false because the given need failed. */
function willBeSkipped(job: WorkflowJob, failedNeed: string): boolean {
  const needs: Record<string, NeedResult | undefined> = {};
  for (const need of job.needs) needs[need] = need === failedNeed ? 'failure' : undefined;
  return evaluateCondition(job.if ?? 'success()', { needs, ancestors: ['failure'] }) === false;
}
