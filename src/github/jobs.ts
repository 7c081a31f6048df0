/**
 * @module Jobs of a run, every page (a run can have more than 100 jobs), latest attempt only.
 */
import type { GitHubClient } from './client.ts';
import { GitHubRequestError } from './errors.ts';
import type { RepoRef } from './repo.ts';
import { describeIssues, type Job, JobList } from './schema.ts';

const PER_PAGE = 100;

export async function listJobs(client: GitHubClient, ref: RepoRef, runId: number): Promise<Job[]> {
  const jobs: Job[] = [];
  for (let page = 1; ; page++) {
    const { data } = await client.get('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
      ...ref,
      run_id: runId,
      filter: 'latest',
      per_page: PER_PAGE,
      page,
    });
    const parsed = JobList.safeParse(data);
    if (!parsed.success) {
      throw new GitHubRequestError(
        `jobs of run ${runId}: unexpected answer: ${describeIssues(parsed.error)}`,
        200,
        {
          transient: true,
        },
      );
    }
    jobs.push(...parsed.data.jobs);
    if (parsed.data.jobs.length < PER_PAGE || jobs.length >= parsed.data.total_count) return jobs;
  }
}
