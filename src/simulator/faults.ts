/**
 * @module Faults on demand: which request gets which failure. Rules are counted per rule, in the order
 * requests arrive, so "the 3rd jobs request gets a 502" is reproducible.
 */
import { FaultRule, type ResolvedFaultRule } from './scenario-schema.ts';

/** Faults to inject; each rule applies to the requests whose path matches `match`. */
export type FaultPlan = FaultRule[];

interface ActiveRule {
  rule: ResolvedFaultRule;
  pattern: RegExp;
  seen: number;
}

const LOG_PATHS = /\/logs$/;

export class FaultInjector {
  #rules: ActiveRule[] = [];

  constructor(plan: FaultPlan = []) {
    this.add(plan);
  }

  /** Adds rules (validated; throws a zod error on a bad rule). */
  add(plan: FaultPlan): void {
    for (const input of plan) {
      const rule = FaultRule.parse(input);
      const pattern =
        rule.match !== undefined ? new RegExp(rule.match) : rule.kind === 'logs-gone' ? LOG_PATHS : /./;
      this.#rules.push({ rule, pattern, seen: 0 });
    }
  }

  clear(): void {
    this.#rules = [];
  }

  rules(): ResolvedFaultRule[] {
    return this.#rules.map((r) => r.rule);
  }

  /**
   * The faults that hit this request (at most one of each kind; `slow` combines with the others).
   * Every matching rule counts the request, so `after`/`times` stay predictable.
   */
  take(path: string): ResolvedFaultRule[] {
    const hits: ResolvedFaultRule[] = [];
    for (const active of this.#rules) {
      if (!active.pattern.test(path)) continue;
      active.seen++;
      const index = active.seen - active.rule.after;
      if (index < 1) continue;
      if (active.rule.times !== 0 && index > active.rule.times) continue;
      if (!hits.some((h) => h.kind === active.rule.kind)) hits.push(active.rule);
    }
    return hits;
  }
}
