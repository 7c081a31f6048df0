/**
 * API cost of `shipwatch watch` on the 12-channel release-crisis scenario, beside a model of
 * `gh run watch` computed on the same scenario timeline, plus the time from a job's completion
 * to its diagnosis in the output.
 *
 *   npx tsx bench/api-cost.ts [--scenario release-crisis] [--speed 4]
 *
 * Real-time cadence without waiting in real time: the simulator runs `speed` simulated seconds
 * per real second, and every wait of the watcher (poll cadence, retry-after, back-off) is divided
 * by the same factor (`timeScale = 1/speed`). Requests are therefore made at the moments, and in
 * the number, they would be against GitHub in real time; rates are per hour of simulated time.
 *
 * The `gh run watch` model (cli/cli pkg/cmd/run/watch/watch.go renderRun, default `--interval 3`):
 * every 3 s it fetches the run, the jobs, and the annotations of each in-progress job (a job not
 * in progress is fetched once, then cached); no conditional requests, so every request costs one
 * unit of the primary rate limit. It is computed from the
 * jobs' started_at/completed_at as the simulator served them (no second replay needed).
 */
import { parseArgs } from 'node:util';
import { loadDefaultAnalysis } from '../src/watch/default-analysis.ts';
import type { WatchEvent } from '../src/watch/events.ts';
import { runWatch } from '../src/watch/run-watch.ts';
import { defaultContext } from '../src/shared/context.ts';
import { startSimulator } from '../src/simulator/server.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'release-crisis' },
    speed: { type: 'string', default: '4' },
  },
});
const scenario = values.scenario;
const speed = Number(values.speed);
const GH_INTERVAL_SEC = 3;
const GOAL_PER_HOUR = 300;
const GOAL_RATIO = 50;

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
const diagnoseCalls: { start: number; end: number }[] = [];
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
const sim = await startSimulator({ scenario, speed });
const events: WatchEvent[] = [];
const realAt = new Map<WatchEvent, number>();
const realStart = Date.now();
const simStart = sim.simulatedNow();
const result = await runWatch(defaultContext({ env: {} }), {
  target: { kind: 'id', runId: sim.runId },
  repo: `${sim.owner}/${sim.repo}`,
  apiUrl: sim.url,
  anonymous: true,
  timeScale: 1 / speed,
  clock: () => sim.simulatedNow(),
  analysis,
  onEvent: (event) => {
    events.push(event);
    realAt.set(event, Date.now());
  },
  signal: new AbortController().signal,
});
const realSeconds = (Date.now() - realStart) / 1000;
const ours = sim.requestLog();

// The timeline, read once more after the watch (not counted: `ours` was captured above).
const base = `${sim.url}/repos/${sim.owner}/${sim.repo}/actions/runs/${sim.runId}`;
const run = (await (await fetch(base)).json()) as { created_at: string; updated_at: string };
const { jobs } = (await (await fetch(`${base}/jobs?per_page=100`)).json()) as { jobs: JobTimes[] };
await sim.close();

// gh model: polls at created + 0, 3, 6, ... s until the first poll that sees the run completed.
const t0 = Date.parse(run.created_at);
const end = Math.max(
  Date.parse(run.updated_at),
  ...jobs.map((j) => Date.parse(j.completed_at ?? run.updated_at)),
);
// Two counts of gh's polling over the same timeline:
//  - `ghRequests`, the model as specified for this bench: run + jobs + annotations of every
//    in-progress job, every 3 s;
//  - `ghAsCoded`, what renderRun() does: annotations of a job not in progress are fetched once and
//    cached, in-progress ones on every poll; a job first seen while queued is cached as well, so
//    it is never fetched again (a quirk that makes gh cheaper than the model).
let ghRequests = 0;
let ghAsCoded = 0;
let ghPolls = 0;
const annotationCached = new Set<string>();
const runningAt = (j: JobTimes, t: number) =>
  Boolean(
    j.started_at && Date.parse(j.started_at) <= t && (!j.completed_at || Date.parse(j.completed_at) > t),
  );
for (let t = t0; ; t += GH_INTERVAL_SEC * 1000) {
  ghPolls += 1;
  ghRequests += 2 + jobs.filter((j) => runningAt(j, t)).length;
  ghAsCoded += 2;
  for (const j of jobs) {
    const listed = Date.parse(j.created_at ?? j.started_at ?? j.completed_at ?? run.updated_at) <= t;
    if (!listed || annotationCached.has(j.name)) continue;
    ghAsCoded += 1;
    if (!runningAt(j, t)) annotationCached.add(j.name);
  }
  if (t >= end) break;
}
const ghHours = (Math.ceil((end - t0) / (GH_INTERVAL_SEC * 1000)) * GH_INTERVAL_SEC) / 3600;

const final = result.final;
const watchHours = final.t / 3600;
const api = ours.filter((r) => r.path.startsWith('/repos/'));
const blob = ours.length - api.length;
const notModified = ours.filter((r) => r.status === 304).length;
const costing = ours.filter((r) => r.counted).length;
const logApi = api.filter((r) => /\/actions\/jobs\/\d+\/logs$/.test(r.path)).length;
const perHour = (n: number, hours: number) => Math.round(n / hours);
const oursPerHour = perHour(ours.length, watchHours);
const oursCostPerHour = perHour(costing, watchHours);
const ghPerHour = perHour(ghRequests, ghHours);

const diagnoses = events.filter(
  (e): e is Extract<WatchEvent, { type: 'diagnosis' }> => e.type === 'diagnosis',
);
const polls = events.filter((e): e is Extract<WatchEvent, { type: 'poll' }> => e.type === 'poll');
const runningIntervals = polls.map((p) => p.nextPollSec).filter((s): s is number => s !== null && s <= 5);
const maxInterval = runningIntervals.length ? Math.max(...runningIntervals) : Number.NaN;
// Real-time latency: scenario-clock latency minus (speed − 1) × the processing done in between.
const toReal = (simMs: number) => realStart + (simMs - simStart) / speed;
const latencyOf = (d: (typeof diagnoses)[number]): number | null => {
  if (d.latencySec === null || d.completedAt === null) return null;
  const from = toReal(Date.parse(d.completedAt));
  const to = realAt.get(d) ?? Date.now();
  const busy = diagnoseCalls
    .map((c) => Math.max(0, Math.min(c.end, to) - Math.max(c.start, from)))
    .reduce((a, b) => a + b, 0);
  return Math.max(0, d.latencySec - (busy / 1000) * (speed - 1));
};
const latencies = diagnoses.map(latencyOf).filter((s): s is number => s !== null);

const pad = (s: string, n = 44) => s.padEnd(n);
console.log(
  `scenario ${scenario}: ${jobs.length} jobs, ${((end - t0) / 1000).toFixed(0)} s of simulated time; replayed in ${realSeconds.toFixed(1)} s real at speed ${speed}`,
);
console.log('');
console.log(`${pad('')}${'shipwatch watch'.padStart(16)}${'gh run watch (model)'.padStart(22)}`);
console.log(
  `${pad('requests (whole run, incl. logs)')}${String(ours.length).padStart(16)}${String(ghRequests).padStart(22)}`,
);
console.log(`${pad('  of which 304 Not Modified')}${String(notModified).padStart(16)}${'0'.padStart(22)}`);
console.log(
  `${pad('  of which log requests (API 302 + blob)')}${`${logApi} + ${blob}`.padStart(16)}${'0'.padStart(22)}`,
);
console.log(`${pad('requests / hour')}${String(oursPerHour).padStart(16)}${String(ghPerHour).padStart(22)}`);
console.log(
  `${pad('rate-limit cost / hour (non-304 API calls)')}${String(oursCostPerHour).padStart(16)}${String(ghPerHour).padStart(22)}`,
);
console.log(`${pad('polls')}${String(polls.length).padStart(16)}${String(ghPolls).padStart(22)}`);
console.log(
  `${pad("gh as coded (queued jobs' annotations cached)")}${''.padStart(16)}${`${ghAsCoded} (${perHour(ghAsCoded, ghHours)}/h)`.padStart(22)}`,
);
console.log('');
console.log(`304 share of our requests: ${((100 * notModified) / ours.length).toFixed(0)}%`);
console.log(
  `fewer requests than the gh model: ${(ghRequests / ours.length).toFixed(1)}× (goal ≥${GOAL_RATIO}×); fewer rate-limit units: ${(ghRequests / costing).toFixed(1)}×; vs gh as coded: ${(ghAsCoded / ours.length).toFixed(1)}× / ${(ghAsCoded / costing).toFixed(1)}×`,
);
console.log(
  `requests/hour: ${oursPerHour} (goal ≤${GOAL_PER_HOUR}: ${oursPerHour <= GOAL_PER_HOUR ? 'met' : 'NOT met'}); rate-limit units/hour: ${oursCostPerHour}`,
);
if (oursPerHour > GOAL_PER_HOUR) {
  // Say why, in numbers: one jobs request per poll is the floor of any poller at this cadence.
  console.log(
    `note: at one request per 3–5 s poll the floor is ${Math.round(3600 / 5)}–${Math.round(3600 / 3)} requests/hour before logs; ` +
      `${GOAL_PER_HOUR}/h needs a ≥${Math.ceil(3600 / GOAL_PER_HOUR)} s cadence or webhooks (workflow_job events).`,
  );
}
console.log('');
console.log(
  `diagnoses: ${diagnoses.length} (failed jobs: ${final.jobs.filter((j) => j.conclusion === 'failure').length})`,
);
for (const d of diagnoses) {
  const latency = latencyOf(d);
  console.log(
    `  ${d.job.padEnd(26)} completed → diagnosed in ${latency === null ? '?' : latency.toFixed(1)} s (scenario clock: ${d.latencySec ?? '?'} s)`,
  );
}
console.log(
  `why processing per failed job: ${diagnoseCalls.map((c) => c.end - c.start).join(', ')} ms (real time)`,
);
console.log(
  `completion → diagnosis: max ${Math.max(...latencies).toFixed(1)} s, mean ${(latencies.reduce((a, b) => a + b, 0) / latencies.length).toFixed(1)} s; poll interval while running ≤ ${maxInterval} s (goal: ≤ one poll interval: ${Math.max(...latencies) <= maxInterval ? 'met' : 'NOT met'})`,
);
console.log(`Summary: ${final.summary}`);
