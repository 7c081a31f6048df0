/** @module The GitHub layer's public surface. */
export { createGitHubClient, DEFAULT_API_URL, type GitHubClient, type LimitNotice } from './client.ts';
export { GitHubRequestError } from './errors.ts';
export { listJobs } from './jobs.ts';
export { fetchJobLog, type JobLogResult } from './logs.ts';
export { resolveRepo, type RepoRef } from './repo.ts';
export { getLatestRun, getRun, getWorkflowFile, workflowPathOf } from './runs.ts';
export type { Job, JobStep, WorkflowRun } from './schema.ts';
export { resolveToken } from './token.ts';
