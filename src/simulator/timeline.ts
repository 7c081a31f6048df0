/**
 * @module Turns a scenario into a fixed plan: when each attempt, job and step starts and ends (in
 * simulated seconds from the scenario origin) and how it concludes. Pure; the server asks the plan
 * "what is visible at time t".
 */
import { ConfigError } from '../errors.ts';
import type { AttemptSpec, JobSpec, Scenario, StepSpec } from './scenario-schema.ts';

export type StepKind = 'setup' | 'user' | 'post' | 'complete';
export type Conclusion = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepPlan {
  /** 1-based, as in the API. */
  number: number;
  name: string;
  kind: StepKind;
  /** The scenario step (user steps) or the step whose post phase this is (post steps). */
  spec: StepSpec | undefined;
  start: number;
  end: number;
  conclusion: Conclusion;
}

export interface JobPlan {
  id: number;
  attempt: number;
  key: string;
  name: string;
  spec: JobSpec;
  /** `runs-on` of this job (a matrix leg's value substituted). */
  runsOn: string;
  /** When the job appears in the API (its needs are done). */
  createdAt: number;
  /** Until then the job is `waiting` for an environment reviewer (= createdAt when there is none). */
  waitingUntil: number;
  startedAt: number;
  completedAt: number;
  conclusion: Conclusion;
  steps: StepPlan[];
  /** Runner number, for `runner_name: GitHub Actions N`. */
  runnerNumber: number;
}

export interface AttemptPlan {
  number: number;
  start: number;
  end: number;
  conclusion: 'success' | 'failure' | 'cancelled';
  jobs: JobPlan[];
  actor: string;
}

export interface ReleasePlan {
  index: number;
  /** Seconds from the origin; negative for releases published before the scenario. */
  appearsAt: number;
  /** Never appears (its creating step failed or never ran). */
  never: boolean;
}

export interface Plan {
  origin: number;
  attempts: AttemptPlan[];
  releases: ReleasePlan[];
  /** When each scenario file (same index as `scenario.files`) appears; -Infinity = from the start. */
  files: number[];
  jobsById: Map<number, JobPlan>;
}

const POST_SECONDS = 1;
const POST_NUMBER_GAP = 8;

export function stepDisplayName(step: StepSpec): string {
  if (step.name) return step.name;
  if (step.uses) return `Run ${step.uses}`;
  const first = (step.run ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return `Run ${first.trim()}`;
}

export function buildPlan(scenario: Scenario): Plan {
  const origin = Date.parse(scenario.startedAt);
  const jobsById = new Map<number, JobPlan>();
  const attempts: AttemptPlan[] = [];
  let nextJobId = scenario.run.firstJobId ?? scenario.run.id * 3 + 17;
  let runner = 10;
  let cursor = 0;
  scenario.attempts.forEach((spec, index) => {
    const start = cursor + spec.startAfter;
    const jobs = planAttempt(
      spec,
      index + 1,
      start,
      () => nextJobId++,
      () => runner++,
      attempts.flatMap((a) => a.jobs),
    );
    for (const job of jobs) jobsById.set(job.id, job);
    const end = Math.max(start, ...jobs.map((j) => j.completedAt));
    attempts.push({
      number: index + 1,
      start,
      end,
      conclusion: jobs.some((j) => j.conclusion === 'failure')
        ? 'failure'
        : jobs.some((j) => j.conclusion === 'cancelled')
          ? 'cancelled'
          : 'success',
      jobs,
      actor: spec.actor ?? scenario.run.actor,
    });
    cursor = end;
  });
  /** When `{job, step}` first completes successfully (seconds), or never. */
  const completion = (what: string, ref: { job: string; step: string; when?: 'start' | 'end' }): number => {
    for (const attempt of attempts) {
      const job = attempt.jobs.find((j) => j.key === ref.job);
      const step = job?.steps.find((s) => s.name === ref.step && s.kind === 'user');
      if (job && !step && job.conclusion !== 'skipped') {
        throw new ConfigError(`${what}: job ${ref.job} has no step named "${ref.step}"`);
      }
      if (ref.when === 'start' && step && step.conclusion !== 'skipped') return step.start;
      if (step?.conclusion === 'success') return step.end;
    }
    return Number.POSITIVE_INFINITY;
  };
  const releases = scenario.releases.map((release, index): ReleasePlan => {
    if (release.publishedAt) {
      return { index, appearsAt: (Date.parse(release.publishedAt) - origin) / 1000, never: false };
    }
    if (!release.createdBy) throw new ConfigError(`release ${release.tag}: needs publishedAt or createdBy`);
    const appearsAt = completion(`release ${release.tag}`, release.createdBy);
    return { index, appearsAt, never: appearsAt === Number.POSITIVE_INFINITY };
  });
  const files = scenario.files.map((file) =>
    file.createdBy ? completion(`file ${file.path}`, file.createdBy) : Number.NEGATIVE_INFINITY,
  );
  return { origin, attempts, releases, files, jobsById };
}

/** One job of the workflow as the API sees it: the job itself, or one leg of its matrix. */
interface Leg {
  spec: JobSpec;
  name: string;
  runsOn: string;
  steps: StepSpec[];
  matrix: Record<string, string | number | boolean> | undefined;
}

function legsOf(job: JobSpec): Leg[] {
  const base = job.name ?? job.key;
  if (!job.matrix)
    return [{ spec: job, name: base, runsOn: job.runsOn, steps: job.steps, matrix: undefined }];
  let combos: Record<string, string | number | boolean>[] = [{}];
  for (const [axis, values] of Object.entries(job.matrix)) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [axis]: v })));
  }
  return combos.map((combo) => {
    const override = job.legs.find((l) => Object.entries(l.match).every(([k, v]) => combo[k] === v));
    const runsOn = job.runsOn.replace(/\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}/g, (_m, axis: string) =>
      String(combo[axis] ?? ''),
    );
    return {
      spec: job,
      name: `${base} (${Object.values(combo).map(String).join(', ')})`,
      runsOn,
      steps: override?.steps ?? job.steps,
      matrix: combo,
    };
  });
}

function planAttempt(
  spec: AttemptSpec,
  attempt: number,
  start: number,
  nextId: () => number,
  nextRunner: () => number,
  earlier: readonly JobPlan[],
): JobPlan[] {
  // GitHub refuses a workflow with two jobs of one key; so does the simulator (one would hide the other).
  const seen = new Set<string>();
  for (const job of spec.jobs) {
    if (seen.has(job.key))
      throw new ConfigError(`job ${job.key}: defined twice in one attempt (job keys are unique)`);
    seen.add(job.key);
  }
  const byKey = new Map(spec.jobs.map((j) => [j.key, j]));
  // "Re-run failed jobs": a need that this attempt does not re-run keeps its latest earlier result.
  const earlierResult = (key: string): JobPlan[] => {
    const latest = Math.max(0, ...earlier.filter((j) => j.key === key).map((j) => j.attempt));
    return earlier
      .filter((j) => j.key === key && j.attempt === latest)
      .map((j) => ({ ...j, completedAt: Math.min(j.completedAt, start) }));
  };
  for (const job of spec.jobs) {
    for (const need of job.needs) {
      if (!byKey.has(need) && earlierResult(need).length === 0) {
        throw new ConfigError(`job ${job.key}: needs unknown job "${need}"`);
      }
    }
  }
  const planned = new Map<string, JobPlan[]>();
  const visiting = new Set<string>();
  // Ids follow the YAML order (GitHub numbers check runs as it creates them; close enough).
  const ids = new Map(
    spec.jobs.map((j) => [j.key, legsOf(j).map(() => (j.matrix ? undefined : j.id) ?? nextId())]),
  );
  const visit = (job: JobSpec): JobPlan[] => {
    const done = planned.get(job.key);
    if (done) return done;
    if (visiting.has(job.key))
      throw new ConfigError(`job ${job.key}: creates a cycle in the dependency graph`);
    visiting.add(job.key);
    const needs = job.needs.flatMap((n) => (byKey.has(n) ? visit(byKey.get(n)!) : earlierResult(n)));
    visiting.delete(job.key);
    const readyAt = Math.max(start, ...needs.map((n) => n.completedAt));
    const needsOk = needs.every((n) => n.conclusion === 'success');
    const condition = job.if === false ? 'false' : job.condition;
    const runs =
      condition === 'always' || (condition === 'success' && needsOk) || (condition === 'failure' && !needsOk);
    const cancelAt = job.cancelAfter === undefined ? Number.POSITIVE_INFINITY : readyAt + job.cancelAfter;
    const legs = legsOf(job);
    const legIds = ids.get(job.key)!;
    const runners = legs.map(() => (runs ? nextRunner() : 0));
    let plans = legs.map((leg, i) =>
      runs
        ? runJob(leg, attempt, legIds[i]!, readyAt, runners[i]!, cancelAt)
        : skippedJob(leg, attempt, legIds[i]!, readyAt),
    );
    // fail-fast: the first failed leg cancels the legs still queued or running at that moment.
    const failedAt = Math.min(...plans.filter((p) => p.conclusion === 'failure').map((p) => p.completedAt));
    if (job.failFast && legs.length > 1 && Number.isFinite(failedAt)) {
      plans = plans.map((p, i) =>
        p.completedAt > failedAt
          ? runJob(legs[i]!, attempt, legIds[i]!, readyAt, runners[i]!, Math.min(failedAt, cancelAt))
          : p,
      );
    }
    planned.set(job.key, plans);
    return plans;
  };
  return spec.jobs.flatMap(visit);
}

function skippedJob(leg: Leg, attempt: number, id: number, at: number): JobPlan {
  return {
    id,
    attempt,
    key: leg.spec.key,
    name: leg.name,
    spec: leg.spec,
    runsOn: leg.runsOn,
    createdAt: at,
    waitingUntil: at,
    startedAt: at,
    completedAt: at,
    conclusion: 'skipped',
    steps: [],
    runnerNumber: 0,
  };
}

function runJob(
  leg: Leg,
  attempt: number,
  id: number,
  readyAt: number,
  runnerNumber: number,
  cancelAt = Number.POSITIVE_INFINITY,
): JobPlan {
  const waitingUntil = readyAt + leg.spec.waitSeconds;
  const startedAt = waitingUntil + leg.spec.queueSeconds;
  const base = {
    waitingUntil,
    id,
    attempt,
    key: leg.spec.key,
    name: leg.name,
    spec: leg.spec,
    runsOn: leg.runsOn,
    createdAt: readyAt,
  };
  if (cancelAt <= startedAt) {
    // Cancelled while still queued: no runner, no steps, no log.
    return {
      ...base,
      startedAt: cancelAt,
      completedAt: cancelAt,
      conclusion: 'cancelled',
      steps: [],
      runnerNumber: 0,
    };
  }
  const steps: StepPlan[] = [];
  let t = startedAt;
  let number = 0;
  const add = (name: string, kind: StepKind, spec: StepSpec | undefined, seconds: number, c: Conclusion) => {
    // Post steps and "Complete job" are numbered after a gap, as in real API payloads (…, 10, 18, 19, 20).
    number =
      (kind === 'post' || kind === 'complete') && number === leg.steps.length + 1
        ? number + POST_NUMBER_GAP
        : number + 1;
    steps.push({ number, name, kind, spec, start: t, end: t + seconds, conclusion: c });
    t += seconds;
  };
  add('Set up job', 'setup', undefined, leg.spec.setupSeconds, 'success');
  let stopped: 'failure' | 'cancelled' | undefined;
  const ran: StepSpec[] = [];
  for (const step of leg.steps) {
    const always = step.if !== undefined && /\b(always|failure)\(\)/.test(step.if);
    if (stopped === 'cancelled' || (stopped === 'failure' && !always)) {
      add(stepDisplayName(step), 'user', step, 0, 'skipped');
      continue;
    }
    if (step.conclusion === 'skipped') {
      add(stepDisplayName(step), 'user', step, 0, 'skipped');
      continue;
    }
    ran.push(step);
    // Cancellation wins a tie with the step's end.
    if (t + step.seconds >= cancelAt) {
      add(stepDisplayName(step), 'user', step, Math.max(0, cancelAt - t), 'cancelled');
      stopped = 'cancelled';
      continue;
    }
    add(stepDisplayName(step), 'user', step, step.seconds, step.conclusion);
    if (step.conclusion === 'failure') stopped = 'failure';
  }
  for (const step of [...ran].reverse()) {
    if (step.post) add(`Post ${stepDisplayName(step)}`, 'post', step, POST_SECONDS, 'success');
  }
  add('Complete job', 'complete', undefined, leg.spec.completeSeconds, 'success');
  return { ...base, startedAt, completedAt: t, conclusion: stopped ?? 'success', steps, runnerNumber };
}

/** The attempt visible at time t: the last one that has started (the first before anything starts). */
export function currentAttempt(plan: Plan, t: number): AttemptPlan {
  let current = plan.attempts[0]!;
  for (const attempt of plan.attempts) if (attempt.start <= t) current = attempt;
  return current;
}
