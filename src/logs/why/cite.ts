/** @module Helpers for cited lines: one line once, in log order, in the result's shape. */
import type { StepAcc } from './collect.ts';
import type { Cited } from './tail-ring.ts';
import type { EvidenceLine } from './types.ts';

/** Consequence lines shown per cause (the count can be large in long logs). */
export const MAX_CONSEQUENCES_SHOWN = 12;

const byLine = (a: { n: number }, b: { n: number }) => a.n - b.n;

export function uniqueSorted(lines: Cited[]): Cited[] {
  const m = new Map<number, Cited>();
  for (const l of lines) if (!m.has(l.n)) m.set(l.n, l);
  return [...m.values()].sort(byLine);
}

/** Cited lines in the result's shape, each with its job and step when the log names them. */
export function toEvidence(lines: Cited[], steps: readonly StepAcc[]): EvidenceLine[] {
  return uniqueSorted(lines).map((l) => {
    const e: EvidenceLine = { line: l.n, text: l.text };
    const s = steps[l.step];
    if (s?.job !== undefined) e.job = s.job;
    if (s?.name !== undefined) e.step = s.name;
    return e;
  });
}
