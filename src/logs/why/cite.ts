/** @module Helpers for cited lines: one line once, in log order, in the result's shape. */
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

export function toEvidence(lines: Cited[]): EvidenceLine[] {
  return uniqueSorted(lines).map((l) => ({ line: l.n, text: l.text }));
}
