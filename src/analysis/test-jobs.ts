/**
 * @module Builders for hand-made API job lists in tests (the shapes `GET .../runs/{id}/jobs` returns).
 */
import type { ApiJobLite } from './api-job.ts';

const T0 = Date.parse('2025-08-20T10:00:00Z');

/** ISO time `minutes` after the run started. */
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

/** A completed job; `failingStep` names the step that failed (steps before it succeeded). */
export function completed(
  name: string,
  conclusion: string,
  options: { start?: number; end?: number; steps?: string[]; failingStep?: string } = {},
): ApiJobLite {
  const steps = conclusion === 'skipped' ? [] : (options.steps ?? ['Set up job', 'Run']);
  const failing = options.failingStep ?? (conclusion === 'failure' ? steps[steps.length - 1] : undefined);
  let reached = false;
  return {
    name,
    status: 'completed',
    conclusion,
    started_at: at(options.start ?? 0),
    completed_at: at(options.end ?? 1),
    steps: steps.map((step, index) => {
      const isFailing = step === failing;
      const after = reached;
      if (isFailing) reached = true;
      return {
        name: step,
        status: 'completed',
        conclusion: isFailing ? 'failure' : after ? 'skipped' : 'success',
        number: index + 1,
      };
    }),
  };
}

/** A job that has not completed. */
export function unfinished(
  name: string,
  status: 'queued' | 'in_progress' | 'waiting',
  start = 0,
): ApiJobLite {
  return {
    name,
    status,
    conclusion: null,
    started_at: status === 'queued' ? null : at(start),
    completed_at: null,
    steps: [],
  };
}
