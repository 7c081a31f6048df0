/**
 * @module Records a finished run from a GitHub API (github.com, Enterprise, or the simulator): the run,
 * every job of every attempt (all pages), each job's log, and the workflow file at the run's commit —
 * the input of `scenarioFromRecording`. Uses the injected fetch; the token goes only to the API, never
 * to the log download host.
 */
import { GitHubApiError } from '../errors.ts';
import type { Recording } from './recording.ts';

export interface FetchRecordingOptions {
  fetch: typeof globalThis.fetch;
  /** API root, e.g. https://api.github.com or the simulator's url. */
  apiUrl: string;
  owner: string;
  repo: string;
  runId: number;
  token?: string;
}

export async function fetchRecording(options: FetchRecordingOptions): Promise<Recording> {
  const { fetch, owner, repo, runId } = options;
  const base = `${options.apiUrl.replace(/\/+$/, '')}/repos/${owner}/${repo}`;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  const get = async (url: string, accept?: string): Promise<Response> => {
    const res = await fetch(url, { headers: accept ? { ...headers, accept } : headers, redirect: 'manual' });
    if (res.status >= 400)
      throw new GitHubApiError(`GET ${new URL(url).pathname} answered ${res.status}`, res.status);
    return res;
  };
  const run = (await (await get(`${base}/actions/runs/${runId}`)).json()) as Recording['run'] & {
    path: string;
    head_sha: string;
  };
  const jobs: Recording['jobs'] = [];
  let next: string | undefined = `${base}/actions/runs/${runId}/jobs?filter=all&per_page=100`;
  while (next) {
    const res: Response = await get(next);
    jobs.push(...((await res.json()) as { jobs: Recording['jobs'] }).jobs);
    next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  const logs: Record<string, string> = {};
  for (const job of jobs) {
    if (job.status !== 'completed' || (job.steps ?? []).length === 0) continue;
    const redirect = await fetch(`${base}/actions/jobs/${job.id}/logs`, { headers, redirect: 'manual' });
    const location = redirect.headers.get('location');
    if (redirect.status !== 302 || !location) continue;
    // The signed URL needs no GitHub auth: do not send the token there.
    const log = await fetch(location);
    if (log.ok) logs[String(job.id)] = await log.text();
  }
  const path = run.path.replace(/@.*$/, '');
  const workflowRes = await fetch(`${base}/contents/${path}?ref=${run.head_sha}`, {
    headers: { ...headers, accept: 'application/vnd.github.raw' },
  });
  const workflow = workflowRes.ok ? await workflowRes.text() : undefined;
  return { run, jobs, logs, ...(workflow !== undefined ? { workflow } : {}) };
}
