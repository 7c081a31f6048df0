/**
 * @module The scenario file format (YAML or JSON data in src/simulator/scenarios/), validated with zod.
 * docs/simulator.md explains each field with an example; keep the two in step.
 */
import { z } from 'zod';

/**
 * One entry of a step's log. Compact on purpose: a scenario describes 6,000 tar lines in one entry.
 * - `text`: literal lines (one per line of the string).
 * - `repeat` + `line`: `line` is expanded `repeat` times; placeholders: `{n}` (1-based counter),
 *   `{gosrc}` (a varied Go source path), `{hex:N}` (N hex chars), `{pick:a|b|c}` (one of the choices).
 * - `at`: seconds into the step where the entry starts (default: right after the previous entry).
 * - `within`: seconds over which the entry's lines are spread (default 0.5 s).
 */
export const LogEntry = z
  .object({
    text: z.string().optional(),
    repeat: z.number().int().positive().max(200_000).optional(),
    line: z.string().optional(),
    at: z.number().nonnegative().optional(),
    within: z.number().nonnegative().optional(),
  })
  .refine((e) => (e.text !== undefined) !== (e.line !== undefined), {
    message: 'a log entry has either `text` or `line` (with `repeat`), not both',
  });
export type LogEntry = z.infer<typeof LogEntry>;

export const StepSpec = z.object({
  /** Display name; defaults to `Run <uses>` or `Run <first line of run>` as GitHub does. */
  name: z.string().optional(),
  /** An action reference (`actions/checkout@v4`); exclusive with `run`. */
  uses: z.string().optional(),
  /** `with:` inputs of an action step, echoed in the log header like the runner does. */
  with: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** A shell script; its lines are echoed in the log header. */
  run: z.string().optional(),
  /** The step's `if:` (copied to the generated workflow file). */
  if: z.string().optional(),
  /** Simulated duration in seconds. */
  seconds: z.number().nonnegative().default(1),
  /** `skipped`: the step's own `if:` was false (it takes no time and prints nothing). */
  conclusion: z.enum(['success', 'failure', 'skipped']).default('success'),
  /** Exit code written in `##[error]Process completed with exit code N.` when a `run` step fails. */
  exitCode: z.number().int().default(1),
  /** For failing action steps: the `##[error]` line the action prints (without the marker). */
  error: z.string().optional(),
  /** Lines the step prints (after the `##[group]Run …` header the simulator writes). */
  log: z.array(LogEntry).default([]),
  /** Action steps with a post phase (checkout, setup-go) get a `Post <name>` step near the end. */
  post: z.boolean().default(false),
});
export type StepSpec = z.infer<typeof StepSpec>;

const MatrixValue = z.union([z.string(), z.number(), z.boolean()]);

export const JobSpec = z.object({
  /** The YAML key (`jobs.<key>`); not visible in the API, used for `needs` and the workflow file. */
  key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/),
  /** The API job id (default: counted up from `run.firstJobId`); not for matrix jobs. */
  id: z.number().int().positive().optional(),
  /** Display name as the API reports it; defaults to the key. */
  name: z.string().optional(),
  runsOn: z.string().default('ubuntu-latest'),
  needs: z.array(z.string()).default([]),
  /** The job's `if:` as written in the workflow (copied into the workflow file); `false` implies `condition: 'false'`. */
  if: z.union([z.string(), z.boolean()]).optional(),
  /**
   * How the `if:` evaluates in this scenario. `false` → skipped without running (even before its needs
   * finish, GitHub still waits for needs). `always` → runs even when a need failed. `failure` → runs
   * only when a need did not succeed. Default: runs only when every need succeeded (GitHub's implicit
   * `success()`).
   */
  condition: z.enum(['success', 'always', 'failure', 'false']).default('success'),
  /** Cancel the job this many seconds after it becomes ready (a user pressing "Cancel"), if it is still going. */
  cancelAfter: z.number().nonnegative().optional(),
  /** Seconds between the job becoming ready (needs done) and a runner picking it up. */
  queueSeconds: z.number().nonnegative().default(2),
  /** Durations of the runner's own "Set up job" and "Complete job" steps. */
  setupSeconds: z.number().nonnegative().default(2),
  completeSeconds: z.number().nonnegative().default(1),
  /** The job log verbatim (e.g. from a recording): served instead of the generated one. */
  rawLog: z.string().optional(),
  /** Deployment environment (`environment:`); with `waitSeconds` the job waits for a reviewer. */
  environment: z.string().optional(),
  /** Seconds the job stays `waiting` (environment protection rule) before it is queued. */
  waitSeconds: z.number().nonnegative().default(0),
  steps: z.array(StepSpec).min(1),
  /**
   * `strategy.matrix` axes: one API job per combination, named `<name> (<v1>, <v2>)`. `runsOn` may
   * say `${{ matrix.os }}`. A job that needs a matrix job waits for every leg.
   */
  matrix: z.record(z.string(), z.array(MatrixValue).min(1)).optional(),
  /** `strategy.fail-fast` (GitHub's default true): when a leg fails, legs still running are cancelled. */
  failFast: z.boolean().default(true),
  /** Per-leg differences: the first entry whose `match` values all equal the leg's replaces its steps. */
  legs: z
    .array(z.object({ match: z.record(z.string(), MatrixValue), steps: z.array(StepSpec).min(1) }))
    .default([]),
});
export type JobSpec = z.infer<typeof JobSpec>;

export const AttemptSpec = z.object({
  /** Seconds after the previous attempt completed (or after scenario start for the first). */
  startAfter: z.number().nonnegative().default(0),
  /** Who re-ran it (for `triggering_actor`); defaults to the run's actor. */
  actor: z.string().optional(),
  jobs: z.array(JobSpec).min(1),
});
export type AttemptSpec = z.infer<typeof AttemptSpec>;

export const AssetSpec = z.object({
  name: z.string().min(1),
  contentType: z.string().default('application/octet-stream'),
  /** Size in bytes of the (deterministic, generated) content served at browser_download_url. */
  size: z.number().int().nonnegative().max(50_000_000).default(4096),
  /** Serve bytes that do not match the published digest (to test checksum verification). */
  corrupt: z.boolean().default(false),
  /** Publish `digest: null`, as assets uploaded before 2025-06-03 do. */
  noDigest: z.boolean().default(false),
  /** Seconds after the release appears before this asset is uploaded (listed and downloadable). */
  delay: z.number().nonnegative().default(0),
});
export type AssetSpec = z.infer<typeof AssetSpec>;

export const ReleaseSpec = z.object({
  tag: z.string().min(1),
  name: z.string().optional(),
  body: z.string().default(''),
  draft: z.boolean().default(false),
  prerelease: z.boolean().default(false),
  /**
   * When the release appears: an ISO time before the scenario (an older release), or
   * `{ job, step }` = when that step completes successfully (never, if it fails); with `when: start`,
   * as soon as the step starts (an action that creates the release, then uploads assets — and may fail).
   */
  publishedAt: z.string().datetime().optional(),
  createdBy: z
    .object({ job: z.string(), step: z.string(), when: z.enum(['start', 'end']).default('end') })
    .optional(),
  assets: z.array(AssetSpec).default([]),
});
export type ReleaseSpec = z.infer<typeof ReleaseSpec>;

export const FileSpec = z.object({
  /** Repository path served by the contents endpoint (e.g. a Homebrew formula). */
  path: z.string().min(1),
  text: z.string(),
  /** The file (this version of it) appears when that step completes successfully; default: from the start. */
  createdBy: z.object({ job: z.string(), step: z.string() }).optional(),
});
export type FileSpec = z.infer<typeof FileSpec>;

export const Scenario = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  description: z.string().default(''),
  owner: z.string().min(1),
  repo: z.string().min(1),
  /** Scenario clock origin: simulated time of the run's creation. */
  startedAt: z.string().datetime(),
  /** Speed used when the caller passes none (simulated seconds per real second). */
  defaultSpeed: z.number().positive().default(1),
  /** Primary rate limit per hour (x-ratelimit-limit). */
  rateLimit: z.number().int().positive().default(5000),
  /**
   * Concurrent API requests above this get a secondary rate limit (GitHub allows 100; set 1 to check
   * that a client never fans out). Default: no limit.
   */
  maxConcurrent: z.number().int().positive().optional(),
  workflow: z.object({
    id: z.number().int().positive(),
    name: z.string(),
    path: z.string().regex(/^\.github\/workflows\/[^/]+\.ya?ml$/),
    /** `on:` block of the generated workflow file, as YAML text. */
    on: z.string().default("push:\n  tags: ['v*']\n"),
    /** Extra top-level YAML (permissions, env) copied into the generated workflow file. */
    preamble: z.string().default(''),
    /** The workflow file verbatim (e.g. from a recording); when set, it is served instead of the generated one. */
    text: z.string().optional(),
  }),
  run: z.object({
    id: z.number().int().positive(),
    runNumber: z.number().int().positive(),
    event: z.string().default('push'),
    headBranch: z.string(),
    headSha: z.string().regex(/^[0-9a-f]{40}$/),
    displayTitle: z.string(),
    actor: z.string().default('octocat'),
    /** First job id; later ids count up from it (GitHub job ids are larger than run ids). */
    firstJobId: z.number().int().positive().optional(),
  }),
  attempts: z.array(AttemptSpec).min(1),
  releases: z.array(ReleaseSpec).default([]),
  /** Other repository files; several entries with one path are versions (the latest visible one is served). */
  files: z.array(FileSpec).default([]),
  /**
   * The truth of the finished scenario, for tests of anything that watches it: the role each job
   * (API name, latest attempt) should get. Values are the JobRole strings of src/analysis/roles.ts;
   * the key `'*'` gives the role of every job not named.
   */
  expectedRoles: z.record(z.string(), z.string()).default({}),
  /**
   * For each failing job (API name, any attempt): the category of the root cause a diagnosis of its
   * log should name first (categories of src/logs/why/categories.ts).
   */
  expectedCauses: z.record(z.string(), z.string()).default({}),
  /**
   * GitHub behaviours to reproduce that a client must not trip on:
   * - `run-status-least-advanced`: the run reports `queued` while any job is queued, even when others
   *   run (reported in cli/cli#13972 for runs waiting on runners).
   */
  quirks: z.array(z.enum(['run-status-least-advanced'])).default([]),
  /** Faults active from the start (see FaultRule). */
  faults: z.array(z.lazy(() => FaultRule)).default([]),
});
export type Scenario = z.infer<typeof Scenario>;
/** What a scenario file may omit (defaults filled in by zod). */
export type ScenarioInput = z.input<typeof Scenario>;

export const FaultRule = z.object({
  /**
   * - `secondary-limit`: 403 "You have exceeded a secondary rate limit…" with `retry-after`.
   * - `primary-limit`: 403 (or `status: 429`) "API rate limit exceeded…" with x-ratelimit-remaining 0.
   * - `server-error`: `status` (default 502) with GitHub's error body.
   * - `slow`: answers normally after `delayMs`.
   * - `logs-gone`: 410 on job/run log downloads.
   * - `malformed`: 200 with a truncated JSON body.
   */
  kind: z.enum(['secondary-limit', 'primary-limit', 'server-error', 'slow', 'logs-gone', 'malformed']),
  /** Regular expression tested against the request path (without query); default: every API path. */
  match: z.string().optional(),
  /** Skip this many matching requests before the fault starts. */
  after: z.number().int().nonnegative().default(0),
  /** How many matching requests get the fault (0 = all from then on). */
  times: z.number().int().nonnegative().default(1),
  status: z.number().int().min(400).max(599).optional(),
  /**
   * Seconds sent in `retry-after` (secondary limit) or until `x-ratelimit-reset` (primary limit).
   * `null` on a secondary limit sends no `retry-after` (GitHub does not always; clients must then wait ≥ 1 min).
   */
  retryAfter: z.number().int().nonnegative().nullable().default(2),
  delayMs: z.number().int().nonnegative().default(1500),
});
export type FaultRule = z.input<typeof FaultRule>;
/** A FaultRule with defaults filled in. */
export type ResolvedFaultRule = z.output<typeof FaultRule>;
