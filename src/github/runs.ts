/**
 * @module Workflow runs: one by id, the latest of the repo, or the latest of one workflow file;
 * and the workflow file itself at the run's commit (the contents API, raw).
 */
import { UsageError } from '../errors.ts';
import type { GitHubClient } from './client.ts';
import { GitHubRequestError } from './errors.ts';
import type { RepoRef } from './repo.ts';
import { describeIssues, WorkflowList, WorkflowRun, WorkflowRunList } from './schema.ts';

function parseRun(data: unknown, what: string): WorkflowRun {
  const parsed = WorkflowRun.safeParse(data);
  if (!parsed.success) {
    throw new GitHubRequestError(`${what}: unexpected answer: ${describeIssues(parsed.error)}`, 200, {
      transient: true,
    });
  }
  return parsed.data;
}

export async function getRun(client: GitHubClient, ref: RepoRef, runId: number): Promise<WorkflowRun> {
  const { data } = await client.get('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
    ...ref,
    run_id: runId,
    exclude_pull_requests: true,
  });
  return parseRun(data, `run ${runId}`);
}

/**
 * The run with the ETag of the answer (a 304 comes back as the cached 200 with the same ETag), so a
 * caller can tell "changed since last time" without comparing bodies.
 */
export async function getRunWithEtag(
  client: GitHubClient,
  ref: RepoRef,
  runId: number,
): Promise<{ run: WorkflowRun; etag: string | undefined }> {
  const { data, headers } = await client.get('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
    ...ref,
    run_id: runId,
    exclude_pull_requests: true,
  });
  const etag = typeof headers.etag === 'string' ? headers.etag : undefined;
  return { run: parseRun(data, `run ${runId}`), etag };
}

/** The newest run of the repo, or of one workflow (file name like `release.yml`, or its id). */
export async function getLatestRun(
  client: GitHubClient,
  ref: RepoRef,
  workflow?: string,
): Promise<WorkflowRun> {
  const workflowId = workflow === undefined ? undefined : await resolveWorkflowId(client, ref, workflow);
  const { data } = workflowId
    ? await client.get('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
        ...ref,
        workflow_id: workflowId,
        per_page: 1,
        exclude_pull_requests: true,
      })
    : await client.get('GET /repos/{owner}/{repo}/actions/runs', {
        ...ref,
        per_page: 1,
        exclude_pull_requests: true,
      });
  const parsed = WorkflowRunList.safeParse(data);
  if (!parsed.success) {
    throw new GitHubRequestError(`list of runs: unexpected answer: ${describeIssues(parsed.error)}`, 200, {
      transient: true,
    });
  }
  const run = parsed.data.workflow_runs[0];
  if (!run) {
    const where = workflow
      ? `workflow '${workflow}' of ${ref.owner}/${ref.repo}`
      : `${ref.owner}/${ref.repo}`;
    throw new UsageError(`${where} has no workflow runs`);
  }
  return run;
}

/** `.github/workflows/x.yml@refs/heads/main` → `.github/workflows/x.yml` (some payloads carry the ref). */
export function workflowPathOf(run: WorkflowRun): string | undefined {
  const path = run.path?.trim();
  if (!path) return undefined;
  const at = path.indexOf('@');
  return at >= 0 ? path.slice(0, at) : path;
}

/** The workflow file as it was at the run's commit, or undefined when the run has no path. */
export async function getWorkflowFile(
  client: GitHubClient,
  ref: RepoRef,
  run: WorkflowRun,
): Promise<{ path: string; text: string } | undefined> {
  const path = workflowPathOf(run);
  if (!path) return undefined;
  const { data } = await client.get('GET /repos/{owner}/{repo}/contents/{path}', {
    ...ref,
    path,
    ref: run.head_sha,
    headers: { accept: 'application/vnd.github.raw' },
  });
  const text =
    typeof data === 'string'
      ? data
      : data instanceof ArrayBuffer
        ? new TextDecoder().decode(data)
        : undefined;
  if (text === undefined) {
    throw new GitHubRequestError(`workflow file ${path}: expected raw text, got JSON`, 200, {
      transient: false,
    });
  }
  return { path, text };
}

/**
 * What `--workflow` may be, as `gh run list --workflow` takes it: the file name (`release.yml`), a
 * path to it (`.github/workflows/release.yml`, as a shell completes it), the numeric id, or the
 * workflow's `name:` (`Release`), which the API cannot take directly: resolved through the list of
 * the repository's workflows (one more request).
 */
export async function resolveWorkflowId(
  client: GitHubClient,
  ref: RepoRef,
  workflow: string,
): Promise<string> {
  const given = workflow.trim();
  if (/^\d+$/.test(given)) return given;
  const file = given.split('/').at(-1) ?? given;
  if (/\.ya?ml$/i.test(file)) return file;
  const { data } = await client.get('GET /repos/{owner}/{repo}/actions/workflows', { ...ref, per_page: 100 });
  const parsed = WorkflowList.safeParse(data);
  if (!parsed.success) {
    throw new GitHubRequestError(
      `list of workflows: unexpected answer: ${describeIssues(parsed.error)}`,
      200,
      {
        transient: true,
      },
    );
  }
  const wanted = given.toLowerCase();
  const match = parsed.data.workflows.find((w) => w.name.toLowerCase() === wanted);
  if (match) return String(match.id);
  const known = parsed.data.workflows.map((w) => `${w.path.split('/').at(-1)} ("${w.name}")`).join(', ');
  throw new UsageError(
    `--workflow '${given}': no workflow of ${ref.owner}/${ref.repo} has that file name or name${known ? ` (there are: ${known})` : ''}`,
  );
}
