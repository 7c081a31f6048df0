/**
 * @module One job's log: `GET /actions/jobs/{id}/logs` answers 302 to a signed URL that expires in
 * a minute; we follow it at once, without the token (the blob host needs none). 410 means the
 * log expired by retention; 404 means not there (yet, or no access).
 */
import type { GitHubClient } from './client.ts';
import { toGitHubError } from './errors.ts';
import type { RepoRef } from './repo.ts';

export type JobLogResult =
  | { kind: 'text'; text: string }
  | { kind: 'expired'; message: string }
  | { kind: 'not-found'; message: string }
  | { kind: 'error'; message: string; transient: boolean };

export async function fetchJobLog(client: GitHubClient, ref: RepoRef, jobId: number): Promise<JobLogResult> {
  const what = `log of job ${jobId}`;
  let location: string | undefined;
  try {
    const response = await client.octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
      ...ref,
      job_id: jobId,
      request: { redirect: 'manual' },
    });
    const header = response.headers.location;
    if (typeof header === 'string' && header !== '') {
      location = new URL(header, `${client.baseUrl}/`).href;
    } else if (typeof response.data === 'string') {
      // Some servers (and some proxies) answer the text directly.
      return { kind: 'text', text: response.data };
    } else {
      return {
        kind: 'error',
        message: `${what}: HTTP ${response.status} without a Location header`,
        transient: true,
      };
    }
  } catch (raw) {
    const error = toGitHubError(raw, `GET /repos/${ref.owner}/${ref.repo}/actions/jobs/${jobId}/logs`);
    // Rate limits and cancellation concern the whole watch, not this log: the caller handles them.
    if (error.rateLimit || (raw instanceof Error && raw.name === 'AbortError')) throw error;
    if (error.status === 410) {
      return {
        kind: 'expired',
        message: `${what} has expired (HTTP 410): GitHub keeps logs for a limited time`,
      };
    }
    if (error.status === 404) {
      return {
        kind: 'not-found',
        message: `${what} not found (HTTP 404): not available yet, deleted, or the token lacks actions:read`,
      };
    }
    return { kind: 'error', message: error.message, transient: error.transient };
  }
  try {
    client.stats.logDownloads += 1;
    const response = await client.rawFetch(location, { redirect: 'follow' });
    if (response.status === 410) {
      await response.body?.cancel();
      return { kind: 'expired', message: `${what} has expired (HTTP 410 from the log host)` };
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return { kind: 'not-found', message: `${what} not found at the log host (HTTP 404)` };
    }
    if (!response.ok) {
      await response.body?.cancel();
      // A signed URL older than a minute answers 403; asking the API again gives a fresh one.
      return {
        kind: 'error',
        message: `${what}: log host answered HTTP ${response.status}`,
        transient: response.status >= 500 || response.status === 403,
      };
    }
    return { kind: 'text', text: await response.text() };
  } catch (raw) {
    return { kind: 'error', message: toGitHubError(raw, `${what} download`).message, transient: true };
  }
}
