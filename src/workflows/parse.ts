/**
 * @module Workflow YAML → WorkflowModel + located problems, with GitHub's own parser
 * (`@actions/workflow-parser`). Never throws: bad input becomes problems.
 */
import type { WorkflowTemplate } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import {
  convertWorkflowTemplate,
  isBasicExpression,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow as parseTemplate,
} from '@actions/workflow-parser';
import type { TemplateValidationError } from '@actions/workflow-parser/templates/template-validation-error';
import { ErrorPolicy } from '@actions/workflow-parser/model/convert';
import type {
  Job as ParsedJob,
  WorkflowJob as ParsedWorkflowJob,
} from '@actions/workflow-parser/model/workflow-template';
import { findCycles } from './job-graph.ts';
import { expandMatrix, type PlainMatrix } from './matrix.ts';
import type {
  MatrixModel,
  PermissionsModel,
  Problem,
  ProblemCode,
  StepModel,
  WorkflowJob,
  WorkflowModel,
} from './model.ts';
import { child, isLiteralTree, pairs, rangeOf, tokenText, toPlain } from './tokens.ts';

/** The result of parsing one workflow file. */
export interface ParsedWorkflow {
  /** The model, when the file is YAML with a `jobs:` mapping (possibly with problems). */
  workflow: WorkflowModel | undefined;
  /** Located problems, in file order. */
  problems: Problem[];
}

/** Parses a workflow file. Never throws. */
export async function parseWorkflow(fileName: string, text: string): Promise<ParsedWorkflow> {
  try {
    return await parseUnsafe(fileName, text);
  } catch (error) {
    // The parser is GitHub's; if it breaks on some input, that input is still just a bad file to us.
    const message = error instanceof Error ? error.message : String(error);
    return {
      workflow: undefined,
      problems: [problem(fileName, 'invalid-workflow', `Cannot parse workflow: ${message}`)],
    };
  }
}

async function parseUnsafe(fileName: string, text: string): Promise<ParsedWorkflow> {
  if (text.trim() === '') {
    return {
      workflow: undefined,
      problems: [problem(fileName, 'invalid-workflow', 'The workflow file is empty.')],
    };
  }
  const parsed = parseTemplate({ name: fileName, content: text }, new NoOperationTraceWriter());
  const root = parsed.value;
  if (!root) {
    const problems = parsed.context.errors
      .getErrors()
      .map((error) => toProblem(fileName, error, 'yaml-syntax'));
    return { workflow: undefined, problems };
  }
  const template = await convertWorkflowTemplate(parsed.context, root, undefined, {
    errorPolicy: ErrorPolicy.TryConversion,
  });
  const problems: Problem[] = parsed.context.errors
    .getErrors()
    .map((error) => toProblem(fileName, error, classify(error.rawMessage)));
  if (!isMapping(root) || !template.jobs) {
    return { workflow: undefined, problems: sortProblems(problems) };
  }
  const rawJobs = child(root, 'jobs');
  const jobs = template.jobs.map((job) => toJobModel(job, child(rawJobs, job.id.value)));
  problems.push(...missingGraphProblems(fileName, template, problems));
  const nameToken = child(root, 'name');
  const permissions = child(root, 'permissions');
  const workflow: WorkflowModel = {
    name: nameToken ? tokenText(nameToken) : fileName,
    file: fileName,
    events: eventNames(child(root, 'on')),
    ...(permissions ? { permissions: toPermissions(permissions) } : {}),
    hasConcurrency: child(root, 'concurrency') !== undefined,
    env: textMap(child(root, 'env')),
    jobs,
  };
  return { workflow, problems: sortProblems(problems) };
}

/**
 * GitHub's parser stops its needs check at "must contain at least one job with no dependencies",
 * so cycles in such a file go unreported; report them here, in GitHub's wording.
 */
function missingGraphProblems(fileName: string, template: WorkflowTemplate, known: Problem[]): Problem[] {
  const jobs = template.jobs ?? [];
  const nodes = jobs.map((job) => ({ id: job.id.value, needs: (job.needs ?? []).map((need) => need.value) }));
  const seen = new Set(known.map((item) => `${item.code}:${item.line}:${item.column}`));
  const added: Problem[] = [];
  for (const cycle of findCycles(nodes)) {
    const members = new Set(cycle);
    for (const job of jobs.filter((candidate) => members.has(candidate.id.value))) {
      for (const need of (job.needs ?? []).filter((token) => members.has(token.value))) {
        const range = rangeOf(need);
        const line = range?.start.line ?? 1;
        const column = range?.start.column ?? 1;
        if (seen.has(`needs-cycle:${line}:${column}`)) continue;
        seen.add(`needs-cycle:${line}:${column}`);
        added.push({
          file: fileName,
          line,
          column,
          ...(range ? { range } : {}),
          message: `Job '${job.id.value}' depends on job '${need.value}' which creates a cycle in the dependency graph.`,
          code: 'needs-cycle',
        });
      }
    }
  }
  return added;
}

function toJobModel(job: ParsedWorkflowJob, raw: TemplateToken | undefined): WorkflowJob {
  const nameToken = job.name;
  const explicitName = child(raw, 'name');
  const displayName = nameToken ? tokenText(nameToken) : job.id.value;
  const ifToken = child(raw, 'if');
  const strategy = child(raw, 'strategy');
  const failFast = child(strategy, 'fail-fast');
  const matrix = toMatrix(
    child(strategy, 'matrix'),
    failFast === undefined || tokenText(failFast) !== 'false',
  );
  const permissions = child(raw, 'permissions');
  const continueOnError = child(raw, 'continue-on-error');
  const timeoutMinutes = child(raw, 'timeout-minutes');
  const range = rangeOf(job.id);
  const base = {
    id: job.id.value,
    displayName: displayName === '' ? job.id.value : displayName,
    hasExplicitName: explicitName !== undefined && tokenText(explicitName) !== '',
    needs: (job.needs ?? []).map((need) => need.value),
    ...(ifToken ? { if: job.if?.expression ?? tokenText(ifToken), ifSource: ifSourceText(ifToken) } : {}),
    ...(matrix ? { matrix } : {}),
    ...(permissions ? { permissions: toPermissions(permissions) } : {}),
    ...(continueOnError ? { continueOnError: tokenText(continueOnError) } : {}),
    ...(timeoutMinutes ? { timeoutMinutes: tokenText(timeoutMinutes) } : {}),
    hasConcurrency: child(raw, 'concurrency') !== undefined,
    ...(range ? { range } : {}),
  };
  if (job.type === 'reusableWorkflowJob') {
    return {
      ...base,
      type: 'reusableWorkflowJob',
      uses: job.ref.value,
      with: textMap(child(raw, 'with')),
      inheritSecrets: job['inherit-secrets'] === true,
    };
  }
  const regular: ParsedJob = job;
  const runsOn = regular['runs-on'];
  const environment = environmentName(regular.environment);
  return {
    ...base,
    type: 'job',
    ...(runsOn ? { runsOn: runsOnText(runsOn) } : {}),
    ...(environment !== undefined ? { environment } : {}),
    envKeys: pairs(child(raw, 'env')).map((pair) => pair.key),
    env: textMap(child(raw, 'env')),
    steps: toSteps(child(raw, 'steps')),
  };
}

function toSteps(token: TemplateToken | undefined): StepModel[] {
  if (!token || !isSequence(token)) return [];
  return [...token].filter(isMapping).map((step) => {
    const text = (key: string): string | undefined => {
      const value = child(step, key);
      return value === undefined ? undefined : tokenText(value);
    };
    const id = text('id');
    const name = text('name');
    const uses = text('uses');
    const run = text('run');
    const ifToken = child(step, 'if');
    const continueOnError = text('continue-on-error');
    const range = rangeOf(step);
    return {
      ...(id !== undefined ? { id } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(uses !== undefined ? { uses } : {}),
      ...(run !== undefined ? { run } : {}),
      ...(ifToken ? { if: ifSourceText(ifToken) } : {}),
      with: textMap(child(step, 'with')),
      envKeys: pairs(child(step, 'env')).map((pair) => pair.key),
      env: textMap(child(step, 'env')),
      ...(continueOnError !== undefined ? { continueOnError } : {}),
      ...(range ? { range } : {}),
    };
  });
}

function toMatrix(token: TemplateToken | undefined, failFast: boolean): MatrixModel | undefined {
  if (!token) return undefined;
  const plain = toPlain(token);
  const source = JSON.stringify(plain);
  if (!isMapping(token)) return { keys: [], combinations: undefined, source, failFast };
  const keys = pairs(token)
    .map((pair) => pair.key)
    .filter((key) => key !== 'include' && key !== 'exclude');
  const combinations = isLiteralTree(token) ? expandMatrix(plain as PlainMatrix) : undefined;
  return { keys, combinations, source, failFast };
}

function toPermissions(token: TemplateToken): PermissionsModel {
  if (isBasicExpression(token)) return { type: 'expression', text: tokenText(token) };
  if (isString(token)) {
    if (token.value === 'read-all') return { type: 'all', access: 'read' };
    if (token.value === 'write-all') return { type: 'all', access: 'write' };
  }
  const scopes: Record<string, string> = {};
  for (const pair of pairs(token)) scopes[pair.key] = tokenText(pair.value);
  if (Object.keys(scopes).length === 0) return { type: 'all', access: 'none' };
  return { type: 'scopes', scopes };
}

function environmentName(token: TemplateToken | undefined): string | undefined {
  if (!token) return undefined;
  if (isMapping(token)) {
    const name = child(token, 'name');
    return name ? tokenText(name) : undefined;
  }
  return tokenText(token);
}

function runsOnText(token: TemplateToken): string {
  if (isSequence(token)) return [...token].map((item) => tokenText(item)).join(', ');
  if (isMapping(token)) {
    const labels = child(token, 'labels');
    const group = child(token, 'group');
    return [group ? `group: ${tokenText(group)}` : '', labels ? runsOnText(labels) : '']
      .filter((part) => part !== '')
      .join(', ');
  }
  return tokenText(token);
}

function textMap(token: TemplateToken | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs(token)) result[pair.key] = tokenText(pair.value);
  return result;
}

/** An `if:` as written, without the `${{ }}` wrapper (GitHub accepts both). */
function ifSourceText(token: TemplateToken): string {
  if (isBasicExpression(token)) return token.expression;
  return tokenText(token).trim();
}

function eventNames(token: TemplateToken | undefined): string[] {
  if (!token) return [];
  if (isString(token)) return [token.value];
  if (isSequence(token)) return [...token].map((item) => tokenText(item));
  return pairs(token).map((pair) => pair.key);
}

function classify(message: string): ProblemCode {
  if (message.includes('depends on unknown job')) return 'unknown-need';
  if (message.includes('creates a cycle in the dependency graph')) return 'needs-cycle';
  if (message.includes('at least one job with no dependencies')) return 'no-entry-job';
  return 'invalid-workflow';
}

function firstLine(message: string): string {
  const line = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
  // The parser's type errors name its own token classes; say what the file should hold instead.
  const typeError =
    /^Unexpected type '(\w+)Token' encountered while reading '([^']+)'\. The type '(\w+)Token' was expected\.$/.exec(
      line,
    );
  if (!typeError) return line;
  const [, found, where, wanted] = typeError;
  return `Expected ${article(wanted!)} for '${where}', found ${article(found!)}.`;
}

function article(tokenKind: string): string {
  const noun = tokenKind.replace(/^Basic/, '').toLowerCase();
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** GitHub's validation error as a located problem (file-level errors point at 1:1). */
function toProblem(file: string, error: TemplateValidationError, code: ProblemCode): Problem {
  const range = error.range;
  return {
    file,
    line: range?.start.line ?? 1,
    column: range?.start.column ?? 1,
    ...(range ? { range: { start: { ...range.start }, end: { ...range.end } } } : {}),
    message: firstLine(error.rawMessage),
    code,
  };
}

function problem(file: string, code: ProblemCode, message: string): Problem {
  return { file, line: 1, column: 1, message, code };
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
