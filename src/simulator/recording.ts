/**
 * @module Turns a recorded run (the API's run and jobs JSON, optionally the job logs and the workflow
 * file) into a scenario, so a real release can be replayed by the simulator and the demo. Times come
 * from the recorded timestamps; logs and the workflow file are served verbatim.
 */
import { parse } from 'yaml';
import * as z from '../shared/zod.ts';
import type { JobSpec, ScenarioInput, StepSpec } from './scenario-schema.ts';
import { parseScenario } from './scenarios.ts';
import { buildPlan } from './timeline.ts';

const RecordedStep = z.object({
  name: z.string(),
  conclusion: z.nullable(z.string()),
  number: z.number(),
  started_at: z.nullable(z.string()),
  completed_at: z.nullable(z.string()),
});

const RecordedJob = z.object({
  id: z.number(),
  name: z.string(),
  run_attempt: z._default(z.number(), 1),
  status: z.string(),
  conclusion: z.nullable(z.string()),
  created_at: z.optional(z.string()),
  started_at: z.nullable(z.string()),
  completed_at: z.nullable(z.string()),
  labels: z._default(z.array(z.string()), []),
  steps: z._default(z.array(RecordedStep), []),
});

/** What a recording holds: `GET …/runs/{id}`, `GET …/runs/{id}/jobs?filter=all` (all pages), logs by job id. */
export const Recording = z.object({
  run: z.object({
    id: z.number(),
    name: z.optional(z.nullable(z.string())),
    path: z.string(),
    head_branch: z.nullable(z.string()),
    head_sha: z.string(),
    event: z.string(),
    run_number: z.number(),
    display_title: z.optional(z.string()),
    created_at: z.string(),
    actor: z.optional(z.nullable(z.object({ login: z.string() }))),
    repository: z.object({ full_name: z.string() }),
  }),
  jobs: z.array(RecordedJob),
  logs: z._default(z.record(z.string(), z.string()), {}),
  workflow: z.optional(z.string()),
});
export type Recording = z.input<typeof Recording>;
type RecordedJob = z.infer<typeof RecordedJob>;

const seconds = (from: string | null | undefined, to: string | null | undefined): number =>
  from && to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : 0;

interface YamlJob {
  key: string;
  display: string;
  needs: string[];
  condition: 'success' | 'always' | 'failure' | 'false';
}

/** A rough reading of a job's `if:`: enough to replay; the fit against the recording corrects the rest. */
function conditionOf(expr: unknown): YamlJob['condition'] {
  if (expr === false || expr === 'false') return 'false';
  if (typeof expr !== 'string') return 'success';
  if (/\balways\(\)|!\s*cancelled\(\)/.test(expr)) return 'always';
  if (/\bfailure\(\)/.test(expr)) return 'failure';
  return 'success';
}

/** YAML keys, display names and needs of the workflow file (display names with `${{ }}` keep their literal prefix). */
function workflowJobs(text: string | undefined): YamlJob[] {
  if (!text) return [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const jobs =
    (doc as { jobs?: Record<string, { name?: unknown; needs?: unknown; if?: unknown }> } | null)?.jobs ?? {};
  return Object.entries(jobs).map(([key, job]) => {
    const name = typeof job?.name === 'string' ? job.name.split('${{')[0]!.trim() || key : key;
    const needs =
      typeof job?.needs === 'string' ? [job.needs] : Array.isArray(job?.needs) ? job.needs.map(String) : [];
    return { key, display: name, needs, condition: conditionOf(job?.if) };
  });
}

function keyOf(name: string, yaml: YamlJob[]): string | undefined {
  return yaml.find((j) => name === j.display || name.startsWith(`${j.display} (`) || name === j.key)?.key;
}

function slug(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-0-9]+|-+$/g, '');
  return s || 'job';
}

function steps(job: RecordedJob): StepSpec[] {
  const names = new Set(job.steps.map((s) => s.name));
  // "Post X" is a post step only when X is an earlier step ("Post status" may be a step of its own).
  const isPost = (s: { name: string }, i: number) =>
    s.name.startsWith('Post ') && job.steps.slice(0, i).some((e) => e.name === s.name.slice(5));
  const user = job.steps.filter(
    (s, i) => s.name !== 'Set up job' && s.name !== 'Complete job' && !isPost(s, i),
  );
  if (user.length === 0)
    return [{ name: 'Run', seconds: 0, conclusion: 'success', exitCode: 1, log: [], post: false }];
  return user.map((s) => ({
    name: s.name,
    seconds: seconds(s.started_at, s.completed_at),
    conclusion: s.conclusion === 'failure' ? 'failure' : s.conclusion === 'skipped' ? 'skipped' : 'success',
    exitCode: 1,
    log: [],
    post: names.has(`Post ${s.name}`),
  }));
}

/** Seconds from the job becoming ready to its cancellation: the end of its cancelled step, or its end. */
function cancelAfter(job: RecordedJob): number {
  const step = job.steps.find((s) => s.conclusion === 'cancelled');
  return seconds(job.created_at ?? job.started_at, step?.completed_at ?? job.completed_at ?? job.started_at);
}

/** A scenario replaying the recorded run (attempts from `run_attempt`, `needs` from the workflow file). */
export function scenarioFromRecording(input: Recording, name: string): ScenarioInput {
  const rec = Recording.parse(input);
  const [owner, repo] = rec.run.repository.full_name.split('/') as [string, string];
  const yaml = workflowJobs(rec.workflow);
  const attemptNumbers = [...new Set(rec.jobs.map((j) => j.run_attempt))].sort((a, b) => a - b);
  let previousEnd = Date.parse(rec.run.created_at);
  const attempts = attemptNumbers.map((n) => {
    const jobs = rec.jobs.filter((j) => j.run_attempt === n);
    const start = Math.min(
      ...jobs.map((j) => Date.parse(j.created_at ?? j.started_at ?? rec.run.created_at)),
    );
    // Matrix legs share a YAML key; each leg becomes its own job, and needs point at every leg.
    const keys = new Map<RecordedJob, string>();
    const used = new Set<string>();
    for (const job of jobs) {
      const base = keyOf(job.name, yaml) ?? slug(job.name);
      let key = base;
      for (let i = 2; used.has(key); i++) key = `${base}_${i}`;
      used.add(key);
      keys.set(job, key);
    }
    const legsOf = (yamlKey: string) =>
      jobs.filter((j) => keyOf(j.name, yaml) === yamlKey).map((j) => keys.get(j)!);
    const specs = jobs.map((job): JobSpec => {
      const yamlJob = yaml.find((y) => y.key === keyOf(job.name, yaml));
      const needs = (yamlJob?.needs ?? []).flatMap(legsOf);
      const ran = job.steps.length > 0;
      const setup = job.steps.find((s) => s.name === 'Set up job');
      const complete = job.steps.find((s) => s.name === 'Complete job');
      return {
        key: keys.get(job)!,
        id: job.id,
        name: job.name,
        runsOn: job.labels[0] ?? 'ubuntu-latest',
        needs,
        condition:
          yamlJob?.condition ?? (job.conclusion === 'skipped' && needs.length === 0 ? 'false' : 'success'),
        // A job cancelled by hand (or by fail-fast) stops when it did.
        ...(job.conclusion === 'cancelled' ? { cancelAfter: cancelAfter(job) } : {}),
        queueSeconds: ran ? seconds(job.created_at ?? job.started_at, job.started_at) : 0,
        setupSeconds: setup ? seconds(setup.started_at, setup.completed_at) : 2,
        completeSeconds: complete ? seconds(complete.started_at, complete.completed_at) : 1,
        waitSeconds: 0,
        failFast: false,
        legs: [],
        steps: steps(job),
        ...(rec.logs[String(job.id)] !== undefined ? { rawLog: rec.logs[String(job.id)] } : {}),
      };
    });
    const end = Math.max(
      ...jobs.map((j) => Date.parse(j.completed_at ?? j.started_at ?? rec.run.created_at)),
    );
    const startAfter = Math.max(0, (start - previousEnd) / 1000);
    previousEnd = end;
    return { startAfter, jobs: specs };
  });
  const scenario: ScenarioInput = {
    name,
    description: `replay of run ${rec.run.id} of ${rec.run.repository.full_name}`,
    owner,
    repo,
    startedAt: new Date(Date.parse(rec.run.created_at)).toISOString(),
    workflow: {
      id: 1,
      name: rec.run.name ?? rec.run.path,
      path: rec.run.path.replace(/@.*$/, ''),
      ...(rec.workflow !== undefined ? { text: rec.workflow } : {}),
    },
    run: {
      id: rec.run.id,
      runNumber: rec.run.run_number,
      event: rec.run.event,
      headBranch: rec.run.head_branch ?? 'main',
      headSha: rec.run.head_sha,
      displayTitle: rec.run.display_title ?? rec.run.name ?? String(rec.run.id),
      actor: rec.run.actor?.login ?? 'octocat',
      firstJobId: Math.min(...rec.jobs.map((j) => j.id)),
    },
    attempts,
  };
  fitConditions(scenario, rec.jobs);
  return scenario;
}

/**
 * Where the replay would run a job the recording shows skipped (or the reverse), the `if:` reading was
 * wrong: set the condition from what happened, and plan again until they agree.
 */
function fitConditions(scenario: ScenarioInput, recorded: RecordedJob[]): void {
  for (let pass = 0; pass < 5; pass++) {
    const plan = buildPlan(parseScenario(scenario, 'recording'));
    let changed = false;
    scenario.attempts.forEach((attempt, a) => {
      for (const job of attempt.jobs as JobSpec[]) {
        const was = recorded.find((r) => r.id === job.id)?.conclusion;
        const planned = plan.attempts[a]!.jobs.find((p) => p.id === job.id)?.conclusion;
        if (was === 'skipped' && planned !== 'skipped') job.condition = 'false';
        else if (was !== 'skipped' && planned === 'skipped') job.condition = 'always';
        else continue;
        changed = true;
      }
    });
    if (!changed) return;
  }
}
