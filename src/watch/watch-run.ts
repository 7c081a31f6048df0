/**
 * @module The watch loop (the core of `shipwatch watch` and `shipwatch demo`). It resolves the run,
 * reads the workflow file at the run's commit, then turns: a job source (polling the jobs on an
 * adaptive cadence, or webhook deliveries with a slow safety poll; job-source.ts) brings the run and
 * its jobs up to date through the one serial, ETag-cached client; the loop fetches each failed
 * job's log once, as soon as that job completes; assigns roles; and reports everything as events.
 * No terminal, no process.*.
 */
import { UsageError } from '../errors.ts';
import type { GitHubClient } from '../github/client.ts';
import type { RunPhase } from '../github/cadence.ts';
import { GitHubRequestError, toGitHubError } from '../github/errors.ts';
import { fetchJobLog } from '../github/logs.ts';
import type { RepoRef } from '../github/repo.ts';
import { getLatestRun, getRun, getWorkflowFile, workflowPathOf } from '../github/runs.ts';
import type { Job, WorkflowRun } from '../github/schema.ts';
import { rejectedTokenHint, type TokenSource } from '../github/token.ts';
import type { RoleAssignment, WatchAnalysis, WorkflowLike } from './analysis.ts';
import type {
  DiagnosisSummary,
  FinalJob,
  JobView,
  RequestsView,
  RunView,
  WatchEvent,
  WebhookCounts,
} from './events.ts';
import { type JobSourceFactory, pollingSource } from './job-source.ts';
import { buildJobView, currentStep, needsOf, summarizeDiagnosis, toApiJobLite } from './job-view.ts';
import { exitCodeFor, summaryLine } from './summary.ts';
import { formatWait } from './views/format.ts';

export type WatchTarget = { kind: 'id'; runId: number } | { kind: 'latest'; workflow?: string | undefined };

export interface WatchOptions<W extends WorkflowLike, A extends RoleAssignment> {
  client: GitHubClient;
  repo: RepoRef;
  target: WatchTarget;
  analysis: WatchAnalysis<W, A>;
  /** Watch clock in ms (the scenario clock in the demo; Date.now against GitHub). */
  clock: () => number;
  /** Waits `realMs` real milliseconds; resolves early when `signal` aborts. */
  sleep: (realMs: number, signal: AbortSignal) => Promise<void>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  emit: (event: WatchEvent) => void;
  /** Where the token came from (printed; never the token). */
  tokenSource?: TokenSource;
  /** Give up after this many consecutive failed polls. */
  maxConsecutiveFailures?: number;
  /** Tries of a job log that answers 404 after its job completed (it can lag a little). */
  logAttempts?: number;
  /** Where job updates come from; polling (with `sleep`) by default. */
  source?: JobSourceFactory;
  /**
   * Until this time (on `clock`), a completed run is still watched for a re-run (a new attempt of
   * the same run). The demo sets it to its scenario's end, so a re-run scenario shows the re-run;
   * a real watch ends with the attempt it watched (a re-run may come hours later, or never).
   */
  followAttemptsUntil?: number;
}

export interface WatchResult {
  exitCode: number;
  final: Extract<WatchEvent, { type: 'final' }>;
}

const MAX_SECONDARY_BACKOFF_SEC = 15 * 60;
const DIAGNOSED_CONCLUSIONS = new Set(['failure', 'timed_out']);

export function realSleep(realMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, realMs));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function runView(run: WorkflowRun): RunView {
  return {
    id: run.id,
    name: run.name ?? run.display_title ?? `run ${run.id}`,
    path: workflowPathOf(run) ?? null,
    headSha: run.head_sha,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion ?? null,
    url: run.html_url ?? null,
    attempt: run.run_attempt ?? 1,
  };
}

function jobsSignature(jobs: readonly Job[]): string {
  return JSON.stringify(
    jobs.map((j) => [j.id, j.status, j.conclusion, (j.steps ?? []).map((s) => [s.status, s.conclusion])]),
  );
}

function phaseOf(jobs: readonly Job[], run: WorkflowRun): RunPhase {
  if (jobs.some((j) => j.status === 'in_progress')) return 'running';
  const allDone = jobs.length > 0 && jobs.every((j) => j.status === 'completed');
  if (allDone && run.status === 'completed') return 'done';
  if (jobs.length === 0 && run.status === 'completed') return 'done';
  // Every listed job is done but the run is not: dependants are about to be queued, or the run's
  // conclusion is about to land; either comes within seconds.
  if (allDone) return 'running';
  return 'queued';
}

export async function watchRun<W extends WorkflowLike, A extends RoleAssignment>(
  options: WatchOptions<W, A>,
): Promise<WatchResult> {
  const { client, repo, analysis, clock, signal } = options;
  const startedAt = clock();
  const t = () => Math.round((clock() - startedAt) / 100) / 10;
  const emit = options.emit;
  const maxFailures = options.maxConsecutiveFailures ?? 12;
  const logAttempts = options.logAttempts ?? 3;

  // When the run completed (its updated_at on the watch clock): the rate is over the watched span of
  // the run, not over the seconds spent afterwards writing the summary — at a demo's speed 10,000,
  // 0.4 s of real work would add 4,000 "simulated" seconds and shrink the rate tenfold.
  let runEndedAt: number | undefined;
  const requests = (): RequestsView => {
    const end =
      runEndedAt === undefined ? clock() : Math.min(clock(), Math.max(runEndedAt, startedAt + 1000));
    const elapsedHours = Math.max((end - startedAt) / 3_600_000, 1 / 3600);
    return {
      total: client.stats.total,
      notModified: client.stats.notModified,
      perHour: Math.round(client.stats.total / elapsedHours),
      elapsedSec: Math.round((end - startedAt) / 1000),
      rateLimitRemaining: client.stats.rateLimitRemaining ?? null,
      rateLimitLimit: client.stats.rateLimitLimit ?? null,
    };
  };

  const sourceFactory = options.source ?? pollingSource(options.sleep);
  emit({
    type: 'start',
    t: t(),
    repo: `${repo.owner}/${repo.repo}`,
    apiUrl: client.baseUrl,
    tokenSource: options.tokenSource ?? 'none',
    source: sourceFactory.kind,
    ...(sourceFactory.webhookUrl ? { webhookUrl: sourceFactory.webhookUrl } : {}),
    ...(sourceFactory.safetyPollSec ? { safetyPollSec: sourceFactory.safetyPollSec } : {}),
  });

  let workflow: W | undefined;
  // Declared before the first await: finish() (an interrupt while the run is being fetched) reads it.
  let assignments: A[] = [];
  // Errors before the first poll (no such run, bad token) are final: the user must fix something.
  let run: WorkflowRun;
  try {
    run =
      options.target.kind === 'id'
        ? await getRun(client, repo, options.target.runId)
        : await getLatestRun(client, repo, options.target.workflow);
  } catch (error) {
    if (signal.aborted) return finish(undefined, [], new Map(), true);
    if (error instanceof GitHubRequestError && error.status === 404) {
      const target = options.target;
      const what =
        target.kind === 'id'
          ? `run ${target.runId} not found in ${repo.owner}/${repo.repo}`
          : target.workflow
            ? `workflow '${target.workflow}' not found in ${repo.owner}/${repo.repo}`
            : `repository ${repo.owner}/${repo.repo} not found`;
      throw new UsageError(
        `${what} (HTTP 404): check the run id, --workflow and --repo, and that the token can read the repository`,
      );
    }
    throw withTokenHint(error);
  }
  emit({ type: 'run', t: t(), run: runView(run) });

  try {
    const file = await getWorkflowFile(client, repo, run);
    if (file) {
      const parsed = await analysis.parseWorkflow(file.path, file.text);
      workflow = parsed.workflow;
      emit({
        type: 'workflow',
        t: t(),
        file: file.path,
        jobs: (workflow?.jobs ?? []).map((j) => ({
          id: j.id,
          name: j.displayName,
          needs: [...j.needs],
          if: j.ifSource ?? null,
        })),
        problems: parsed.problems.map((p) => `${file.path}:${p.line}:${p.column}: ${p.message}`),
      });
    } else {
      emit({
        type: 'workflow-unavailable',
        t: t(),
        message: 'the run names no workflow file; roles use job states only',
      });
    }
  } catch (error) {
    const message = toGitHubError(error, 'workflow file').message;
    emit({ type: 'workflow-unavailable', t: t(), message: `${message}; roles use job states only` });
  }

  let jobs: Job[] = [];
  const views = new Map<number, JobView>();
  const roles = new Map<string, A>();
  const diagnoses = new Map<number, DiagnosisSummary>();
  const logProblems = new Map<number, string>();
  const logTries = new Map<number, number>();
  let previousSignature = '';
  let unchangedPolls = 0;
  let failures = 0;
  let pendingLogs = 0;
  const source = sourceFactory.create({
    client,
    repo,
    runId: run.id,
    clock,
    notice: (message) => emit({ type: 'webhook-rejected', t: t(), message }),
  });
  // Polls seen since the run reported completion; a run that says "completed" while some job
  // does not (an API hiccup) must not keep us polling forever.
  let pollsSinceRunCompleted = 0;

  while (!signal.aborted) {
    let backoffSec = 0;
    let changed = false;
    try {
      const synced = await source.sync({ run, jobs });
      jobs = synced.jobs;
      const signature = jobsSignature(jobs);
      changed = signature !== previousSignature;
      previousSignature = signature;
      const fresh = synced.run;
      if (
        fresh.status !== run.status ||
        fresh.conclusion !== run.conclusion ||
        (fresh.run_attempt ?? 1) !== (run.run_attempt ?? 1)
      ) {
        emit({ type: 'run', t: t(), run: runView(fresh) });
      }
      run = fresh;
      const updated = Date.parse(run.updated_at ?? '');
      runEndedAt = run.status === 'completed' && Number.isFinite(updated) ? updated : undefined;
      updateRoles();
      pendingLogs = await fetchNewLogs();
      if (run.status === 'completed') pollsSinceRunCompleted += 1;
      failures = 0;
    } catch (raw) {
      if (signal.aborted) break;
      const error = toGitHubError(raw, 'poll');
      if (!error.transient) throw withTokenHint(error);
      failures += 1;
      if (failures >= maxFailures) {
        throw new GitHubRequestError(
          `giving up after ${failures} failed polls in a row: ${error.message}`,
          error.status,
          { rateLimit: error.rateLimit, retryAt: error.retryAt, transient: false },
        );
      }
      if (error.rateLimit) {
        // A spent budget comes back at the reset; a secondary limit grows with each repeat (docs).
        backoffSec =
          error.rateLimit.kind === 'primary'
            ? error.rateLimit.waitSec
            : Math.min(MAX_SECONDARY_BACKOFF_SEC, error.rateLimit.waitSec * 2 ** Math.max(0, failures - 1));
        emit({
          type: 'rate-limit',
          t: t(),
          kind: error.rateLimit.kind,
          waitSec: backoffSec,
          retrying: true,
          message: `${error.rateLimit.kind} rate limit (${error.rateLimit.evidence}); next poll in ${formatWait(backoffSec)}`,
        });
      } else {
        backoffSec = Math.min(60, 2 ** failures);
        emit({ type: 'retry', t: t(), message: error.message, waitSec: backoffSec });
      }
    }

    unchangedPolls = changed ? 0 : unchangedPolls + 1;
    // A completed run the caller still follows for a re-run: keep the slow (queued) cadence.
    // (A completed run beside unfinished jobs is then a re-run under way, not an API hiccup.)
    const followingReruns =
      run.status === 'completed' &&
      options.followAttemptsUntil !== undefined &&
      clock() < options.followAttemptsUntil;
    if (followingReruns) pollsSinceRunCompleted = 0;
    const awaitingRerun = followingReruns && jobs.every((j) => j.status === 'completed');
    const phase =
      failures > 0
        ? jobs.some((j) => j.status === 'in_progress')
          ? 'running'
          : 'queued'
        : pendingLogs > 0
          ? 'running'
          : awaitingRerun
            ? 'queued'
            : pollsSinceRunCompleted >= 3
              ? 'done'
              : phaseOf(jobs, run);
    const next = source.nextDelaySec({ phase, unchangedPolls, backoffSec, pendingLogs, jobs, run });
    const budgetNote = next === undefined ? undefined : source.budgetNote?.();
    emit({
      type: 'poll',
      t: t(),
      now: new Date(clock()).toISOString(),
      changed,
      // Rounded for reading; the wait itself is exact.
      nextPollSec: next === undefined ? null : Math.round(next * 10) / 10,
      ...(budgetNote ? { slowedBy: { reason: 'budget' as const, message: budgetNote } } : {}),
      requests: requests(),
    });
    if (next === undefined) break;
    await source.wait(next * 1000 * client.timeScale, signal);
  }

  const interrupted = signal.aborted;
  if (interrupted) emit({ type: 'interrupted', t: t() });
  return finish(run, jobs, roles, interrupted, source.counts?.());

  /** A 401 says which token was rejected; everything else passes through. */
  function withTokenHint(error: unknown): unknown {
    if (!(error instanceof GitHubRequestError) || error.status !== 401) return error;
    return new GitHubRequestError(
      `${error.message}: ${rejectedTokenHint(options.tokenSource ?? 'none')}`,
      401,
      { transient: false, cause: error },
    );
  }

  function updateRoles(): void {
    const names = jobs.map((j) => j.name);
    const assigned = analysis.assignRoles(jobs.map(toApiJobLite), workflow);
    assignments = assigned;
    const byName = new Map(assigned.map((a) => [a.name, a]));
    for (const job of jobs) {
      const role = byName.get(job.name);
      const before = roles.get(job.name);
      if (role) roles.set(job.name, role);
      const view = buildJobView(
        job,
        clock(),
        needsOf(analysis, workflow, job.name, names),
        role,
        diagnoses.get(job.id) ?? null,
        logProblems.get(job.id) ?? null,
      );
      const old = views.get(job.id);
      views.set(job.id, view);
      if (
        !old ||
        old.status !== view.status ||
        old.conclusion !== view.conclusion ||
        old.step !== view.step ||
        old.role !== view.role
      ) {
        emit({ type: 'job', t: t(), job: view });
      }
      if (role && (!before || before.role !== role.role || before.reason !== role.reason)) {
        emit({
          type: 'role',
          t: t(),
          job: job.name,
          role: role.role,
          causedBy: role.causedBy,
          chain: role.chain,
          inferred: role.inferred,
          reason: role.reason,
        });
      }
    }
  }

  /** Fetches and diagnoses the logs of newly failed jobs; returns how many are to be tried again. */
  async function fetchNewLogs(): Promise<number> {
    let pending = 0;
    for (const job of jobs) {
      if (job.status !== 'completed' || !DIAGNOSED_CONCLUSIONS.has(job.conclusion ?? '')) continue;
      if (diagnoses.has(job.id) || logProblems.has(job.id) || signal.aborted) continue;
      const tries = (logTries.get(job.id) ?? 0) + 1;
      logTries.set(job.id, tries);
      let result: Awaited<ReturnType<typeof fetchJobLog>>;
      try {
        result = await fetchJobLog(client, repo, job.id);
      } catch (error) {
        // A rate limit is not this log's fault: the loop backs off, and the try does not count.
        logTries.set(job.id, tries - 1);
        throw error;
      }
      if (result.kind === 'text') {
        const diagnosis = summarizeDiagnosis(await analysis.diagnoseText(result.text));
        diagnoses.set(job.id, diagnosis);
        const completed = job.completed_at ? Date.parse(job.completed_at) : Number.NaN;
        const latency = Number.isFinite(completed) ? (clock() - completed) / 1000 : Number.NaN;
        emit({
          type: 'diagnosis',
          t: t(),
          job: job.name,
          apiStep: currentStep(job),
          completedAt: job.completed_at ?? null,
          latencySec: Number.isFinite(latency) && latency >= 0 ? Math.round(latency * 10) / 10 : null,
          ...diagnosis,
        });
        continue;
      }
      // A 404 right after completion can be the log not being stored yet: try again next poll.
      const retryable =
        (result.kind === 'not-found' || (result.kind === 'error' && result.transient)) && tries < logAttempts;
      if (retryable) {
        pending += 1;
        continue;
      }
      logProblems.set(job.id, result.message);
      emit({
        type: 'log-unavailable',
        t: t(),
        job: job.name,
        reason: result.kind === 'expired' ? 'expired' : result.kind === 'not-found' ? 'not-found' : 'error',
        message: result.message,
      });
    }
    return pending;
  }

  function summaryText(roleList: (A['role'] | null)[], wasInterrupted: boolean): string {
    const line =
      analysis.summarize && assignments.length > 0
        ? analysis.summarize(assignments)
        : summaryLine(roleList, { interrupted: false });
    return wasInterrupted ? `${line}; watch interrupted` : line;
  }

  function finish(
    finalRun: WorkflowRun | undefined,
    finalJobs: readonly Job[],
    finalRoles: Map<string, A>,
    wasInterrupted: boolean,
    webhooks?: WebhookCounts,
  ): WatchResult {
    const names = finalJobs.map((j) => j.name);
    const jobsOut: FinalJob[] = finalJobs.map((job) => ({
      name: job.name,
      role: finalRoles.get(job.name)?.role ?? null,
      conclusion: job.conclusion ?? null,
      needs: needsOf(analysis, workflow, job.name, names),
      causedBy: finalRoles.get(job.name)?.causedBy ?? [],
    }));
    const roleList = jobsOut.map((j) => j.role);
    const exitCode = wasInterrupted ? 130 : exitCodeFor(roleList, finalRun?.conclusion ?? null);
    const final = {
      type: 'final' as const,
      t: t(),
      run: finalRun ? runView(finalRun) : null,
      summary: summaryText(roleList, wasInterrupted),
      exitCode,
      interrupted: wasInterrupted,
      jobs: jobsOut,
      requests: requests(),
      ...(webhooks ? { webhooks } : {}),
    };
    emit(final);
    return { exitCode, final };
  }
}
