/**
 * @module zod shapes of the GitHub Actions payloads we read (only the fields we use; extra fields
 * pass through untouched, unknown status strings are accepted as strings).
 */
import { z } from 'zod';

export const WorkflowRun = z.object({
  id: z.number(),
  name: z.string().nullish(),
  path: z.string().nullish(),
  head_sha: z.string(),
  head_branch: z.string().nullish(),
  display_title: z.string().nullish(),
  run_number: z.number().nullish(),
  run_attempt: z.number().nullish(),
  event: z.string().nullish(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  html_url: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  run_started_at: z.string().nullish(),
});
export type WorkflowRun = z.infer<typeof WorkflowRun>;

export const WorkflowRunList = z.object({
  total_count: z.number().optional(),
  workflow_runs: z.array(WorkflowRun),
});
export type WorkflowRunList = z.infer<typeof WorkflowRunList>;

export const JobStep = z.object({
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullish(),
  number: z.number(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
});
export type JobStep = z.infer<typeof JobStep>;

export const Job = z.object({
  id: z.number(),
  run_id: z.number().optional(),
  run_attempt: z.number().nullish(),
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullish(),
  created_at: z.string().nullish(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  html_url: z.string().nullish(),
  runner_name: z.string().nullish(),
  steps: z.array(JobStep).nullish(),
});
export type Job = z.infer<typeof Job>;

export const JobList = z.object({
  total_count: z.number(),
  jobs: z.array(Job),
});
export type JobList = z.infer<typeof JobList>;

/** Formats zod issues as one short line for error messages. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
