import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedApiNames } from './display-names.ts';
import { findCycles, topologicalOrder } from './job-graph.ts';
import type { PermissionsModel, StepModel, WorkflowJob } from './model.ts';
import { type ParsedWorkflow, parseWorkflow } from './parse.ts';

/**
 * Golden files: each `__fixtures__/golden/<case>.golden.txt` holds a workflow after `--- workflow.yml`
 * and the expected model, graph and problems after `--- expected`, in the text form `render` writes.
 * `UPDATE_GOLDEN=1 npx vitest run src/workflows/parse.test.ts` rewrites the expected parts (review the diff).
 */
const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'golden');
const cases = readdirSync(goldenDir).filter((name) => name.endsWith('.golden.txt'));
const skipped = new Set(
  readFileSync(path.join(goldenDir, 'skipped.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== ''),
);

describe('parseWorkflow golden files', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(5);
  });

  it.each(cases)('%s', async (name) => {
    if (skipped.has(name)) return;
    const file = path.join(goldenDir, name);
    const golden = readFileSync(file, 'utf8');
    const match = /^([\s\S]*?)^--- workflow\.yml\n([\s\S]*?)^--- expected\n([\s\S]*)$/m.exec(golden);
    expect(match, `${name} needs '--- workflow.yml' and '--- expected' sections`).not.toBeNull();
    const [, header, yaml, expected] = match!;
    const actual = render(await parseWorkflow('workflow.yml', yaml!));
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(file, `${header}--- workflow.yml\n${yaml}--- expected\n${actual}\n`);
      return;
    }
    expect(actual).toBe(expected!.trimEnd());
  });
});

describe('parseWorkflow never throws', () => {
  it.each([
    ['binary noise', '\u0000\u0001\u0002'],
    ['a list', '- a\n- b\n'],
    ['jobs as a list', 'on: push\njobs:\n  - build\n'],
    ['a job as a scalar', 'on: push\njobs:\n  build: yes\n'],
    ['tabs', 'on: push\njobs:\n\tbuild:\n\t\truns-on: x\n'],
    [
      'an unterminated expression',
      `on: push\njobs:\n  a:\n    if: \${{ github.ref ==\n    runs-on: x\n    steps: [{run: a}]\n`,
    ],
    [
      'duplicate keys',
      'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n  a:\n    runs-on: y\n    steps: [{run: b}]\n',
    ],
  ])('on %s: it reports located problems', async (_label, text) => {
    const result = await parseWorkflow('odd.yml', text);
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.file).toBe('odd.yml');
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.column).toBeGreaterThanOrEqual(1);
      expect(problem.message).not.toContain('\n');
    }
  });
});

/** The readable text form of a parse result that the golden files hold. */
function render(result: ParsedWorkflow): string {
  const lines: string[] = [];
  const { workflow } = result;
  if (!workflow) {
    lines.push('workflow: none');
  } else {
    const details = [`events: ${workflow.events.join(', ')}`];
    if (workflow.permissions) details.push(`permissions: ${permissionsText(workflow.permissions)}`);
    if (workflow.hasConcurrency) details.push('concurrency');
    if (Object.keys(workflow.env).length > 0) details.push(`env: ${mapText(workflow.env)}`);
    lines.push(`workflow: ${workflow.name} (${details.join('; ')})`);
    for (const job of workflow.jobs) lines.push(...renderJob(job));
    const { order, blocked } = topologicalOrder(workflow.jobs);
    lines.push(`order: ${order.join(', ')}`);
    if (blocked.length > 0) lines.push(`blocked: ${blocked.join(', ')}`);
    const cycles = findCycles(workflow.jobs);
    if (cycles.length > 0) lines.push(`cycles: ${cycles.map((cycle) => cycle.join(' <-> ')).join('; ')}`);
  }
  if (result.problems.length === 0) {
    lines.push('problems: none');
  } else {
    lines.push('problems:');
    for (const problem of result.problems) {
      lines.push(`  ${problem.line}:${problem.column} ${problem.code} ${problem.message}`);
    }
  }
  return lines.join('\n');
}

function renderJob(job: WorkflowJob): string[] {
  const parts = [`job ${job.id} [${job.type}]`];
  if (job.hasExplicitName) parts.push(`name=${quote(job.displayName, true)}`);
  if (job.needs.length > 0) parts.push(`needs=${job.needs.join(',')}`);
  if (job.if !== undefined) parts.push(`if=${quote(job.if, true)}`);
  if (job.type === 'job') {
    // The common default is left out to keep the files short.
    if (job.runsOn !== undefined && job.runsOn !== 'ubuntu-latest')
      parts.push(`runs-on=${quote(job.runsOn, true)}`);
    if (job.environment !== undefined) parts.push(`environment=${quote(job.environment)}`);
  }
  if (job.permissions) parts.push(`permissions=${permissionsText(job.permissions)}`);
  if (job.type === 'job' && job.envKeys.length > 0) parts.push(`env=${mapText(job.env)}`);
  if (job.timeoutMinutes !== undefined) parts.push(`timeout-minutes=${job.timeoutMinutes}`);
  if (job.hasConcurrency) parts.push('concurrency');
  if (job.type === 'reusableWorkflowJob') {
    parts.push(`uses=${job.uses}`);
    if (Object.keys(job.with).length > 0) parts.push(`with=${mapText(job.with)}`);
    if (job.inheritSecrets) parts.push('secrets=inherit');
  }
  if (job.matrix) {
    const count = job.matrix.combinations
      ? `${job.matrix.combinations.length} combinations`
      : 'known at run time';
    parts.push(`matrix=${job.matrix.keys.join(',') || '-'} (${count})`);
  }
  const names = expectedApiNames(job);
  const lines = [parts.join(' '), `  api names: ${names ? names.join(', ') : '(known at run time)'}`];
  if (job.type === 'job') lines.push(...job.steps.map(renderStep));
  return lines;
}

function renderStep(step: StepModel): string {
  const parts = ['  step'];
  if (step.id !== undefined) parts.push(`id=${quote(step.id)}`);
  if (step.name !== undefined) parts.push(`name=${quote(step.name, true)}`);
  if (step.uses !== undefined) parts.push(`uses=${quote(step.uses)}`);
  if (step.run !== undefined) parts.push(`run=${quote(step.run)}`);
  if (step.if !== undefined) parts.push(`if=${quote(step.if, true)}`);
  if (Object.keys(step.with).length > 0) parts.push(`with=${mapText(step.with)}`);
  if (step.envKeys.length > 0) parts.push(`env=${mapText(step.env)}`);
  if (step.continueOnError !== undefined) parts.push(`continue-on-error=${quote(step.continueOnError)}`);
  return parts.join(' ');
}

function permissionsText(permissions: PermissionsModel): string {
  if (permissions.type === 'all') return permissions.access === 'none' ? '{}' : `${permissions.access}-all`;
  if (permissions.type === 'expression') return permissions.text;
  return Object.entries(permissions.scopes)
    .map(([scope, level]) => `${scope}=${level}`)
    .join(',');
}

function mapText(map: Record<string, string>): string {
  return `{${Object.entries(map)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ')}}`;
}

function quote(text: string, always = false): string {
  const flat = text.replace(/\r?\n/g, '\\n');
  return always || /\s/.test(flat) ? `"${flat}"` : flat;
}
