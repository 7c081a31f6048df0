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
import { type ApiJobLite, combinedResult, failedStep, isCompleted, isFailed, resultOf } from './api-job.ts';
import { evaluateCondition, type NeedResult, type Truth } from './job-condition.ts';
import { resolveApiJobs } from '../workflows/display-names.ts';
import { ancestorsOf, dependentsOf, topologicalOrder } from '../workflows/job-graph.ts';
import type { WorkflowJob, WorkflowModel } from '../workflows/model.ts';

export type { ApiJobLite, ApiStepLite } from './api-job.ts';

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

interface Draft {
  job: ApiJobLite;
  workflowJob: WorkflowJob | undefined;
  assignment: JobRoleAssignment | undefined;
}

/** Why a workflow job's result is not success: the API jobs that caused it, and one instance to follow. */
interface Blame {
  result: NeedResult | undefined;
  roots: string[];
  via: Draft | undefined;
}

function classifyWithWorkflow(draft: Draft[], workflow: WorkflowModel): void {
  const byJob = new Map<string, Draft[]>();
  for (const item of latestAttempts(draft)) {
    if (!item.workflowJob) continue;
    const list = byJob.get(item.workflowJob.id) ?? [];
    list.push(item);
    byJob.set(item.workflowJob.id, list);
  }
  const { order, blocked } = topologicalOrder(workflow.jobs);
  const blame = new Map<string, Blame>();
  const jobsById = new Map(workflow.jobs.map((job) => [job.id, job]));
  const byName = new Map(draft.map((item) => [item.job.name, item]));
  for (const id of [...order, ...blocked]) {
    const workflowJob = jobsById.get(id)!;
    const instances = byJob.get(id) ?? [];
    for (const item of instances) {
      item.assignment = classifyOne(item.job, workflowJob, workflow, blame, byName);
    }
    if (workflowJob.matrix?.failFast) explainFailFast(instances);
    blame.set(id, blameOf(instances, workflowJob));
  }
  // Earlier attempts of re-run jobs: their own story, but they no longer decide anything downstream.
  for (const item of draft) {
    if (item.assignment || !item.workflowJob) continue;
    const assignment = classifyOne(item.job, item.workflowJob, workflow, blame, byName);
    item.assignment = {
      ...assignment,
      reason: `${assignment.reason} (attempt ${item.job.run_attempt}, re-run since)`,
    };
  }
}

/** With `filter=all` a re-run lists every attempt; only the latest attempt of each name counts. */
function latestAttempts(draft: Draft[]): Draft[] {
  const latest = new Map<string, Draft>();
  for (const item of draft) {
    const seen = latest.get(item.job.name);
    if (!seen || (item.job.run_attempt ?? 0) >= (seen.job.run_attempt ?? 0)) latest.set(item.job.name, item);
  }
  const kept = new Set(latest.values());
  return draft.filter((item) => kept.has(item));
}

/** A matrix combination cancelled because a sibling failed first (fail-fast) is caused by that sibling. */
function explainFailFast(instances: Draft[]): void {
  const failed = instances.filter((item) => isFailed(item.job));
  for (const item of instances) {
    const assignment = item.assignment;
    if (!assignment || item.job.conclusion !== 'cancelled') continue;
    const end = Date.parse(item.job.completed_at ?? '');
    const first = failed.find((other) => {
      const otherEnd = Date.parse(other.job.completed_at ?? '');
      return Number.isNaN(end) || Number.isNaN(otherEnd) || otherEnd <= end;
    });
    if (!first) continue;
    assignment.causedBy = rootsOf(first.assignment!);
    assignment.chain = [item.job.name, ...chainOf(first)];
    assignment.inferred = true;
    assignment.reason = `cancelled by fail-fast after ${first.job.name} failed`;
  }
}

function blameOf(instances: Draft[], workflowJob: WorkflowJob): Blame {
  const combined = combinedResult(instances.map((item) => item.job));
  // A job with continue-on-error: true that fails still reports success to the jobs that need it.
  if (combined === 'failure' && workflowJob.continueOnError === 'true') {
    return { result: 'success', roots: [], via: undefined };
  }
  const roots = unique(instances.flatMap((item) => (item.assignment ? rootsOf(item.assignment) : [])));
  const via =
    instances.find((item) => isFailed(item.job)) ??
    instances.find((item) => item.job.conclusion === 'cancelled') ??
    instances.find((item) => item.job.conclusion === 'skipped');
  return { result: combined, roots, via };
}

/** The jobs to blame when this one did not succeed: itself if it failed on its own or was cancelled. */
function rootsOf(assignment: JobRoleAssignment): string[] {
  if (assignment.role === 'cascade' || assignment.causedBy.length > 0) return assignment.causedBy;
  const own = ['independent-failure', 'root-cause', 'cancelled'] as const;
  return own.some((role) => role === assignment.role) ? [assignment.name] : [];
}

function classifyOne(
  job: ApiJobLite,
  workflowJob: WorkflowJob,
  workflow: WorkflowModel,
  blame: Map<string, Blame>,
  byName: Map<string, Draft>,
): JobRoleAssignment {
  const base = baseAssignment(job, workflowJob.id, workflowJob.needs);
  if (!isCompleted(job)) return pending(base, job);
  if (job.conclusion === 'cancelled') {
    return { ...base, role: 'cancelled', reason: 'cancelled' };
  }
  const result = resultOf(job);
  if (result === 'success') return { ...base, role: 'succeeded', reason: 'succeeded' };

  const upstream = upstreamTrouble(workflowJob, workflow, blame);
  if (result === 'failure') {
    const step = failedStep(job);
    const withStep = step ? { ...base, failedStep: step.name } : base;
    const causes = upstream.filter((item) => item.blame.roots.length > 0);
    // It ran, so its if: held; if it cannot have held on these results, the data is not the whole story.
    const ranDespiteThem = conditionTruth(workflowJob, workflow, blame).actual !== false;
    if (causes.length > 0 && ranDespiteThem) {
      const first = causes[0]!;
      return {
        ...withStep,
        role: 'cascade',
        causedBy: unique(causes.flatMap((item) => item.blame.roots)),
        chain: [job.name, ...chainOf(first.blame.via)],
        inferred: true,
        reason: `failed after ${describeTrouble(first, byName)}; it ran anyway${ifNote(workflowJob)}`,
      };
    }
    // Failed on its own; root-cause or independent-failure is settled once every job is classified.
    return { ...withStep, role: 'independent-failure', reason: ownFailureReason(job) };
  }

  // Skipped: which condition made it so?
  const verdict = skipVerdict(workflowJob, workflow, blame);
  if (verdict.becauseOfNeeds && upstream.length > 0) {
    const causes = upstream.filter((item) => item.blame.roots.length > 0);
    const followed = causes[0] ?? upstream[0]!;
    const chain = [job.name, ...chainOf(followed.blame.via)];
    if (causes.length > 0) {
      return {
        ...base,
        role: 'cascade',
        causedBy: unique(causes.flatMap((item) => item.blame.roots)),
        chain,
        inferred: true,
        reason: `skipped because ${describeTrouble(followed, byName)}${ifNote(workflowJob)}${
          verdict.ownConditionUnknown ? '; its own if: may have been false too' : ''
        }`,
      };
    }
    return {
      ...base,
      role: 'skipped-by-condition',
      chain,
      inferred: true,
      reason: `skipped because ${followed.name} was skipped by its condition`,
    };
  }
  return {
    ...base,
    role: 'skipped-by-condition',
    inferred: true,
    reason: verdict.reason,
  };
}

/** A need (or, failing that, an ancestor) whose result is not success, with its blame. */
interface Trouble {
  name: string;
  blame: Blame;
}

function upstreamTrouble(
  workflowJob: WorkflowJob,
  workflow: WorkflowModel,
  blame: Map<string, Blame>,
): Trouble[] {
  const bad = (id: string): Trouble | undefined => {
    const entry = blame.get(id);
    if (!entry || entry.result === undefined || entry.result === 'success') return undefined;
    return { name: entry.via?.job.name ?? id, blame: entry };
  };
  const direct = workflowJob.needs.map(bad).filter((item): item is Trouble => item !== undefined);
  if (direct.length > 0) return direct;
  return ancestorsOf(workflow.jobs, workflowJob.id)
    .map(bad)
    .filter((item): item is Trouble => item !== undefined);
}

/** The job's `if:` on the actual results of its needs, and as if they had all succeeded. */
function conditionTruth(
  workflowJob: WorkflowJob,
  workflow: WorkflowModel,
  blame: Map<string, Blame>,
): { actual: Truth; green: Truth } {
  const condition = workflowJob.if ?? 'success()';
  const ancestors = ancestorsOf(workflow.jobs, workflowJob.id);
  const needs: Record<string, NeedResult | undefined> = {};
  const allGreen: Record<string, NeedResult | undefined> = {};
  for (const need of workflowJob.needs) {
    needs[need] = blame.get(need)?.result;
    allGreen[need] = 'success';
  }
  const actual = evaluateCondition(condition, {
    needs,
    ancestors: ancestors.map((id) => blame.get(id)?.result),
  });
  const green = evaluateCondition(condition, { needs: allGreen, ancestors: ancestors.map(() => 'success') });
  return { actual, green };
}

/** Whether the needs made the `if:` false, and a reason when they did not. */
function skipVerdict(
  workflowJob: WorkflowJob,
  workflow: WorkflowModel,
  blame: Map<string, Blame>,
): { becauseOfNeeds: boolean; ownConditionUnknown: boolean; reason: string } {
  const condition = workflowJob.if ?? 'success()';
  const { actual, green } = conditionTruth(workflowJob, workflow, blame);
  if (actual === false && green !== false) {
    return { becauseOfNeeds: true, ownConditionUnknown: green === 'unknown', reason: '' };
  }
  const own = { becauseOfNeeds: false, ownConditionUnknown: false };
  const written = workflowJob.ifSource ?? condition;
  if (written.trim() === 'false') return { ...own, reason: 'disabled with `if: false`' };
  if (actual === false || green === false)
    return { ...own, reason: `its if: \`${written}\` evaluated to false` };
  if (actual === 'unknown') {
    return {
      ...own,
      reason: `its if: \`${written}\` evaluated to false (it reads values the API does not show)`,
    };
  }
  return {
    ...own,
    reason: workflowJob.ifSource
      ? `skipped although its if: \`${written}\` holds on its needs' results; the API gives no reason`
      : 'skipped though it has no if: and its needs succeeded; the API gives no reason',
  };
}

/**
 * Jobs the workflow cannot place (no workflow, or missing from it): failures are own failures;
 * a skip that completed after a failure is guessed to cascade from the latest such failure.
 */
function classifyWithoutGraph(items: Draft[], all: Draft[], basis: string): void {
  const failures = all
    .filter((item) => isFailed(item.job) || item.job.conclusion === 'cancelled')
    .map((item) => ({ item, at: Date.parse(item.job.completed_at ?? '') }))
    .filter((entry) => !Number.isNaN(entry.at))
    .sort((a, b) => a.at - b.at);
  for (const item of items) {
    const job = item.job;
    const base = { ...baseAssignment(job, undefined, []), inferred: true };
    if (!isCompleted(job)) {
      item.assignment = { ...pending(base, job), inferred: false };
      continue;
    }
    const result = resultOf(job);
    if (job.conclusion === 'cancelled') {
      item.assignment = { ...base, inferred: false, role: 'cancelled', reason: 'cancelled' };
    } else if (result === 'success') {
      item.assignment = { ...base, inferred: false, role: 'succeeded', reason: 'succeeded' };
    } else if (result === 'failure') {
      const step = failedStep(job);
      item.assignment = {
        ...base,
        ...(step ? { failedStep: step.name } : {}),
        role: 'independent-failure',
        reason: `${ownFailureReason(job)} (${basis}: assumed to fail on its own)`,
      };
    } else {
      const at = Date.parse(job.completed_at ?? job.started_at ?? '');
      const before = failures.filter((entry) => entry.item !== item && !Number.isNaN(at) && entry.at <= at);
      const cause = before[before.length - 1]?.item;
      const timesKnown = !Number.isNaN(at) && failures.length > 0;
      const anyFailure = all.some((other) => isFailed(other.job));
      item.assignment = cause
        ? {
            ...base,
            role: 'cascade',
            causedBy: [cause.job.name],
            chain: [job.name, cause.job.name],
            reason: `skipped after ${cause.job.name} ${describeResult(resultOf(cause.job))} (${basis}: guessed from timing)`,
          }
        : {
            ...base,
            role: 'skipped-by-condition',
            reason:
              anyFailure && !timesKnown
                ? `skipped; without the workflow's needs or job times, a failed need cannot be ruled out (${basis})`
                : `skipped before any job failed, so probably by its own if: (${basis})`,
          };
    }
  }
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
    const waiting = own
      ? draft.filter(
          (other) =>
            other.workflowJob !== undefined &&
            !isCompleted(other.job) &&
            (dependents.get(own.id) ?? []).includes(other.workflowJob.id) &&
            willBeSkipped(other.workflowJob, own.id),
        )
      : [];
    if (followers.length > 0) {
      assignment.role = 'root-cause';
      assignment.reason = `${assignment.reason}; ${plural(followers.length, 'job')} cascade from it`;
    } else if (waiting.length > 0) {
      assignment.role = 'root-cause';
      assignment.reason = `${assignment.reason}; ${plural(waiting.length, 'waiting job')} that need it will be skipped`;
    } else if (item.workflowJob) {
      const needing = dependents.get(item.workflowJob.id) ?? [];
      assignment.reason = `${assignment.reason}; ${needing.length === 0 ? 'no job needs it' : 'the jobs that need it ran anyway'}`;
    }
  }
}

/** True when a job's `if:` is already false because the given need failed. */
function willBeSkipped(job: WorkflowJob, failedNeed: string): boolean {
  const needs: Record<string, NeedResult | undefined> = {};
  for (const need of job.needs) needs[need] = need === failedNeed ? 'failure' : undefined;
  return evaluateCondition(job.if ?? 'success()', { needs, ancestors: ['failure'] }) === false;
}

function baseAssignment(job: ApiJobLite, jobId: string | undefined, needs: string[]): JobRoleAssignment {
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

function pending(base: JobRoleAssignment, job: ApiJobLite): JobRoleAssignment {
  if (job.status === 'in_progress') return { ...base, role: 'running', reason: 'running' };
  return {
    ...base,
    role: 'queued',
    reason: job.status === 'waiting' ? 'waiting (e.g. for an environment approval)' : job.status,
  };
}

function chainOf(item: Draft | undefined): string[] {
  if (!item) return [];
  const chain = item.assignment?.chain ?? [];
  return chain.length > 0 ? chain : [item.job.name];
}

function ownFailureReason(job: ApiJobLite): string {
  const step = failedStep(job);
  const what = job.conclusion === 'timed_out' ? 'timed out' : 'failed';
  return step ? `${what} at step '${step.name}'` : what;
}

/** "build failed at step 'Compile'", or "publish was skipped, a cascade of build". */
function describeTrouble(trouble: Trouble, byName: Map<string, Draft>): string {
  const what = `${trouble.name} ${describeResult(trouble.blame.result)}`;
  const roots = trouble.blame.roots;
  if (roots.length === 1 && roots[0] === trouble.name) {
    const step = byName.get(trouble.name)?.assignment?.failedStep;
    return step ? `${what} at step '${step}'` : what;
  }
  return roots.length > 0 ? `${what}, a cascade of ${roots.join(', ')}` : what;
}

function describeResult(result: NeedResult | undefined): string {
  if (result === 'failure') return 'failed';
  if (result === 'cancelled') return 'was cancelled';
  if (result === 'skipped') return 'was skipped';
  return 'did not succeed';
}

function ifNote(job: WorkflowJob): string {
  return job.ifSource ? ` (if: \`${job.ifSource}\`)` : '';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
