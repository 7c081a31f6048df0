/**
 * @module zod shapes of the GitHub Actions payloads we read (only the fields we use; extra fields
 * pass through untouched, unknown status strings are accepted as strings).
 */
import * as z from '../shared/zod.ts';

export const WorkflowRun = z.object({
  id: z.number(),
  name: z.nullish(z.string()),
  path: z.nullish(z.string()),
  head_sha: z.string(),
  head_branch: z.nullish(z.string()),
  display_title: z.nullish(z.string()),
  run_number: z.nullish(z.number()),
  run_attempt: z.nullish(z.number()),
  event: z.nullish(z.string()),
  status: z.nullish(z.string()),
  conclusion: z.nullish(z.string()),
  html_url: z.nullish(z.string()),
  created_at: z.nullish(z.string()),
  updated_at: z.nullish(z.string()),
  run_started_at: z.nullish(z.string()),
});
export type WorkflowRun = z.infer<typeof WorkflowRun>;

export const WorkflowRunList = z.object({
  total_count: z.optional(z.number()),
  workflow_runs: z.array(WorkflowRun),
});
export type WorkflowRunList = z.infer<typeof WorkflowRunList>;

/** `GET /repos/{owner}/{repo}/actions/workflows`: the fields used to resolve `--workflow <name>`. */
export const WorkflowList = z.object({
  total_count: z.optional(z.number()),
  workflows: z.array(z.object({ id: z.number(), name: z.string(), path: z.string() })),
});
export type WorkflowList = z.infer<typeof WorkflowList>;

export const JobStep = z.object({
  name: z.string(),
  status: z.string(),
  conclusion: z.nullish(z.string()),
  number: z.number(),
  started_at: z.nullish(z.string()),
  completed_at: z.nullish(z.string()),
});
export type JobStep = z.infer<typeof JobStep>;

export const Job = z.object({
  id: z.number(),
  run_id: z.optional(z.number()),
  run_attempt: z.nullish(z.number()),
  name: z.string(),
  status: z.string(),
  conclusion: z.nullish(z.string()),
  created_at: z.nullish(z.string()),
  started_at: z.nullish(z.string()),
  completed_at: z.nullish(z.string()),
  html_url: z.nullish(z.string()),
  runner_name: z.nullish(z.string()),
  steps: z.nullish(z.array(JobStep)),
});
export type Job = z.infer<typeof Job>;

export const JobList = z.object({
  total_count: z.number(),
  jobs: z.array(Job),
});
export type JobList = z.infer<typeof JobList>;

/** Formats zod issues as one short line for error messages. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
