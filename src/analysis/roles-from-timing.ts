/**
 * @module Roles without the needs graph (no workflow file, or an API job missing from it): from
 * conclusions and completion times only, every guess saying so.
 */
import { failedStep, isCompleted, isFailed, resultOf } from './api-job.ts';
import { baseAssignment, type Draft, describeResult, ownFailureReason, pending } from './role-parts.ts';

/**
 * Jobs the workflow cannot place (no workflow, or missing from it): failures are own failures;
 * a skip that completed after a failure is guessed to cascade from the latest such failure.
 */
export function classifyWithoutGraph(items: Draft[], all: Draft[], basis: string): void {
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
