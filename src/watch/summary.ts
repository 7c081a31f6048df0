/**
 * @module The end of a watch: the one-line summary and the exit code (pure).
 */
import type { JobRole } from './analysis.ts';

const FAILED_ROLES: readonly JobRole[] = ['root-cause', 'cascade', 'independent-failure'];
const FAILED_RUN = new Set(['failure', 'cancelled', 'timed_out', 'startup_failure', 'action_required']);

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summaryLine(
  roles: readonly (JobRole | null)[],
  options: { interrupted?: boolean } = {},
): string {
  const count = (role: JobRole) => roles.filter((r) => r === role).length;
  const parts = [
    `${count('succeeded')}/${roles.length} jobs succeeded`,
    plural(count('root-cause'), 'root cause', 'root causes'),
    plural(count('cascade'), 'cascade', 'cascades'),
    plural(count('independent-failure'), 'independent failure', 'independent failures'),
  ];
  const skipped = count('skipped-by-condition');
  if (skipped) parts.push(`${skipped} skipped by condition`);
  const cancelled = count('cancelled');
  if (cancelled) parts.push(`${cancelled} cancelled`);
  const unfinished = count('running') + count('queued');
  if (unfinished) parts.push(`${unfinished} not finished`);
  if (options.interrupted) parts.push('watch interrupted');
  return parts.join('; ');
}

/**
 * 0 when every job succeeded (or was skipped by its own condition), 1 when anything failed, 4 when
 * nothing failed but some job never finished while we watched (the run said completed while a job
 * did not): "every job succeeded" would be a claim nobody checked.
 */
export function exitCodeFor(roles: readonly (JobRole | null)[], runConclusion: string | null): 0 | 1 | 4 {
  if (roles.some((r) => r !== null && FAILED_ROLES.includes(r))) return 1;
  if (roles.some((r) => r === 'cancelled')) return 1;
  if (runConclusion !== null && FAILED_RUN.has(runConclusion)) return 1;
  if (roles.some((r) => r === 'running' || r === 'queued')) return 4;
  return 0;
}
