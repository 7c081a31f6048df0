/**
 * @module The workflow YAML the contents endpoint serves: written from the scenario's jobs (keys, names,
 * `runs-on`, `needs`, `if`, steps), so what `watch` parses always agrees with what the API reports.
 */
import { stringify } from 'yaml';
import type { JobSpec, Scenario } from './scenario-schema.ts';

function jobObject(job: JobSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (job.name && job.name !== job.key) out.name = job.name;
  out['runs-on'] = job.runsOn;
  if (job.matrix) {
    out.strategy = { ...(job.failFast ? {} : { 'fail-fast': false }), matrix: job.matrix };
  }
  if (job.needs.length === 1) out.needs = job.needs[0];
  else if (job.needs.length > 1) out.needs = job.needs;
  if (job.environment) out.environment = job.environment;
  if (job.if !== undefined) out.if = job.if;
  else if (job.condition === 'always') out.if = 'always()';
  else if (job.condition === 'false') out.if = false;
  out.steps = job.steps.map((step) => {
    const s: Record<string, unknown> = {};
    if (step.name) s.name = step.name;
    if (step.if) s.if = step.if;
    if (step.uses) s.uses = step.uses;
    if (step.with) s.with = step.with;
    if (step.run !== undefined) s.run = step.run;
    return s;
  });
  return out;
}

/**
 * The workflow file (re-runs use the same file): every job of every attempt, in order of first
 * appearance, as the latest attempt that runs it defines it ("re-run failed jobs" attempts list only some).
 */
export function workflowFileText(scenario: Scenario): string {
  if (scenario.workflow.text !== undefined) return scenario.workflow.text;
  const jobs: Record<string, unknown> = {};
  for (const attempt of scenario.attempts) for (const job of attempt.jobs) jobs[job.key] = jobObject(job);
  const on = scenario.workflow.on.replace(/\n+$/, '').replace(/^/gm, '  ');
  const preamble = scenario.workflow.preamble.trim();
  return [
    `name: ${scenario.workflow.name}`,
    '',
    'on:',
    on,
    '',
    ...(preamble ? [preamble, ''] : []),
    stringify({ jobs }, { lineWidth: 0 }).trimEnd(),
    '',
  ].join('\n');
}
