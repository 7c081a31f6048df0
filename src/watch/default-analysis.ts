/**
 * @module The real analysis parts behind the watch loop: the workflow model (src/workflows),
 * role analysis (src/analysis/roles.ts) and `why` (src/logs/why).
 */
import { InternalError } from '../errors.ts';
import type { ApiJobLite, DiagnosisLike, RoleAssignment, WatchAnalysis, WorkflowLike } from './analysis.ts';

// Interim: loaded by specifier until those modules are committed; replaced by static imports then.
const WORKFLOW_PARSE = '../workflows/parse.ts';
const WORKFLOW_NAMES = '../workflows/api-names.ts';
const ROLES = '../analysis/roles.ts';
const WHY = '../logs/why/diagnose.ts';

async function load<T>(specifier: string, name: string): Promise<T> {
  try {
    const mod = (await import(specifier)) as Record<string, unknown>;
    if (typeof mod[name] !== 'function') throw new Error(`${specifier} has no export ${name}`);
    return mod[name] as T;
  } catch (error) {
    throw new InternalError(`analysis part missing: ${name} (${specifier})`, { cause: error });
  }
}

export async function loadDefaultAnalysis(): Promise<WatchAnalysis<WorkflowLike>> {
  const parseWorkflow = await load<WatchAnalysis<WorkflowLike>['parseWorkflow']>(
    WORKFLOW_PARSE,
    'parseWorkflow',
  );
  const apiJobNameMatches = await load<WatchAnalysis<WorkflowLike>['apiJobNameMatches']>(
    WORKFLOW_NAMES,
    'apiJobNameMatches',
  ).catch(() => load<WatchAnalysis<WorkflowLike>['apiJobNameMatches']>(WORKFLOW_PARSE, 'apiJobNameMatches'));
  const assignRoles = await load<
    (jobs: ApiJobLite[], workflow: WorkflowLike | undefined) => RoleAssignment[]
  >(ROLES, 'assignRoles');
  const diagnoseText = await load<(text: string) => Promise<DiagnosisLike>>(WHY, 'diagnoseText');
  return { parseWorkflow, apiJobNameMatches, assignRoles, diagnoseText };
}
