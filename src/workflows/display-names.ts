/**
 * @module YAML job keys ↔ the job names the GitHub API reports.
 * GitHub names a job by its `name:` (expressions evaluated) or its key; a matrix job whose name has
 * no expression gets its matrix values appended, `build (linux, amd64)`; a reusable-workflow job
 * reports each called job as `caller / callee`. A job skipped before its matrix or name could be
 * evaluated keeps the name as written. Matching is therefore exact where the file allows it and a
 * pattern elsewhere; `resolveApiJobs` prefers exact matches and reports what it could not match.
 */
import { matrixSuffixValues } from './matrix.ts';
import type { MatrixCombination, MatrixValue, WorkflowJob, WorkflowModel } from './model.ts';

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/** How an API job name was tied to a workflow job. */
export type NameMatch = 'exact' | 'pattern';

/**
 * The names GitHub will report for the job when they can be known from the file alone
 * (no expressions other than `matrix.*`, literal matrix); `undefined` otherwise.
 * Reusable-workflow jobs return the caller part only (the callee names live in the other file).
 */
export function expectedApiNames(job: WorkflowJob): string[] | undefined {
  // resolveApiJobs asks for every (API job × workflow job) pair; a 256-combination matrix is expanded once.
  if (expectedCache.has(job)) return expectedCache.get(job);
  const names = computeExpectedApiNames(job);
  expectedCache.set(job, names);
  return names;
}

const expectedCache = new WeakMap<WorkflowJob, string[] | undefined>();
const patternCache = new WeakMap<WorkflowJob, RegExp | undefined>();

function computeExpectedApiNames(job: WorkflowJob): string[] | undefined {
  const combinations = job.matrix ? job.matrix.combinations : [undefined];
  if (!combinations) return undefined;
  if (combinations.length === 0) return [job.displayName];
  const names: string[] = [];
  for (const combination of combinations) {
    const name = evaluateName(job.displayName, combination);
    if (name === undefined) return undefined;
    const values = combination && !hasExpression(job.displayName) ? matrixSuffixValues(combination) : [];
    names.push(values.length > 0 ? `${name} (${values.join(', ')})` : name);
  }
  return [...new Set(names)];
}

/** True when `apiName` can be a name GitHub reports for `job` (exactly or by pattern). */
export function apiJobNameMatches(job: WorkflowJob, apiName: string): boolean {
  return matchApiJobName(job, apiName) !== undefined;
}

/** How `apiName` matches `job`: `exact`, `pattern`, or `undefined` when it cannot be that job. */
export function matchApiJobName(job: WorkflowJob, apiName: string): NameMatch | undefined {
  const expected = expectedApiNames(job);
  const callerPart = job.type === 'reusableWorkflowJob' ? callerOf(apiName) : apiName;
  if (expected?.includes(apiName) || (callerPart !== undefined && expected?.includes(callerPart)))
    return 'exact';
  // A job skipped before evaluation keeps its name as written, without a matrix suffix.
  if (apiName === job.displayName) return 'exact';
  if (!patternCache.has(job)) patternCache.set(job, namePattern(job));
  if (patternCache.get(job)?.test(apiName)) return 'pattern';
  if (apiName === job.id) return 'pattern';
  return undefined;
}

/** One API job and the workflow job it belongs to. */
export interface ResolvedApiJob<T> {
  /** The API job as given. */
  apiJob: T;
  /** The workflow job, or `undefined` when none matches (the file changed, or a name we cannot map). */
  job: WorkflowJob | undefined;
  /** How it matched; `undefined` when unmatched. */
  match: NameMatch | undefined;
}

/** The API jobs of a run mapped onto a workflow. */
export interface ApiJobResolution<T> {
  /** Every API job, in the order given, with its workflow job when found. */
  resolved: ResolvedApiJob<T>[];
  /** API jobs that match no workflow job (kept, not dropped). */
  unmatched: T[];
  /** Workflow jobs no API job maps to (not created yet, or not in this run). */
  notInRun: WorkflowJob[];
}

/**
 * Maps each API job to its workflow job. Exact matches win over patterns; among equals the job
 * first in the file wins, except that a job already taken by an exact name is passed over by
 * pattern matches when another candidate remains.
 */
export function resolveApiJobs<T extends { name: string }>(
  workflow: WorkflowModel,
  apiJobs: readonly T[],
): ApiJobResolution<T> {
  const exactTaken = new Set<string>();
  const firstPass = apiJobs.map((apiJob) => {
    const candidates = workflow.jobs
      .map((job) => ({ job, match: matchApiJobName(job, apiJob.name) }))
      .filter(
        (candidate): candidate is { job: WorkflowJob; match: NameMatch } => candidate.match !== undefined,
      );
    const exact = candidates.find((candidate) => candidate.match === 'exact');
    if (exact) exactTaken.add(exact.job.id);
    return { apiJob, candidates, exact };
  });
  const resolved = firstPass.map(({ apiJob, candidates, exact }): ResolvedApiJob<T> => {
    if (exact) return { apiJob, job: exact.job, match: 'exact' };
    const free = candidates.find((candidate) => !exactTaken.has(candidate.job.id) || candidate.job.matrix);
    const chosen = free ?? candidates[0];
    return chosen
      ? { apiJob, job: chosen.job, match: chosen.match }
      : { apiJob, job: undefined, match: undefined };
  });
  const used = new Set(resolved.flatMap((item) => (item.job ? [item.job.id] : [])));
  return {
    resolved,
    unmatched: resolved.filter((item) => item.job === undefined).map((item) => item.apiJob),
    notInRun: workflow.jobs.filter((job) => !used.has(job.id)),
  };
}

/**
 * A regular expression for every name GitHub could report for the job. A name that is one
 * expression and nothing else would match any name, so it only matches the string literals it
 * holds (`\${{ inputs.dry && 'Docs (dry run)' || 'Docs' }}`); `undefined` when it holds none.
 */
function namePattern(job: WorkflowJob): RegExp | undefined {
  const suffix = job.matrix ? '(?: \\(.*\\))?' : '';
  const callee = job.type === 'reusableWorkflowJob' ? '(?: / .+)?' : '';
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(job.displayName.trim());
  if (whole && !whole[1]!.includes('}}')) {
    const literals = [...whole[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((match) =>
      match[1]!.replace(/''/g, "'"),
    );
    if (literals.length === 0) return undefined;
    return new RegExp(`^(?:${literals.map(escapeRegExp).join('|')})${suffix}${callee}$`, 's');
  }
  let body = '';
  let last = 0;
  for (const match of job.displayName.matchAll(EXPRESSION)) {
    body += `${escapeRegExp(job.displayName.slice(last, match.index))}.*?`;
    last = match.index + match[0].length;
  }
  body += escapeRegExp(job.displayName.slice(last));
  return new RegExp(`^${body}${suffix}${callee}$`, 's');
}

/** `caller / callee` → `caller` (the first ` / ` separates them; a caller name may not contain it). */
function callerOf(apiName: string): string | undefined {
  const index = apiName.indexOf(' / ');
  return index < 0 ? undefined : apiName.slice(0, index);
}

/** Substitutes `${{ matrix.a.b }}` with the combination's values; `undefined` for any other expression. */
function evaluateName(template: string, combination: MatrixCombination | undefined): string | undefined {
  let unknown = false;
  const name = template.replace(EXPRESSION, (_whole, expression: string) => {
    const path = /^\s*matrix((?:\.[A-Za-z0-9_-]+)+)\s*$/.exec(expression);
    if (!path || !combination) {
      unknown = true;
      return '';
    }
    let value: MatrixValue | undefined = combination;
    for (const key of path[1]!.slice(1).split('.')) {
      value =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, MatrixValue>)[key]
          : undefined;
    }
    if (value === undefined) {
      // GitHub renders a missing matrix value as an empty string.
      return '';
    }
    if (value !== null && typeof value === 'object') {
      unknown = true;
      return '';
    }
    return value === null ? '' : String(value);
  });
  return unknown ? undefined : name;
}

function hasExpression(text: string): boolean {
  return /\$\{\{/.test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
