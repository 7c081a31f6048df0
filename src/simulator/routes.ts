/**
 * @module The REST routes of the simulator: request path + query at simulated time t → a reply.
 * No HTTP plumbing here (auth, rate limit, ETag and faults live in server.ts).
 */
import { createHash } from 'node:crypto';
import { notFoundBody } from './github-errors.ts';
import { annotationsFromLog } from './log-text.ts';
import {
  assetBytes,
  assetId,
  assetShape,
  isoSeconds,
  jobShape,
  jobStatus,
  releaseId,
  releaseShape,
  repositoryShape,
  runShape,
  type ShapeContext,
  visibleAssets,
  visibleJobs,
} from './shapes.ts';
import { currentAttempt, type JobPlan } from './timeline.ts';
import { workflowFileText } from './workflow-file.ts';

export interface Reply {
  status: number;
  /** JSON value (serialised by the server), text, or bytes. */
  body?: unknown;
  /** Set when `body` is a string or Buffer. */
  contentType?: string;
  headers?: Record<string, string>;
  /** A specific ETag (default: weak, from the body). */
  etag?: string;
  /** What the reply needs that the server provides: a short-lived log URL. */
  redirectToLog?: { kind: 'job'; jobId: number } | { kind: 'run'; attempt: number };
}

export interface RouteContext extends ShapeContext {
  /** Job log text, cached by the server. */
  jobLog(job: JobPlan): string;
  /** Run log zip of an attempt, cached by the server. */
  runZip(attempt: number): Buffer;
}

const DOCS = 'https://docs.github.com/rest';

export function notFound(): Reply {
  return { status: 404, body: notFoundBody() };
}

interface Page<T> {
  items: T[];
  link: string | undefined;
}

/** GitHub's pagination: per_page (default 30, max 100), page (1-based), a Link header. */
function paginate<T>(items: T[], url: URL, base: string): Page<T> {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const at = (n: number) => {
    const u = new URL(url.pathname + url.search, base);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return `<${u.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) parts.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) parts.push(`${at(1)}; rel="first"`);
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    link: parts.length ? parts.join(', ') : undefined,
  };
}

function paged(page: Page<unknown>, body: unknown): Reply {
  return { status: 200, body, ...(page.link ? { headers: { link: page.link } } : {}) };
}

function runsList(ctx: RouteContext, t: number, url: URL): Reply {
  const run = runShape(ctx, t);
  const q = url.searchParams;
  const keep =
    (!q.get('status') || q.get('status') === run.status || q.get('status') === run.conclusion) &&
    (!q.get('branch') || q.get('branch') === run.head_branch) &&
    (!q.get('event') || q.get('event') === run.event) &&
    (!q.get('head_sha') || q.get('head_sha') === run.head_sha);
  const page = paginate(keep ? [run] : [], url, ctx.base);
  return paged(page, { total_count: keep ? 1 : 0, workflow_runs: page.items });
}

function jobsList(ctx: RouteContext, t: number, url: URL, attemptNumber: number | 'latest' | 'all'): Reply {
  const current = currentAttempt(ctx.plan, t);
  let jobs: JobPlan[];
  if (attemptNumber === 'all') {
    jobs = ctx.plan.attempts.filter((a) => a.number <= current.number).flatMap((a) => visibleJobs(a, t));
  } else {
    const n = attemptNumber === 'latest' ? current.number : attemptNumber;
    if (n < 1 || n > current.number) return notFound();
    jobs = visibleJobs(ctx.plan.attempts[n - 1]!, t);
  }
  const page = paginate(jobs, url, ctx.base);
  return paged(page, { total_count: jobs.length, jobs: page.items.map((j) => jobShape(ctx, j, t)) });
}

function visibleJob(ctx: RouteContext, t: number, id: number): JobPlan | undefined {
  const job = ctx.plan.jobsById.get(id);
  if (!job || job.attempt > currentAttempt(ctx.plan, t).number || jobStatus(job, t) === 'absent')
    return undefined;
  return job;
}

function visibleReleases(ctx: RouteContext, t: number): number[] {
  return ctx.plan.releases.filter((r) => !r.never && r.appearsAt <= t).map((r) => r.index);
}

/** The text at `path` as of t: the workflow file, or the latest visible version of a scenario file. */
function fileText(ctx: RouteContext, t: number, path: string): string | undefined {
  if (path === ctx.scenario.workflow.path) return workflowFileText(ctx.scenario);
  let text: string | undefined;
  ctx.scenario.files.forEach((file, i) => {
    if (file.path === path && ctx.plan.files[i]! <= t) text = file.text;
  });
  return text;
}

function contents(ctx: RouteContext, t: number, path: string, url: URL, accept: string): Reply {
  const ref = url.searchParams.get('ref');
  const refs = [
    undefined,
    null,
    ctx.scenario.run.headSha,
    ctx.scenario.run.headBranch,
    'main',
    `refs/heads/main`,
  ];
  if (!refs.includes(ref) && ref !== `refs/tags/${ctx.scenario.run.headBranch}`) {
    return {
      status: 404,
      body: { message: `No commit found for the ref ${ref}`, documentation_url: DOCS, status: '404' },
    };
  }
  const text = fileText(ctx, t, path);
  if (text === undefined) return notFound();
  const bytes = Buffer.from(text);
  const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  if (/application\/vnd\.github(\.v3)?\.raw/.test(accept)) {
    // Raw file answers carry a strong ETag: the blob sha.
    return { status: 200, body: text, contentType: 'text/plain; charset=utf-8', etag: `"${sha}"` };
  }
  const name = path.split('/').at(-1)!;
  const api = `${ctx.base}/repos/${ctx.scenario.owner}/${ctx.scenario.repo}/contents/${path}`;
  return {
    status: 200,
    body: {
      name,
      path,
      sha,
      size: bytes.length,
      url: `${api}?ref=${ref ?? 'main'}`,
      html_url: `${ctx.base}/${ctx.scenario.owner}/${ctx.scenario.repo}/blob/${ref ?? 'main'}/${path}`,
      git_url: `${ctx.base}/repos/${ctx.scenario.owner}/${ctx.scenario.repo}/git/blobs/${sha}`,
      download_url: `${ctx.base}/raw/${ctx.scenario.owner}/${ctx.scenario.repo}/${ref ?? 'main'}/${path}`,
      type: 'file',
      // GitHub wraps the base64 content every 60 characters.
      content: `${(bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n')}\n`,
      encoding: 'base64',
    },
  };
}

type Handler = (m: RegExpExecArray) => Reply;

/** First route whose pattern matches `rest` wins. */
function dispatch(rest: string, table: readonly (readonly [RegExp, Handler])[]): Reply {
  for (const [pattern, handler] of table) {
    const m = pattern.exec(rest);
    if (m) return handler(m);
  }
  return notFound();
}

function annotations(ctx: RouteContext, t: number, id: number, url: URL): Reply {
  const job = visibleJob(ctx, t, id);
  if (!job) return notFound();
  const done = jobStatus(job, t) === 'completed' && job.steps.length > 0;
  const items = done
    ? annotationsFromLog(ctx.jobLog(job)).map((a) => ({
        path: '.github',
        blob_href: `${ctx.base}/${ctx.scenario.owner}/${ctx.scenario.repo}/blob/${ctx.scenario.run.headSha}/.github`,
        start_line: 1,
        start_column: null,
        end_line: 1,
        end_column: null,
        annotation_level: a.level,
        title: '',
        message: a.message,
        raw_details: '',
      }))
    : [];
  const page = paginate(items, url, ctx.base);
  return paged(page, page.items);
}

function runRoute(ctx: RouteContext, t: number, sub: string, url: URL): Reply {
  const current = currentAttempt(ctx.plan, t).number;
  const logsOf = (n: number): Reply =>
    t >= ctx.plan.attempts[n - 1]!.end
      ? { status: 302, redirectToLog: { kind: 'run', attempt: n } }
      : notFound();
  return dispatch(sub, [
    [/^$/, () => ({ status: 200, body: runShape(ctx, t) })],
    [
      /^\/jobs$/,
      () => {
        const filter = url.searchParams.get('filter') ?? 'latest';
        if (filter !== 'latest' && filter !== 'all') {
          return {
            status: 422,
            body: { message: 'Validation Failed', documentation_url: DOCS, status: '422' },
          };
        }
        return jobsList(ctx, t, url, filter);
      },
    ],
    [/^\/logs$/, () => logsOf(current)],
    [/^\/pending_deployments$/, () => ({ status: 200, body: pendingDeployments(ctx, t) })],
    [
      /^\/attempts\/(\d+)(\/jobs|\/logs)?$/,
      (m) => {
        const n = Number(m[1]);
        if (n < 1 || n > current) return notFound();
        if (m[2] === '/jobs') return jobsList(ctx, t, url, n);
        if (m[2] === '/logs') return logsOf(n);
        return { status: 200, body: runShape(ctx, t, n) };
      },
    ],
  ]);
}

/** Environments the current attempt's jobs are waiting on (GET …/pending_deployments). */
function pendingDeployments(ctx: RouteContext, t: number) {
  const waiting = currentAttempt(ctx.plan, t).jobs.filter(
    (j) => jobStatus(j, t) === 'waiting' && j.spec.environment,
  );
  const names = [...new Set(waiting.map((j) => j.spec.environment!))];
  return names.map((name, i) => {
    const since = Math.min(...waiting.filter((j) => j.spec.environment === name).map((j) => j.createdAt));
    return {
      environment: {
        id: 161_000_000 + i,
        node_id: Buffer.from(`EN_${name}`).toString('base64').replace(/=+$/, ''),
        name,
        url: `${ctx.base}/repos/${ctx.scenario.owner}/${ctx.scenario.repo}/environments/${encodeURIComponent(name)}`,
        html_url: `${ctx.base}/${ctx.scenario.owner}/${ctx.scenario.repo}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
      },
      wait_timer: 0,
      wait_timer_started_at: isoSeconds(ctx.plan.origin, since),
      current_user_can_approve: true,
      reviewers: [{ type: 'User', reviewer: { login: ctx.scenario.run.actor } }],
    };
  });
}

function jobRoute(ctx: RouteContext, t: number, id: number, logs: boolean): Reply {
  const job = visibleJob(ctx, t, id);
  if (!job) return notFound();
  if (!logs) return { status: 200, body: jobShape(ctx, job, t) };
  // No log exists until the job completes (GitHub answers 404 while it runs), nor for jobs that never ran.
  if (jobStatus(job, t) !== 'completed' || job.steps.length === 0) return notFound();
  return { status: 302, redirectToLog: { kind: 'job', jobId: job.id } };
}

/** Routes under /repos/{owner}/{repo}; `rest` is the part after the repo. */
export function repoRoute(ctx: RouteContext, t: number, rest: string, url: URL, accept: string): Reply {
  const runId = ctx.scenario.run.id;
  const workflowFile = ctx.scenario.workflow.path.split('/').at(-1);
  return dispatch(rest, [
    // The repository itself (GET /repos/{owner}/{repo}): public, so a release 404 means absent.
    [/^$/, () => ({ status: 200, body: repositoryShape(ctx) })],
    [/^\/actions\/runs$/, () => runsList(ctx, t, url)],
    [
      /^\/actions\/workflows$/,
      () => ({
        status: 200,
        body: {
          total_count: 1,
          workflows: [
            {
              id: ctx.scenario.workflow.id,
              name: ctx.scenario.workflow.name,
              path: ctx.scenario.workflow.path,
              state: 'active',
            },
          ],
        },
      }),
    ],
    [
      /^\/actions\/workflows\/([^/]+)\/runs$/,
      (m) => {
        const id = decodeURIComponent(m[1]!);
        return id === String(ctx.scenario.workflow.id) || id === workflowFile
          ? runsList(ctx, t, url)
          : notFound();
      },
    ],
    [
      /^\/actions\/runs\/(\d+)(\/.*)?$/,
      (m) => (Number(m[1]) === runId ? runRoute(ctx, t, m[2] ?? '', url) : notFound()),
    ],
    [/^\/actions\/jobs\/(\d+)(\/logs)?$/, (m) => jobRoute(ctx, t, Number(m[1]), m[2] !== undefined)],
    [/^\/check-runs\/(\d+)\/annotations$/, (m) => annotations(ctx, t, Number(m[1]), url)],
    [/^\/contents\/(.+)$/, (m) => contents(ctx, t, decodeURIComponent(m[1]!), url, accept)],
    [/^\/releases(\/.*)?$/, () => releaseRoute(ctx, t, rest, url)],
  ]);
}

function latestRelease(ctx: RouteContext, t: number, visible: number[]): Reply {
  const candidates = visible
    .filter((i) => !ctx.scenario.releases[i]!.draft && !ctx.scenario.releases[i]!.prerelease)
    .sort((a, b) => ctx.plan.releases[b]!.appearsAt - ctx.plan.releases[a]!.appearsAt);
  return candidates.length ? { status: 200, body: releaseShape(ctx, candidates[0]!, t) } : notFound();
}

function assetAt(ctx: RouteContext, i: number, k: number): ReturnType<typeof assetShape> {
  const release = ctx.scenario.releases[i]!;
  const at = isoSeconds(ctx.plan.origin, ctx.plan.releases[i]!.appearsAt + release.assets[k]!.delay);
  return assetShape(ctx, release, i, k, at);
}

function releaseById(
  ctx: RouteContext,
  t: number,
  visible: number[],
  id: number,
  assets: boolean,
  url: URL,
): Reply {
  const i = visible.find((r) => releaseId(r) === id);
  if (i === undefined) return notFound();
  if (!assets) return { status: 200, body: releaseShape(ctx, i, t) };
  const page = paginate(visibleAssets(ctx, i, t), url, ctx.base);
  return paged(
    page,
    page.items.map((k) => assetAt(ctx, i, k)),
  );
}

function assetById(ctx: RouteContext, t: number, visible: number[], id: number): Reply {
  for (const i of visible) {
    const k = visibleAssets(ctx, i, t).find((idx) => assetId(i, idx) === id);
    if (k !== undefined) return { status: 200, body: assetAt(ctx, i, k) };
  }
  return notFound();
}

function releaseRoute(ctx: RouteContext, t: number, rest: string, url: URL): Reply {
  const visible = visibleReleases(ctx, t);
  return dispatch(rest, [
    [
      /^\/releases$/,
      () => {
        const sorted = [...visible].sort(
          (a, b) => ctx.plan.releases[b]!.appearsAt - ctx.plan.releases[a]!.appearsAt,
        );
        const page = paginate(sorted, url, ctx.base);
        return paged(
          page,
          page.items.map((i) => releaseShape(ctx, i, t)),
        );
      },
    ],
    [/^\/releases\/latest$/, () => latestRelease(ctx, t, visible)],
    [
      /^\/releases\/tags\/(.+)$/,
      (m) => {
        const tag = decodeURIComponent(m[1]!);
        // Drafts are not found by tag (GitHub: "Get a published release with the specified tag").
        const i = visible.find(
          (r) => ctx.scenario.releases[r]!.tag === tag && !ctx.scenario.releases[r]!.draft,
        );
        return i === undefined ? notFound() : { status: 200, body: releaseShape(ctx, i, t) };
      },
    ],
    [/^\/releases\/assets\/(\d+)$/, (m) => assetById(ctx, t, visible, Number(m[1]))],
    [
      /^\/releases\/(\d+)(\/assets)?$/,
      (m) => releaseById(ctx, t, visible, Number(m[1]), m[2] !== undefined, url),
    ],
  ]);
}

/** `/{owner}/{repo}/releases/download/{tag}/{name}`: the asset bytes (github.com, no API auth). */
export function downloadRoute(ctx: RouteContext, t: number, tag: string, name: string): Reply {
  for (const i of visibleReleases(ctx, t)) {
    const release = ctx.scenario.releases[i]!;
    if (release.tag !== tag) continue;
    const k = visibleAssets(ctx, i, t).find((idx) => release.assets[idx]!.name === name);
    const asset = k === undefined ? undefined : release.assets[k];
    if (asset) {
      return {
        status: 200,
        body: assetBytes(tag, name, asset.size, asset.corrupt),
        contentType: asset.contentType,
      };
    }
  }
  return { status: 404, body: 'Not Found', contentType: 'text/plain; charset=utf-8' };
}
