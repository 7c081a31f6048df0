/**
 * @module From API jobs (+ workflow, roles, diagnoses) to the rows the views show (pure).
 */
import type { Job } from '../github/schema.ts';
import type { ApiJobLite, RoleAssignment, WatchAnalysis, WorkflowLike } from './analysis.ts';
import type { DiagnosisLike } from './analysis.ts';
import type { DiagnosisSummary, JobView } from './events.ts';

export function toApiJobLite(job: Job): ApiJobLite {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion ?? null,
    steps: (job.steps ?? []).map((s) => ({
      name: s.name,
      status: s.status,
      conclusion: s.conclusion ?? null,
      number: s.number,
    })),
  };
}

/** The running step, or for a completed job the step that failed. */
export function currentStep(job: Job): string | null {
  const steps = job.steps ?? [];
  if (job.status === 'completed') {
    const failed = steps.find((s) => s.conclusion === 'failure' || s.conclusion === 'timed_out');
    return failed?.name ?? null;
  }
  const running = steps.find((s) => s.status === 'in_progress');
  return running?.name ?? null;
}

export function durationSec(job: Job, nowMs: number): number | null {
  const start = job.started_at ? Date.parse(job.started_at) : Number.NaN;
  if (!Number.isFinite(start)) return null;
  if (job.status === 'completed') {
    const end = job.completed_at ? Date.parse(job.completed_at) : Number.NaN;
    return Number.isFinite(end) ? Math.max(0, Math.round((end - start) / 1000)) : null;
  }
  return Math.max(0, Math.round((nowMs - start) / 1000));
}

/** API names of the jobs that `apiName` needs, via the workflow's `needs` of the matching YAML job. */
export function needsOf<W extends WorkflowLike>(
  analysis: Pick<WatchAnalysis<W>, 'apiJobNameMatches'>,
  workflow: W | undefined,
  apiName: string,
  apiNames: readonly string[],
): string[] {
  if (!workflow) return [];
  const yamlJob = workflow.jobs.find((j) => analysis.apiJobNameMatches(j, apiName));
  if (!yamlJob) return [];
  const out: string[] = [];
  for (const id of yamlJob.needs) {
    const needed = workflow.jobs.find((j) => j.id === id);
    const matches = needed ? apiNames.filter((n) => analysis.apiJobNameMatches(needed, n)) : [];
    if (matches.length > 0) out.push(...matches);
    else out.push(needed && !needed.displayName.includes('${{') ? needed.displayName : id);
  }
  return [...new Set(out)];
}

export function summarizeDiagnosis(diagnosis: DiagnosisLike): DiagnosisSummary {
  const cause = diagnosis.causes[0];
  const evidence = cause?.evidence[0];
  return {
    failingStep: diagnosis.failingStep?.name ?? null,
    exitCode: diagnosis.failingStep?.exitCode ?? null,
    causeTitle: cause?.title ?? null,
    signature: cause?.signature ?? null,
    evidence: evidence ? { line: evidence.line, text: evidence.text } : null,
  };
}

export function buildJobView(
  job: Job,
  nowMs: number,
  needs: string[],
  role: RoleAssignment | undefined,
  diagnosis: DiagnosisSummary | null,
  logProblem: string | null,
): JobView {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion ?? null,
    step: currentStep(job),
    startedAt: job.started_at ?? null,
    completedAt: job.completed_at ?? null,
    durationSec: durationSec(job, nowMs),
    needs,
    role: role?.role ?? null,
    causedBy: role?.causedBy ?? [],
    chain: role?.chain ?? [],
    inferred: role?.inferred ?? false,
    reason: role?.reason ?? null,
    diagnosis,
    logProblem,
  };
}
