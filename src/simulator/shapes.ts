/**
 * @module REST response bodies in GitHub's documented shapes (field names of the OpenAPI `workflow-run`,
 * `job`, `release`, `release-asset`), computed from the plan at simulated time t. Bodies depend only on
 * what is visible at t, so their ETags change only when something changes.
 */
import { createHash } from 'node:crypto';
import type { ReleaseSpec, Scenario } from './scenario-schema.ts';
import { type AttemptPlan, currentAttempt, type JobPlan, type Plan, type StepPlan } from './timeline.ts';

export interface ShapeContext {
  scenario: Scenario;
  plan: Plan;
  /** Base URL of the server, e.g. http://127.0.0.1:1234 (API and "github.com" pages share it). */
  base: string;
}

/** Whole-second ISO time, as the API reports job and step times. */
export function isoSeconds(origin: number, t: number): string {
  return new Date(Math.floor((origin + t * 1000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function nodeId(prefix: string, id: number): string {
  return Buffer.from(`${prefix}${id}`).toString('base64').replace(/=+$/, '');
}

function repoApi(ctx: ShapeContext): string {
  return `${ctx.base}/repos/${ctx.scenario.owner}/${ctx.scenario.repo}`;
}

function repoHtml(ctx: ShapeContext): string {
  return `${ctx.base}/${ctx.scenario.owner}/${ctx.scenario.repo}`;
}

function stepShape(ctx: ShapeContext, step: StepPlan, t: number) {
  const o = ctx.plan.origin;
  if (t < step.start || (t === step.start && step.end > step.start)) {
    // Real payloads show steps not yet started as `pending` with null times.
    return {
      name: step.name,
      status: 'pending',
      conclusion: null,
      number: step.number,
      started_at: null,
      completed_at: null,
    };
  }
  if (t < step.end) {
    return {
      name: step.name,
      status: 'in_progress',
      conclusion: null,
      number: step.number,
      started_at: isoSeconds(o, step.start),
      completed_at: null,
    };
  }
  return {
    name: step.name,
    status: 'completed',
    conclusion: step.conclusion,
    number: step.number,
    started_at: isoSeconds(o, step.start),
    completed_at: isoSeconds(o, step.end),
  };
}

/** Job status at t: absent (not created yet), queued, in_progress or completed. */
export function jobStatus(
  job: JobPlan,
  t: number,
): 'absent' | 'waiting' | 'queued' | 'in_progress' | 'completed' {
  if (t < job.createdAt) return 'absent';
  if (job.conclusion === 'skipped' || t >= job.completedAt) return 'completed';
  if (t < job.waitingUntil) return 'waiting';
  if (t < job.startedAt) return 'queued';
  return 'in_progress';
}

export function jobShape(ctx: ShapeContext, job: JobPlan, t: number) {
  const o = ctx.plan.origin;
  const status = jobStatus(job, t);
  // Skipped jobs and legs cancelled while queued never got a runner.
  const assigned = job.steps.length > 0 && (status === 'in_progress' || status === 'completed');
  return {
    id: job.id,
    run_id: ctx.scenario.run.id,
    workflow_name: ctx.scenario.workflow.name,
    head_branch: ctx.scenario.run.headBranch,
    run_url: `${repoApi(ctx)}/actions/runs/${ctx.scenario.run.id}`,
    run_attempt: job.attempt,
    node_id: nodeId('CR_', job.id),
    head_sha: ctx.scenario.run.headSha,
    url: `${repoApi(ctx)}/actions/jobs/${job.id}`,
    html_url: `${repoHtml(ctx)}/actions/runs/${ctx.scenario.run.id}/job/${job.id}`,
    status,
    conclusion: status === 'completed' ? job.conclusion : null,
    created_at: isoSeconds(o, job.createdAt),
    // GitHub fills started_at with the creation time while a job is still queued.
    started_at: isoSeconds(o, status === 'queued' || status === 'waiting' ? job.createdAt : job.startedAt),
    completed_at: status === 'completed' ? isoSeconds(o, job.completedAt) : null,
    name: job.name,
    steps: status === 'queued' || status === 'waiting' ? [] : job.steps.map((s) => stepShape(ctx, s, t)),
    check_run_url: `${repoApi(ctx)}/check-runs/${job.id}`,
    labels: [job.runsOn],
    runner_id: assigned ? 1000 + job.runnerNumber : null,
    runner_name: assigned ? `GitHub Actions ${job.runnerNumber}` : null,
    runner_group_id: assigned ? 0 : null,
    runner_group_name: assigned ? 'GitHub Actions' : null,
  };
}

/** Jobs listed for an attempt at t (jobs whose needs are not done yet are not listed, as on GitHub). */
export function visibleJobs(attempt: AttemptPlan, t: number): JobPlan[] {
  return attempt.jobs.filter((j) => jobStatus(j, t) !== 'absent');
}

function lastChange(attempt: AttemptPlan, t: number): number {
  let latest = attempt.start;
  for (const job of attempt.jobs) {
    for (const at of [job.createdAt, job.startedAt, job.completedAt]) if (at <= t && at > latest) latest = at;
  }
  return latest;
}

/** The run as of attempt `attempt` (the current one unless asked), at time t. */
export function runShape(ctx: ShapeContext, t: number, attemptNumber?: number) {
  const { scenario, plan } = ctx;
  const o = plan.origin;
  const latest = currentAttempt(plan, t);
  const attempt = plan.attempts[(attemptNumber ?? latest.number) - 1]!;
  // The run leaves `queued` when a runner picks up its first job (jobs skipped at once do not count).
  const ran = attempt.jobs.filter((j) => j.steps.length > 0);
  const firstStart = ran.length ? Math.min(...ran.map((j) => j.startedAt)) : attempt.end;
  const live = attempt.jobs.map((j) => jobStatus(j, t));
  // A run whose only active jobs wait for an environment reviewer is `waiting`, as on GitHub.
  const waiting = live.includes('waiting') && !live.includes('in_progress') && !live.includes('queued');
  // Quirk seen on github.com (cli/cli#13972): the run reads `queued` while any of its jobs waits for a runner.
  const leastAdvanced = scenario.quirks.includes('run-status-least-advanced') && live.includes('queued');
  const status =
    t >= attempt.end
      ? 'completed'
      : waiting
        ? 'waiting'
        : t < firstStart || leastAdvanced
          ? 'queued'
          : 'in_progress';
  const runUrl = `${repoApi(ctx)}/actions/runs/${scenario.run.id}`;
  return {
    id: scenario.run.id,
    name: scenario.workflow.name,
    node_id: nodeId('WFR_', scenario.run.id),
    check_suite_id: scenario.run.id + 7,
    check_suite_node_id: nodeId('CS_', scenario.run.id + 7),
    head_branch: scenario.run.headBranch,
    head_sha: scenario.run.headSha,
    path: scenario.workflow.path,
    display_title: scenario.run.displayTitle,
    run_number: scenario.run.runNumber,
    event: scenario.run.event,
    status,
    conclusion: status === 'completed' ? attempt.conclusion : null,
    workflow_id: scenario.workflow.id,
    url: runUrl,
    html_url: `${repoHtml(ctx)}/actions/runs/${scenario.run.id}`,
    pull_requests: [],
    created_at: isoSeconds(o, 0),
    updated_at: isoSeconds(o, lastChange(attempt, Math.min(t, attempt.end))),
    actor: actorShape(ctx, scenario.run.actor),
    run_attempt: attempt.number,
    referenced_workflows: [],
    run_started_at: isoSeconds(o, attempt.start),
    triggering_actor: actorShape(ctx, attempt.actor),
    jobs_url: `${runUrl}/jobs`,
    logs_url: `${runUrl}/logs`,
    check_suite_url: `${repoApi(ctx)}/check-suites/${scenario.run.id + 7}`,
    artifacts_url: `${runUrl}/artifacts`,
    cancel_url: `${runUrl}/cancel`,
    rerun_url: `${runUrl}/rerun`,
    previous_attempt_url: attempt.number > 1 ? `${runUrl}/attempts/${attempt.number - 1}` : null,
    workflow_url: `${repoApi(ctx)}/actions/workflows/${scenario.workflow.id}`,
    head_commit: {
      id: scenario.run.headSha,
      tree_id: createHash('sha1').update(`tree${scenario.run.headSha}`).digest('hex'),
      message: scenario.run.displayTitle,
      timestamp: isoSeconds(o, -60),
      author: { name: scenario.run.actor, email: `${scenario.run.actor}@users.noreply.github.com` },
      committer: { name: scenario.run.actor, email: `${scenario.run.actor}@users.noreply.github.com` },
    },
    repository: repositoryShape(ctx),
    head_repository: repositoryShape(ctx),
  };
}

export function actorShape(ctx: ShapeContext, login: string) {
  const id = Number.parseInt(createHash('sha1').update(login).digest('hex').slice(0, 7), 16);
  return {
    login,
    id,
    node_id: nodeId('U_', id),
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    url: `${ctx.base}/users/${encodeURIComponent(login)}`,
    html_url: `${ctx.base}/${encodeURIComponent(login)}`,
  };
}

export function repositoryShape(ctx: ShapeContext) {
  const { owner, repo } = ctx.scenario;
  return {
    id: 7_000_001,
    node_id: nodeId('R_', 7_000_001),
    name: repo,
    full_name: `${owner}/${repo}`,
    private: false,
    owner: actorShape(ctx, owner),
    html_url: repoHtml(ctx),
    url: repoApi(ctx),
  };
}

/** Deterministic asset bytes (or their corrupted variant) and the digest GitHub would publish. */
export function assetBytes(tag: string, name: string, size: number, corrupt: boolean): Buffer {
  const out = Buffer.alloc(size);
  let block = Buffer.alloc(0);
  for (let offset = 0, i = 0; offset < size; offset += block.length, i++) {
    block = createHash('sha256').update(`${tag}/${name}/${i}`).digest();
    block.copy(out, offset);
  }
  if (corrupt && size > 0) out[0] = out[0]! ^ 0xff;
  return out;
}

export function assetId(releaseIndex: number, assetIndex: number): number {
  return 230_000_000 + releaseIndex * 1000 + assetIndex;
}

export function releaseId(releaseIndex: number): number {
  return 190_000_000 + releaseIndex;
}

export function assetShape(
  ctx: ShapeContext,
  release: ReleaseSpec,
  releaseIndex: number,
  assetIndex: number,
  at: string,
) {
  const spec = release.assets[assetIndex]!;
  const id = assetId(releaseIndex, assetIndex);
  const honest = assetBytes(release.tag, spec.name, spec.size, false);
  return {
    url: `${repoApi(ctx)}/releases/assets/${id}`,
    id,
    node_id: nodeId('RA_', id),
    name: spec.name,
    label: '',
    uploader: actorShape(ctx, 'github-actions[bot]'),
    content_type: spec.contentType,
    state: 'uploaded',
    size: spec.size,
    digest: spec.noDigest ? null : `sha256:${createHash('sha256').update(honest).digest('hex')}`,
    download_count: 0,
    created_at: at,
    updated_at: at,
    browser_download_url: `${repoHtml(ctx)}/releases/download/${encodeURIComponent(release.tag)}/${encodeURIComponent(spec.name)}`,
  };
}

/** Indexes of the release's assets uploaded by time t. */
export function visibleAssets(ctx: ShapeContext, releaseIndex: number, t: number): number[] {
  const appearsAt = ctx.plan.releases[releaseIndex]!.appearsAt;
  return ctx.scenario.releases[releaseIndex]!.assets.flatMap((a, i) => (appearsAt + a.delay <= t ? [i] : []));
}

export function releaseShape(ctx: ShapeContext, releaseIndex: number, t: number) {
  const release = ctx.scenario.releases[releaseIndex]!;
  const planned = ctx.plan.releases[releaseIndex]!;
  const at = isoSeconds(ctx.plan.origin, planned.appearsAt);
  const id = releaseId(releaseIndex);
  return {
    url: `${repoApi(ctx)}/releases/${id}`,
    assets_url: `${repoApi(ctx)}/releases/${id}/assets`,
    upload_url: `${ctx.base}/repos/${ctx.scenario.owner}/${ctx.scenario.repo}/releases/${id}/assets{?name,label}`,
    html_url: `${repoHtml(ctx)}/releases/tag/${encodeURIComponent(release.tag)}`,
    id,
    author: actorShape(ctx, 'github-actions[bot]'),
    node_id: nodeId('RE_', id),
    tag_name: release.tag,
    target_commitish: ctx.scenario.run.headBranch,
    name: release.name ?? release.tag,
    draft: release.draft,
    immutable: false,
    prerelease: release.prerelease,
    created_at: at,
    updated_at: at,
    published_at: release.draft ? null : at,
    assets: visibleAssets(ctx, releaseIndex, t).map((i) =>
      assetShape(
        ctx,
        release,
        releaseIndex,
        i,
        isoSeconds(ctx.plan.origin, planned.appearsAt + release.assets[i]!.delay),
      ),
    ),
    tarball_url: `${repoApi(ctx)}/tarball/${encodeURIComponent(release.tag)}`,
    zipball_url: `${repoApi(ctx)}/zipball/${encodeURIComponent(release.tag)}`,
    body: release.body,
  };
}
