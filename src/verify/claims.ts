/**
 * @module Claimed vs actual: each publishing job's conclusion beside its channel's verdict.
 * "Green job, nothing published" and "red job, but published" are the two lies it exists to catch.
 * A channel's `job:` is the YAML job key (what shipwatch.yml documents) or a name the API reports;
 * keys are mapped to API names through the run's workflow file, as `watch` does (a `name:`, matrix
 * legs `build (linux, amd64)`, a reusable-workflow caller's `publish / called-job`).
 */
import { AppError } from '../errors.ts';
import { resolveApiJobs } from '../workflows/display-names.ts';
import type { WorkflowModel } from '../workflows/model.ts';
import { parseWorkflow } from '../workflows/parse.ts';
import type { ChannelResult, ClaimRow } from './types.ts';

/** The fields of a run's job we need (the GitHub layer's Job satisfies it). */
export interface JobLite {
  name: string;
  status: string;
  conclusion?: string | null | undefined;
}

const norm = (s: string): string => s.toLowerCase().replace(/[\s_]+/g, '-');

/** The run's workflow file as the claims read it: the model, or why there is none. */
export interface ClaimsWorkflow {
  /** The parsed file; `undefined` when it could not be read or parsed. */
  workflow?: WorkflowModel | undefined;
  /** Its path in the repository, when known. */
  file?: string | undefined;
  /** Why YAML job keys cannot be mapped (file unreadable, unparsable, or the run names none). */
  unavailable?: string | undefined;
}

/** Reads the workflow file of the run (`read` is the GitHub layer's fetch); never throws a GitHub error. */
export async function loadClaimsWorkflow(
  runId: number,
  read: (runId: number) => Promise<{ path: string; text: string } | undefined>,
): Promise<ClaimsWorkflow> {
  let file: { path: string; text: string } | undefined;
  try {
    file = await read(runId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'GITHUB_API')
      return { unavailable: `the workflow file could not be read (${error.message})` };
    throw error;
  }
  if (!file) return { unavailable: 'the run names no workflow file' };
  const parsed = await parseWorkflow(file.path, file.text);
  if (!parsed.workflow) {
    const first = parsed.problems[0];
    return {
      file: file.path,
      unavailable: `${file.path} could not be parsed${first ? ` (${first.line}:${first.column}: ${first.message})` : ''}`,
    };
  }
  return { workflow: parsed.workflow, file: file.path };
}

/** Jobs named like the config's `job` (exactly, a matrix instance `job (…)`, or a reusable-workflow caller `job / …`). */
export function jobsFor(jobName: string, jobs: readonly JobLite[]): JobLite[] {
  const want = norm(jobName);
  return jobs.filter((j) => {
    const name = norm(j.name);
    return (
      name === want ||
      name.startsWith(`${want}-(`) ||
      name.startsWith(`${want}(`) ||
      name.startsWith(`${want} (`) ||
      name.startsWith(`${want}-/-`)
    );
  });
}

/** The API jobs of the workflow job with YAML key `key` (every matrix leg, every called job). */
function jobsOfKey(key: string, jobs: readonly JobLite[], workflow: WorkflowModel): JobLite[] | undefined {
  if (!workflow.jobs.some((j) => j.id === key)) return undefined;
  return resolveApiJobs(workflow, jobs)
    .resolved.filter((r) => r.job?.id === key)
    .map((r) => r.apiJob);
}

interface JobLookup {
  matched: JobLite[];
  /** Why nothing matched (the row's message). */
  missing: string;
}

/** `job:` as a YAML key first (through the workflow file), then as a name the API reports. */
function lookupJob(job: string, jobs: readonly JobLite[], source: ClaimsWorkflow): JobLookup {
  const byKey = source.workflow ? jobsOfKey(job, jobs, source.workflow) : undefined;
  if (byKey && byKey.length > 0) return { matched: byKey, missing: '' };
  const byName = jobsFor(job, jobs);
  if (byName.length > 0) return { matched: byName, missing: '' };
  const file = source.file ?? 'the workflow file';
  let missing: string;
  if (byKey) missing = `job "${job}" of ${file} has no job in this run`;
  else if (source.workflow)
    missing = `no job "${job}" in the run: neither a job key of ${file} (${keyList(source.workflow)}) nor a job name the run reports`;
  else
    missing = `no job named "${job}" in the run; ${source.unavailable ?? 'no workflow file'}, so YAML job keys were not mapped to the names the API reports`;
  return { matched: [], missing };
}

function keyList(workflow: WorkflowModel): string {
  const keys = workflow.jobs.map((j) => j.id);
  return keys.length > 8 ? `${keys.slice(0, 8).join(', ')}, …` : keys.join(', ') || 'no jobs';
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

/** Without `job:`, the customary keys or names: `<channel>`, `publish-<channel>`, `<channel>-publish`, `release-<channel>`. */
function guessJobs(
  channel: string,
  jobs: readonly JobLite[],
  source: ClaimsWorkflow,
): { guess: string; matched: JobLite[]; missing: string } {
  const guesses = [channel, `publish-${channel}`, `${channel}-publish`, `release-${channel}`];
  for (const guess of guesses) {
    const { matched } = lookupJob(guess, jobs, source);
    if (matched.length > 0) return { guess, matched, missing: '' };
  }
  const tried = guesses.map((g) => `"${g}"`).join(', ');
  const unmapped = source.workflow ? '' : ` (${source.unavailable ?? 'no workflow file'})`;
  return {
    guess: channel,
    matched: [],
    missing: `no job ${tried} in the run${unmapped}; set \`job:\` for this channel in shipwatch.yml`,
  };
}

/**
 * One row per channel. `source` is the run's workflow file (`loadClaimsWorkflow`); without it `job:`
 * is matched against the names the API reports only.
 */
export function compareClaims(
  channels: readonly (ChannelResult & { job?: string | undefined })[],
  jobs: readonly JobLite[],
  source: ClaimsWorkflow = { unavailable: 'the workflow file was not read' },
): ClaimRow[] {
  const rows: ClaimRow[] = [];
  for (const c of channels) {
    const { guess, matched, missing } = c.job
      ? { guess: c.job, ...lookupJob(c.job, jobs, source) }
      : guessJobs(c.channel, jobs, source);
    const verdict = c.observation.verdict;
    if (matched.length === 0) {
      rows.push({
        channel: c.name,
        job: guess,
        conclusion: 'none',
        verdict,
        flag: 'no-job',
        message: missing,
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
