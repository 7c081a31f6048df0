/**
 * API cost of `shipwatch watch` on the 12-channel release-crisis scenario, in both modes — polling
 * and webhooks (signed deliveries from the simulator to the loopback receiver, plus the 60 s safety
 * poll) — beside a model of `gh run watch` computed on the same scenario timeline, plus the time
 * from a job's completion to its diagnosis in the output.
 *
 *   npx tsx bench/api-cost.ts [--scenario release-crisis] [--speed 4] [--stretch 4,8,30] [--stretch-speed 40]
 *
 * Real-time cadence without waiting in real time: the simulator runs `speed` simulated seconds
 * per real second, and every wait of the watcher (poll cadence, safety poll, retry-after, back-off)
 * is divided by the same factor (`timeScale = 1/speed`). Requests are therefore made at the moments,
 * and in the number, they would be against GitHub in real time; rates are per hour of simulated time.
 *
 * The crisis lasts two simulated minutes, so a rate per hour over it is dominated by what a watch
 * pays once (the run, the workflow file, one log per failed job). `--stretch 4,8,30` (the default;
 * 0 to skip) watches the same scenario again with every queue, wait and step duration N times
 * longer — releases of ~8, ~15 and ~60 minutes with the same jobs, failures and logs — to show how
 * the rate falls with the length of the release, and from which length each goal is met. These are
 * derived scenarios, said so in the output; the main figures are the crisis as is. The full table
 * is printed for the first factor, one line per factor after it.
 *
 * The `gh run watch` model (cli/cli pkg/cmd/run/watch/watch.go renderRun, default `--interval 3`):
 * every 3 s it fetches the run, the jobs, and the annotations of each in-progress job; no
 * conditional requests, so every request costs one unit of the primary rate limit. It is computed
 * from the jobs' created_at/started_at/completed_at as the simulator served them.
 */
import { parseArgs } from 'node:util';
import { startWebhookReceiver } from '../src/github/webhook-receiver.ts';
import { defaultContext } from '../src/shared/context.ts';
import { loadScenario, type Scenario, startSimulator } from '../src/simulator/server.ts';
import { loadDefaultAnalysis } from '../src/watch/default-analysis.ts';
import type { WatchEvent } from '../src/watch/events.ts';
import { runWatch } from '../src/watch/run-watch.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'release-crisis' },
    speed: { type: 'string', default: '4' },
    stretch: { type: 'string', default: '4,8,30' },
    'stretch-speed': { type: 'string', default: '40' },
  },
});
const scenarioName = values.scenario;
const speed = Number(values.speed);
const stretches = values.stretch
  .split(',')
  .map(Number)
  .filter((k) => Number.isFinite(k) && k > 1);
const stretchSpeed = Number(values['stretch-speed']);
const GH_INTERVAL_SEC = 3;
const GOAL_PER_HOUR = 300;
const GOAL_RATIO = 50;
const SECRET = 'bench-webhook-secret';

type Mode = 'polling' | 'webhooks';

interface JobTimes {
  name: string;
  created_at?: string | null;
  started_at: string | null;
  completed_at: string | null;
}

// `why` runs in real time while the scenario clock runs `speed` times faster: a 1 s diagnosis
// would look like `speed` seconds of latency. Each call is timed so that the latency can be
// reported as it would be at speed 1 (the sped-up part of the processing time taken out).
const real = await loadDefaultAnalysis();
await real.warmUp?.();
let diagnoseCalls: { start: number; end: number }[] = [];
const analysis = {
  ...real,
  async diagnoseText(text: string) {
    const start = Date.now();
    try {
      return await real.diagnoseText(text);
    } finally {
      diagnoseCalls.push({ start, end: Date.now() });
    }
  },
};

interface Measured {
  mode: Mode;
  requests: number;
  notModified: number;
  costing: number;
  logApi: number;
  blob: number;
  jobLists: number;
  runGets: number;
  hours: number;
  perHour: number;
  costPerHour: number;
  turns: number;
  deliveries: number;
  latencies: { job: string; sec: number | null; simSec: number | null }[];
  maxRunningInterval: number;
  diagnoseMs: number[];
  summary: string;
  roles: string;
  gh: { requests: number; asCoded: number; polls: number; hours: number };
  jobs: number;
  simSeconds: number;
  realSeconds: number;
}

async function measure(scenario: string | Scenario, mode: Mode, runSpeed: number): Promise<Measured> {
  diagnoseCalls = [];
  const receiver =
    mode === 'webhooks'
      ? await startWebhookReceiver({ host: '127.0.0.1', port: 0, secret: SECRET })
      : undefined;
  const sim = await startSimulator({
    scenario,
    speed: runSpeed,
    ...(receiver ? { webhook: { url: receiver.url, secret: SECRET } } : {}),
  });
  const events: WatchEvent[] = [];
  const realAt = new Map<WatchEvent, number>();
  const realStart = Date.now();
  const simStart = sim.simulatedNow();
  const result = await runWatch(defaultContext({ env: {} }), {
    target: { kind: 'id', runId: sim.runId },
    repo: `${sim.owner}/${sim.repo}`,
    apiUrl: sim.url,
    anonymous: true,
    timeScale: 1 / runSpeed,
    clock: () => sim.simulatedNow(),
    analysis,
    onEvent: (event) => {
      events.push(event);
      realAt.set(event, Date.now());
    },
    signal: new AbortController().signal,
    ...(receiver ? { webhooks: { receiver } } : {}),
  });
  const realSeconds = (Date.now() - realStart) / 1000;
  const ours = sim.requestLog();
  const deliveries = sim.deliveries().length;

  // The timeline, read once more after the watch (not counted: `ours` was captured above).
  const base = `${sim.url}/repos/${sim.owner}/${sim.repo}/actions/runs/${sim.runId}`;
  const run = (await (await fetch(base)).json()) as { created_at: string; updated_at: string };
  const { jobs } = (await (await fetch(`${base}/jobs?per_page=100`)).json()) as { jobs: JobTimes[] };
  await sim.close();
  await receiver?.close();

  const final = result.final;
  const hours = final.t / 3600;
  const api = ours.filter((r) => r.path.startsWith('/repos/'));
  const diagnoses = events.filter(
    (e): e is Extract<WatchEvent, { type: 'diagnosis' }> => e.type === 'diagnosis',
  );
  const polls = events.filter((e): e is Extract<WatchEvent, { type: 'poll' }> => e.type === 'poll');
  const running = polls.map((p) => p.nextPollSec).filter((s): s is number => s !== null && s <= 5);
  // Real-time latency: scenario-clock latency minus (speed − 1) × the processing done in between.
  const toReal = (simMs: number) => realStart + (simMs - simStart) / runSpeed;
  const latencyOf = (d: (typeof diagnoses)[number]): number | null => {
    if (d.latencySec === null || d.completedAt === null) return null;
    const from = toReal(Date.parse(d.completedAt));
    const to = realAt.get(d) ?? Date.now();
    const busy = diagnoseCalls
      .map((c) => Math.max(0, Math.min(c.end, to) - Math.max(c.start, from)))
      .reduce((a, b) => a + b, 0);
    return Math.max(0, d.latencySec - (busy / 1000) * (runSpeed - 1));
  };
  const costing = ours.filter((r) => r.counted).length;
  return {
    mode,
    requests: ours.length,
    notModified: ours.filter((r) => r.status === 304).length,
    costing,
    logApi: api.filter((r) => /\/actions\/jobs\/\d+\/logs$/.test(r.path)).length,
    blob: ours.length - api.length,
    jobLists: api.filter((r) => /\/actions\/runs\/\d+\/jobs$/.test(r.path)).length,
    runGets: api.filter((r) => /\/actions\/runs\/\d+$/.test(r.path)).length,
    hours,
    perHour: Math.round(ours.length / hours),
    costPerHour: Math.round(costing / hours),
    turns: polls.length,
    deliveries,
    latencies: diagnoses.map((d) => ({ job: d.job, sec: latencyOf(d), simSec: d.latencySec })),
    maxRunningInterval: running.length ? Math.max(...running) : Number.NaN,
    diagnoseMs: diagnoseCalls.map((c) => c.end - c.start),
    summary: final.summary,
    roles: JSON.stringify(final.jobs.map((j) => [j.name, j.role])),
    gh: ghModel(run, jobs),
    jobs: jobs.length,
    simSeconds: final.t,
    realSeconds,
  };
}

/** gh's polls at created + 0, 3, 6, ... s until the first poll that sees the run completed. */
function ghModel(run: { created_at: string; updated_at: string }, jobs: JobTimes[]) {
  const t0 = Date.parse(run.created_at);
  const end = Math.max(
    Date.parse(run.updated_at),
    ...jobs.map((j) => Date.parse(j.completed_at ?? run.updated_at)),
  );
  // Two counts over the same timeline: `requests`, the model as specified for this bench (run +
  // jobs + annotations of every in-progress job, every 3 s); `asCoded`, what renderRun() does
  // (annotations of a job not in progress fetched once and cached — a job first seen while queued
  // is cached too, a quirk that makes gh cheaper than the model).
  let requests = 0;
  let asCoded = 0;
  let polls = 0;
  const cached = new Set<string>();
  const runningAt = (j: JobTimes, t: number) =>
    Boolean(
      j.started_at && Date.parse(j.started_at) <= t && (!j.completed_at || Date.parse(j.completed_at) > t),
    );
  for (let t = t0; ; t += GH_INTERVAL_SEC * 1000) {
    polls += 1;
    requests += 2 + jobs.filter((j) => runningAt(j, t)).length;
    asCoded += 2;
    for (const j of jobs) {
      const listed = Date.parse(j.created_at ?? j.started_at ?? j.completed_at ?? run.updated_at) <= t;
      if (!listed || cached.has(j.name)) continue;
      asCoded += 1;
      if (!runningAt(j, t)) cached.add(j.name);
    }
    if (t >= end) break;
  }
  const hours = (Math.ceil((end - t0) / (GH_INTERVAL_SEC * 1000)) * GH_INTERVAL_SEC) / 3600;
  return { requests, asCoded, polls, hours };
}

/** The scenario with every queue, wait and step duration (and log timing) `k` times longer. */
function stretched(name: string, k: number): Scenario {
  const s = structuredClone(loadScenario(name));
  for (const attempt of s.attempts) {
    attempt.startAfter *= k;
    for (const job of attempt.jobs) {
      job.queueSeconds *= k;
      job.waitSeconds *= k;
      if (job.cancelAfter !== undefined) job.cancelAfter *= k;
      const stepLists = [job.steps, ...(job.legs ?? []).map((leg) => leg.steps)];
      for (const steps of stepLists) {
        for (const step of steps) {
          step.seconds *= k;
          for (const entry of step.log ?? []) {
            if (entry.at !== undefined) entry.at *= k;
            if (entry.within !== undefined) entry.within *= k;
          }
        }
      }
    }
  }
  return s;
}

const pad = (s: string, n = 46) => s.padEnd(n);
const col = (v: string | number, n = 13) => String(v).padStart(n);
const ratio = (gh: number, ours: number) => `${(gh / ours).toFixed(1)}×`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

function table(poll: Measured, hook: Measured): void {
  const gh = poll.gh;
  const ghPerHour = Math.round(gh.requests / gh.hours);
  const row = (label: string, a: string | number, b: string | number, c: string | number) =>
    console.log(`${pad(label)}${col(a)}${col(b)}${col(c, 22)}`);
  row('', 'polling', 'webhooks', 'gh run watch (model)');
  row('requests (whole run, incl. logs)', poll.requests, hook.requests, gh.requests);
  row('  of which 304 Not Modified', poll.notModified, hook.notModified, 0);
  row(
    '  of which log requests (API 302 + blob)',
    `${poll.logApi} + ${poll.blob}`,
    `${hook.logApi} + ${hook.blob}`,
    0,
  );
  row(
    '  of which jobs lists / run GETs',
    `${poll.jobLists} / ${poll.runGets}`,
    `${hook.jobLists} / ${hook.runGets}`,
    '',
  );
  row('requests / hour', poll.perHour, hook.perHour, ghPerHour);
  row('rate-limit units / hour (non-304 API calls)', poll.costPerHour, hook.costPerHour, ghPerHour);
  row(
    '304 share',
    `${Math.round((100 * poll.notModified) / poll.requests)}%`,
    `${Math.round((100 * hook.notModified) / hook.requests)}%`,
    '0%',
  );
  row('polls / loop turns', poll.turns, hook.turns, gh.polls);
  row('webhook deliveries received (inbound)', '-', hook.deliveries, '-');
  row(
    'fewer requests than the gh model',
    ratio(gh.requests, poll.requests),
    ratio(gh.requests, hook.requests),
    '',
  );
  row(
    '  logs excluded (the gh model fetches none)',
    ratio(gh.requests, poll.requests - poll.logApi - poll.blob),
    ratio(gh.requests, hook.requests - hook.logApi - hook.blob),
    '',
  );
  row(
    'fewer rate-limit units than the gh model',
    ratio(gh.requests, poll.costing),
    ratio(gh.requests, hook.costing),
    '',
  );
  row(
    "gh as coded (queued jobs' annotations cached)",
    '',
    '',
    `${gh.asCoded} (${Math.round(gh.asCoded / gh.hours)}/h)`,
  );
}

function goals(label: string, m: Measured): void {
  const r = m.gh.requests / m.requests;
  console.log(
    `  ${label}: ${m.perHour} requests/hour (goal ≤${GOAL_PER_HOUR}: ${met(m.perHour <= GOAL_PER_HOUR)}); ${r.toFixed(1)}× fewer than the gh model (goal ≥${GOAL_RATIO}×: ${met(r >= GOAL_RATIO)})`,
  );
}

// --- the crisis as is ---
const poll = await measure(scenarioName, 'polling', speed);
const hook = await measure(scenarioName, 'webhooks', speed);
console.log(
  `scenario ${scenarioName}: ${poll.jobs} jobs, ${poll.simSeconds.toFixed(0)} s of simulated time; replayed at speed ${speed} (${poll.realSeconds.toFixed(1)} s real polling, ${hook.realSeconds.toFixed(1)} s webhooks)`,
);
console.log('');
table(poll, hook);
console.log('');
console.log('goals on this scenario:');
goals('polling ', poll);
goals('webhooks', hook);
const oneOff = 3 + hook.logApi + hook.blob;
console.log(
  `  webhooks, where the ${hook.requests} requests go: ${oneOff} paid once per watch (run, workflow file, first jobs list, ${hook.logApi} failed-job logs × 2 requests), ` +
    `${hook.requests - oneOff} by the safety poll and end-of-run check in ${hook.simSeconds.toFixed(0)} s; ` +
    `over this ${hook.simSeconds.toFixed(0)} s run the one-off part is ${Math.round(oneOff / hook.hours)}/h, the ${hook.logApi + hook.blob} log requests alone ${Math.round((hook.logApi + hook.blob) / hook.hours)}/h: ` +
    `≤${GOAL_PER_HOUR}/h cannot be met on it by a watcher that fetches the ${hook.logApi} logs (the gh model fetches none; see the longer release below).`,
);
// The bound holds for any watcher, not only ours: each failed job's log is at least one API request
// (GET …/logs, answered with a 302), so over this run no watcher that diagnoses every failure can do better.
const logFloorPerHour = hook.logApi / hook.hours;
console.log(
  `  bound for ANY watcher that diagnoses each failed job: ${hook.logApi} log API requests (not counting the redirected download) over ${hook.simSeconds.toFixed(0)} s = ${Math.round(logFloorPerHour)}/h, ` +
    `so at most ${(hook.gh.requests / hook.hours / logFloorPerHour).toFixed(1)}× fewer than the gh model on this scenario (goal ≥${GOAL_RATIO}×: unreachable here by arithmetic).`,
);
if (poll.roles !== hook.roles) console.log('  WARNING: the two modes ended with different roles');

console.log('');
console.log('completion → diagnosis (real time at speed 1; scenario clock in brackets):');
for (const [label, m] of [
  ['polling ', poll],
  ['webhooks', hook],
] as const) {
  const secs = m.latencies.map((l) => l.sec).filter((s): s is number => s !== null);
  const max = Math.max(...secs);
  const mean = secs.reduce((a, b) => a + b, 0) / secs.length;
  console.log(
    `  ${label}: ${m.latencies.map((l) => `${l.job} ${l.sec?.toFixed(1) ?? '?'} s (${l.simSec ?? '?'})`).join(', ')}`,
  );
  const goal =
    m.mode === 'polling'
      ? `goal ≤ one poll interval (${m.maxRunningInterval} s while running): ${met(max <= m.maxRunningInterval)}`
      : 'no poll interval: the log is fetched when the completed delivery arrives';
  console.log(`            max ${max.toFixed(1)} s, mean ${mean.toFixed(1)} s; ${goal}`);
}
console.log(
  `why processing per failed job (real ms): polling ${poll.diagnoseMs.join(', ')}; webhooks ${hook.diagnoseMs.join(', ')}`,
);

// --- the same release, longer ---
const sweep: { k: number; minutes: number; poll: Measured; hook: Measured }[] = [];
for (const k of stretches) {
  const long = stretched(scenarioName, k);
  // Longer scenarios are replayed faster, so each takes about the same real time.
  const replaySpeed = Math.max(stretchSpeed, (stretchSpeed * k) / 8);
  const lp = await measure(long, 'polling', replaySpeed);
  const lh = await measure(long, 'webhooks', replaySpeed);
  sweep.push({ k, minutes: lp.simSeconds / 60, poll: lp, hook: lh });
  if (sweep.length === 1) {
    console.log('');
    console.log(
      `derived scenario: ${scenarioName} with every queue, wait and step ${k}× longer (same jobs, failures, logs): ${(lp.simSeconds / 60).toFixed(0)} simulated minutes, replayed at speed ${replaySpeed}`,
    );
    console.log('');
    table(lp, lh);
    console.log('');
    console.log('goals over a release of this length:');
    goals('polling ', lp);
    goals('webhooks', lh);
  }
  if (lp.roles !== lh.roles) console.log(`  WARNING: ×${k}: the two modes ended with different roles`);
}
if (sweep.length > 0) {
  console.log('');
  console.log(
    'by length of release (derived: every duration ×k; requests/hour incl. logs, × = fewer than the gh model):',
  );
  console.log(
    '     k  minutes   polling /h (×)    webhooks /h (×)   gh model /h   goals met (≤300/h and ≥50×)',
  );
  for (const { k, minutes, poll: p, hook: h } of sweep) {
    const ratio = (m: Measured) => m.gh.requests / m.requests;
    const ok = (m: Measured) => m.perHour <= GOAL_PER_HOUR && ratio(m) >= GOAL_RATIO;
    console.log(
      `  ${`×${k}`.padStart(4)}  ${minutes.toFixed(0).padStart(7)}   ${`${p.perHour} (${ratio(p).toFixed(1)}×)`.padEnd(16)}  ${`${h.perHour} (${ratio(h).toFixed(1)}×)`.padEnd(16)}  ${String(Math.round(h.gh.requests / h.gh.hours)).padStart(11)}   polling ${ok(p) ? 'yes' : 'no'}, webhooks ${ok(h) ? 'yes' : 'no'}`,
    );
  }
}
console.log('');
console.log(`Summary: ${hook.summary}`);
