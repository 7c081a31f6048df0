/**
 * @module The real analysis parts behind the watch loop: the workflow model (src/workflows),
 * role analysis and its summary (src/analysis), and `why` (src/logs/why).
 */
import { assignRoles, type JobRoleAssignment } from '../analysis/roles.ts';
import { summarizeRoles } from '../analysis/summary.ts';
import { diagnoseText } from '../logs/why/diagnose.ts';
import { apiJobNameMatches } from '../workflows/display-names.ts';
import type { WorkflowModel } from '../workflows/model.ts';
import { parseWorkflow } from '../workflows/parse.ts';
import type { WatchAnalysis } from './analysis.ts';

const WARM_UP_WORKFLOW = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';

export async function loadDefaultAnalysis(): Promise<WatchAnalysis<WorkflowModel, JobRoleAssignment>> {
  return {
    parseWorkflow,
    apiJobNameMatches,
    assignRoles,
    summarize: (assignments) => summarizeRoles(assignments).line,
    diagnoseText,
    async warmUp() {
      await parseWorkflow('warm-up.yml', WARM_UP_WORKFLOW);
      await diagnoseText('##[error]Process completed with exit code 1.\n');
    },
  };
}
