/**
 * @module Roles from the workflow: walk the jobs in needs order, keep for each workflow job why it
 * did not succeed (its "blame"), and judge each API job on its needs' results and its own `if:`.
 */
import { type ApiJobLite, combinedResult, failedStep, isCompleted, isFailed, resultOf } from './api-job.ts';
import { evaluateCondition, type NeedResult, type Truth } from './job-condition.ts';
import {
  baseAssignment,
  chainOf,
  type Draft,
  describeResult,
  type JobRoleAssignment,
  ownFailureReason,
  pending,
  unique,
} from './role-parts.ts';
import { ancestorsOf, topologicalOrder } from '../workflows/job-graph.ts';
import type { WorkflowJob, WorkflowModel } from '../workflows/model.ts';

/** Why a workflow job's result is not success: the API jobs that caused it, and one instance to follow. */
interface Blame {
  /** `needs.<id>.result` as the dependents see it; `undefined` while not known. */
  result: NeedResult | undefined;
  /** API names of the jobs that failed on their own (or were cancelled) behind this result. */
  roots: string[];
  /** The API job to follow when building a chain (the failed, else cancelled, else skipped instance). */
  via: Draft | undefined;
}

/** Assigns every API job that maps to a workflow job, in needs order (upstream first). */
export function classifyWithWorkflow(draft: Draft[], workflow: WorkflowModel): void {
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
  const byName = new Map(latestAttempts(draft).map((item) => [item.job.name, item]));
  // Workflow job id → an API name to show for it in chains (its first instance, else its id).
  const names = new Map<string, string>();
  for (const [id, instances] of byJob) names.set(id, instances[0]!.job.name);
  for (const id of [...order, ...blocked]) {
    const workflowJob = jobsById.get(id)!;
    const instances = byJob.get(id) ?? [];
    for (const item of instances) {
      item.assignment = classifyOne(item.job, workflowJob, workflow, blame, byName, names);
    }
    if (workflowJob.matrix?.failFast) explainFailFast(instances);
    blame.set(id, blameOf(instances, workflowJob));
  }
  // Earlier attempts of re-run jobs: their own story, but they no longer decide anything downstream.
  for (const item of draft) {
    if (item.assignment || !item.workflowJob) continue;
    const assignment = classifyOne(item.job, item.workflowJob, workflow, blame, byName, names);
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
  names: Map<string, string>,
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
        chain: chainThrough(job, first, names),
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
    const chain = chainThrough(job, followed, names);
    if (causes.length > 0) {
      return {
        ...base,
        role: 'cascade',
        causedBy: unique(causes.flatMap((item) => item.blame.roots)),
        chain,
        inferred: true,
        reason: `skipped because ${describeTrouble(followed, byName)}${throughNote(followed, names)}${ifNote(workflowJob)}${
          verdict.ownConditionUnknown ? '; its own if: may have been false too' : ''
        }`,
      };
    }
    return {
      ...base,
      role: 'skipped-by-condition',
      chain,
      inferred: true,
      reason: `skipped because ${followed.name} was skipped by its condition${throughNote(followed, names)}`,
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
  /** API name of the job to point at. */
  name: string;
  /** Its blame. */
  blame: Blame;
  /** Workflow jobs between the job and this one (empty for a direct need), nearest first. */
  through: string[];
}

function upstreamTrouble(
  workflowJob: WorkflowJob,
  workflow: WorkflowModel,
  blame: Map<string, Blame>,
): Trouble[] {
  const bad = (id: string): Trouble | undefined => {
    const entry = blame.get(id);
    if (!entry || entry.result === undefined || entry.result === 'success') return undefined;
    return { name: entry.via?.job.name ?? id, blame: entry, through: [] };
  };
  const direct = workflowJob.needs.map(bad).filter((item): item is Trouble => item !== undefined);
  if (direct.length > 0) return direct;
  // GitHub's default success() looks at every upstream job, not only the direct needs.
  return ancestorsOf(workflow.jobs, workflowJob.id).flatMap((id) => {
    const trouble = bad(id);
    return trouble ? [{ ...trouble, through: pathBetween(workflow, workflowJob.id, id) }] : [];
  });
}

/** Job ids strictly between `from` and its ancestor `to` on a shortest needs path, nearest first. */
function pathBetween(workflow: WorkflowModel, from: string, to: string): string[] {
  const byId = new Map(workflow.jobs.map((job) => [job.id, job]));
  const previous = new Map<string, string>();
  let frontier = [from];
  while (frontier.length > 0 && !previous.has(to)) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const need of byId.get(id)?.needs ?? []) {
        if (previous.has(need) || need === from) continue;
        previous.set(need, id);
        next.push(need);
      }
    }
    frontier = next;
  }
  const path: string[] = [];
  for (let at = previous.get(to); at !== undefined && at !== from; at = previous.get(at)) path.unshift(at);
  return path;
}

/** The chain from a job through a trouble: the job, any jobs in between, then the trouble's own chain. */
function chainThrough(job: ApiJobLite, trouble: Trouble, names: Map<string, string>): string[] {
  return [job.name, ...trouble.through.map((id) => names.get(id) ?? id), ...chainOf(trouble.blame.via)];
}

/** ", through publish (not a direct need)" for an upstream job reached through others. */
function throughNote(trouble: Trouble, names: Map<string, string>): string {
  if (trouble.through.length === 0) return '';
  const via = trouble.through.map((id) => names.get(id) ?? id).join(' ← ');
  return ` (upstream of ${via}: GitHub's default success() looks at every job upstream, not only direct needs)`;
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

function ifNote(job: WorkflowJob): string {
  return job.ifSource ? ` (if: \`${job.ifSource}\`)` : '';
}
