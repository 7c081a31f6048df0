import { describe, expect, it } from 'vitest';
import { type ConditionInputs, evaluateCondition } from './job-condition.ts';

const failedBuild: ConditionInputs = {
  needs: { build: 'failure', plan: 'success' },
  ancestors: ['failure', 'success'],
};
const allGreen: ConditionInputs = {
  needs: { build: 'success', plan: 'success' },
  ancestors: ['success', 'success'],
};
const skippedGate: ConditionInputs = { needs: { 'release-gate': 'skipped' }, ancestors: ['skipped'] };
const pending: ConditionInputs = { needs: { build: undefined }, ancestors: [undefined] };

describe('evaluateCondition', () => {
  it.each([
    ['success()', failedBuild, false],
    ['success()', allGreen, true],
    ['success()', skippedGate, false],
    ['success()', pending, 'unknown'],
    ['always()', failedBuild, true],
    ['failure()', failedBuild, true],
    ['failure()', allGreen, false],
    ['!cancelled()', failedBuild, true],
    ['!cancelled() && !failure()', failedBuild, false],
    ['!cancelled() && !failure()', allGreen, true],
    ["success() && (github.ref == 'refs/heads/main')", failedBuild, false],
    ["success() && (github.ref == 'refs/heads/main')", allGreen, 'unknown'],
    ["always() && needs.build.result == 'success'", failedBuild, false],
    ["always() && needs.build.result == 'SUCCESS'", allGreen, true],
    ["always() && needs.plan.outputs.publishing == 'true'", allGreen, 'unknown'],
    [
      "always() && (needs.release-gate.result == 'success' || needs.release-gate.result == 'skipped')",
      skippedGate,
      true,
    ],
    ["always() && contains(needs.*.result, 'failure')", failedBuild, true],
    ["always() && contains(needs.*.result, 'failure')", allGreen, false],
    ["always() && !contains(needs.*.result, 'failure')", pending, 'unknown'],
    ['success() && (false)', allGreen, false],
    ['success() && (true)', allGreen, true],
    ['success() && (inputs.dry-run || 0 == 1)', allGreen, 'unknown'],
    ['this is not an expression ((', allGreen, 'unknown'],
  ] as const)('%s', (condition, inputs, expected) => {
    expect(evaluateCondition(condition, inputs)).toBe(expected);
  });
});
