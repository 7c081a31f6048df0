/**
 * @module GitHub's converted job (from `@actions/workflow-parser`) plus its raw mapping → our job model.
 */
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { isBasicExpression, isMapping, isSequence, isString } from '@actions/workflow-parser';
import type {
  Job as ParsedJob,
  WorkflowJob as ParsedWorkflowJob,
} from '@actions/workflow-parser/model/workflow-template';
import { expandMatrix, type PlainMatrix } from './matrix.ts';
import type { MatrixModel, PermissionsModel, StepModel, WorkflowJob } from './model.ts';
import { child, isLiteralTree, pairs, rangeOf, tokenText, toPlain } from './tokens.ts';

/** One job of GitHub's converted template, plus what only its raw mapping holds, as our model. */
export function toJobModel(job: ParsedWorkflowJob, raw: TemplateToken | undefined): WorkflowJob {
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

/** `permissions:` as our model (`read-all`, `write-all`, `{}`, scopes or an expression). */
export function toPermissions(token: TemplateToken): PermissionsModel {
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

/** A mapping as key → source text. */
export function textMap(token: TemplateToken | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs(token)) result[pair.key] = tokenText(pair.value);
  return result;
}

/** An `if:` as written, without the `${{ }}` wrapper (GitHub accepts both). */
function ifSourceText(token: TemplateToken): string {
  if (isBasicExpression(token)) return token.expression;
  return tokenText(token).trim();
}
