/**
 * @module The real analysis parts behind the watch loop: the workflow model (src/workflows),
 * role analysis and its summary (src/analysis), and `why` (src/logs/why).
 */
import { assignRoles, type JobRoleAssignment } from '../analysis/roles.ts';
import { summarizeRoles } from '../analysis/summary.ts';
import { InternalError } from '../errors.ts';
import { apiJobNameMatches } from '../workflows/display-names.ts';
import type { WorkflowModel } from '../workflows/model.ts';
import { parseWorkflow } from '../workflows/parse.ts';
import type { DiagnosisLike, WatchAnalysis } from './analysis.ts';

// Interim: `why` is loaded by specifier until src/logs/why is committed; a static import then.
const WHY = '../logs/why/diagnose.ts';

async function loadDiagnose(): Promise<(text: string) => Promise<DiagnosisLike>> {
  try {
    const mod = (await import(WHY)) as { diagnoseText?: unknown };
    if (typeof mod.diagnoseText !== 'function') throw new Error(`${WHY} has no export diagnoseText`);
    return mod.diagnoseText as (text: string) => Promise<DiagnosisLike>;
  } catch (error) {
    throw new InternalError(`analysis part missing: diagnoseText (${WHY})`, { cause: error });
  }
}

export async function loadDefaultAnalysis(): Promise<WatchAnalysis<WorkflowModel, JobRoleAssignment>> {
  const diagnoseText = await loadDiagnose();
  return {
    parseWorkflow,
    apiJobNameMatches,
    assignRoles,
    summarize: (assignments) => summarizeRoles(assignments).line,
    diagnoseText,
    async warmUp() {
      await parseWorkflow(
        'warm-up.yml',
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
      );
      await diagnoseText('##[error]Process completed with exit code 1.\n');
    },
  };
}
