/**
 * @module Claimed vs actual: each publishing job's conclusion beside its channel's verdict. Pure.
 * "Green job, nothing published" and "red job, but published" are the two lies it exists to catch.
 */
import type { ChannelResult, ClaimRow } from './types.ts';

/** The fields of a run's job we need (the GitHub layer's Job satisfies it). */
export interface JobLite {
  name: string;
  status: string;
  conclusion?: string | null | undefined;
}

const norm = (s: string): string => s.toLowerCase().replace(/[\s_]+/g, '-');

/** Jobs named like the config's `job` (exactly, or a matrix instance `job (…)`). */
export function jobsFor(jobName: string, jobs: readonly JobLite[]): JobLite[] {
  const want = norm(jobName);
  return jobs.filter((j) => {
    const name = norm(j.name);
    return (
      name === want ||
      name.startsWith(`${want}-(`) ||
      name.startsWith(`${want}(`) ||
      name.startsWith(`${want} (`)
    );
  });
}

/** Worst conclusion of a job's instances (a matrix fails when one leg fails). */
function combined(jobs: readonly JobLite[]): string {
  if (jobs.some((j) => j.status !== 'completed'))
    return jobs.find((j) => j.status !== 'completed')?.status ?? 'in_progress';
  const order = [
    'failure',
    'timed_out',
    'cancelled',
    'action_required',
    'startup_failure',
    'skipped',
    'neutral',
    'success',
  ];
  const conclusions = jobs.map((j) => j.conclusion ?? 'unknown');
  return order.find((c) => conclusions.includes(c)) ?? conclusions[0] ?? 'unknown';
}

/** Without `job:`, the customary names: `<channel>`, `publish-<channel>`, `publish <channel>`, `<channel>-publish`. */
function guessJobs(channel: string, jobs: readonly JobLite[]): { guess: string; matched: JobLite[] } {
  for (const guess of [channel, `publish-${channel}`, `${channel}-publish`, `release-${channel}`]) {
    const matched = jobsFor(guess, jobs);
    if (matched.length > 0) return { guess, matched };
  }
  return { guess: channel, matched: [] };
}

export function compareClaims(
  channels: readonly (ChannelResult & { job?: string | undefined })[],
  jobs: readonly JobLite[],
): ClaimRow[] {
  const rows: ClaimRow[] = [];
  for (const c of channels) {
    const { guess, matched } = c.job
      ? { guess: c.job, matched: jobsFor(c.job, jobs) }
      : guessJobs(c.channel, jobs);
    const verdict = c.observation.verdict;
    if (matched.length === 0) {
      rows.push({
        channel: c.name,
        job: guess,
        conclusion: 'none',
        verdict,
        flag: 'no-job',
        message: c.job
          ? `no job named "${c.job}" in the run`
          : `no job named "${guess}" in the run (set \`job:\` for this channel in shipwatch.yml)`,
      });
      continue;
    }
    const conclusion = combined(matched);
    const job = matched.length === 1 ? (matched[0]?.name ?? guess) : `${guess} (${matched.length} jobs)`;
    const live = verdict === 'present';
    const landed = verdict === 'present' || verdict === 'pending';
    let flag: ClaimRow['flag'] = 'consistent';
    let message = '';
    if (
      ![
        'success',
        'failure',
        'timed_out',
        'cancelled',
        'skipped',
        'neutral',
        'startup_failure',
        'action_required',
      ].includes(conclusion)
    ) {
      flag = 'unfinished';
      message = `job is ${conclusion}`;
    } else if (conclusion === 'success' && verdict === 'absent') {
      flag = 'green-but-missing';
      message = 'green job, nothing published';
    } else if (conclusion !== 'success' && conclusion !== 'skipped' && landed) {
      flag = 'red-but-published';
      message = `${conclusion} job, but the version is ${verdict}`;
    } else if (conclusion === 'skipped' && live) {
      message = 'job skipped; the version was already there';
    } else {
      message = verdict === 'error' ? 'channel could not be checked: no claim to compare' : 'ok';
    }
    rows.push({ channel: c.name, job, conclusion, verdict, flag, message });
  }
  return rows;
}
