/**
 * @module Workflow YAML → WorkflowModel + located problems, with GitHub's own parser
 * (`@actions/workflow-parser`). Never throws: bad input becomes problems.
 */
import type { WorkflowTemplate } from '@actions/workflow-parser';
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow as parseTemplate,
} from '@actions/workflow-parser';
import { ErrorPolicy } from '@actions/workflow-parser/model/convert';
import type { TemplateValidationError } from '@actions/workflow-parser/templates/template-validation-error';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { findCycles } from './job-graph.ts';
import { textMap, toJobModel, toPermissions } from './job-model.ts';
import type { Problem, ProblemCode, WorkflowModel } from './model.ts';
import { child, pairs, rangeOf, tokenText } from './tokens.ts';

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
 * so cycles and unknown needs in such a file go unreported; report them here, in GitHub's wording.
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
  const ids = new Set(nodes.map((node) => node.id));
  for (const job of jobs) {
    for (const need of (job.needs ?? []).filter((token) => !ids.has(token.value))) {
      const range = rangeOf(need);
      const line = range?.start.line ?? 1;
      const column = range?.start.column ?? 1;
      if (seen.has(`unknown-need:${line}:${column}`)) continue;
      seen.add(`unknown-need:${line}:${column}`);
      added.push({
        file: fileName,
        line,
        column,
        ...(range ? { range } : {}),
        message: `Job '${job.id.value}' depends on unknown job '${need.value}'.`,
        code: 'unknown-need',
      });
    }
  }
  return added;
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
