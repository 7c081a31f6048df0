/**
 * @module The end-of-run counts: "4/12 publish jobs succeeded; 1 root cause; 6 cascades; 2 independent failures".
 */
import type { JobRole, JobRoleAssignment } from './roles.ts';

/** Counts over the roles of a run. */
export interface RoleSummary {
  /** Number of API jobs. */
  total: number;
  /** Jobs per role (every role present, zero when none). */
  byRole: Record<JobRole, number>;
  /** Names of the root-cause jobs. */
  rootCauses: string[];
  /** Names of the independent failures. */
  independentFailures: string[];
  /** Number of cascades. */
  cascades: number;
  /**
   * Publish jobs (see `isPublishJob`), leaving out those skipped by their own condition (disabled
   * channels, dry runs): how many there are and how many succeeded.
   */
  publish: { total: number; succeeded: number };
  /** The one-line summary. */
  line: string;
}

const PUBLISH_WORDS = new Set(['publish', 'deploy', 'upload']);

/**
 * Default test for a publish job: its name or YAML key has the word publish, deploy or upload, or
 * ends with release (`build-and-release`, `release`) — but not `release-gate`, `build-release-binaries`.
 */
export function isPublishJob(assignment: JobRoleAssignment): boolean {
  return [assignment.name, assignment.jobId ?? ''].some((text) => {
    const words = text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word !== '');
    return words.some((word) => PUBLISH_WORDS.has(word)) || words[words.length - 1] === 'release';
  });
}

/** Summarises roles; `publishJob` overrides which jobs count as publish jobs. */
export function summarizeRoles(
  assignments: readonly JobRoleAssignment[],
  options: { publishJob?: (assignment: JobRoleAssignment) => boolean } = {},
): RoleSummary {
  const byRole: Record<JobRole, number> = {
    'root-cause': 0,
    cascade: 0,
    'skipped-by-condition': 0,
    'independent-failure': 0,
    succeeded: 0,
    running: 0,
    queued: 0,
    cancelled: 0,
  };
  for (const assignment of assignments) byRole[assignment.role] += 1;
  const publishJob = options.publishJob ?? isPublishJob;
  const publishing = assignments.filter(
    (assignment) => publishJob(assignment) && assignment.role !== 'skipped-by-condition',
  );
  const publish = {
    total: publishing.length,
    succeeded: publishing.filter((assignment) => assignment.role === 'succeeded').length,
  };
  const rootCauses = assignments.filter((item) => item.role === 'root-cause').map((item) => item.name);
  const independentFailures = assignments
    .filter((item) => item.role === 'independent-failure')
    .map((item) => item.name);
  const parts = [
    // "0/0 publish jobs succeeded" reads like a clean bill; say that none ran, and count all jobs.
    publish.total > 0
      ? `${publish.succeeded}/${publish.total} publish jobs succeeded`
      : `no publish job ran (${byRole.succeeded}/${assignments.length} jobs succeeded)`,
    count(rootCauses.length, 'root cause'),
    count(byRole.cascade, 'cascade'),
    count(independentFailures.length, 'independent failure'),
  ];
  if (byRole.cancelled > 0) parts.push(`${byRole.cancelled} cancelled`);
  if (byRole.running + byRole.queued > 0) parts.push(`${byRole.running + byRole.queued} not finished`);
  return {
    total: assignments.length,
    byRole,
    rootCauses,
    independentFailures,
    cascades: byRole.cascade,
    publish,
    line: parts.join('; '),
  };
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
