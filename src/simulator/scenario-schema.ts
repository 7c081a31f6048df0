/**
 * @module The scenario file format (YAML or JSON data in src/simulator/scenarios/), validated with zod.
 * docs/simulator.md explains each field with an example; keep the two in step.
 */
import * as z from '../shared/zod.ts';

const NonEmpty = () => z.string().check(z.minLength(1));
const NonNegative = () => z.number().check(z.nonnegative());
const NonNegativeInt = () => z.number().check(z.int(), z.nonnegative());
const PositiveInt = () => z.number().check(z.int(), z.positive());
/** An ISO 8601 date-time string (what classic zod's `z.string().datetime()` checks). */
const DateTime = () => z.string().check(z.iso.datetime());

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
    text: z.optional(z.string()),
    repeat: z.optional(z.number().check(z.int(), z.positive(), z.maximum(200_000))),
    line: z.optional(z.string()),
    at: z.optional(NonNegative()),
    within: z.optional(NonNegative()),
  })
  .check(
    z.refine((e) => (e.text !== undefined) !== (e.line !== undefined), {
      message: 'a log entry has either `text` or `line` (with `repeat`), not both',
    }),
  );
export type LogEntry = z.infer<typeof LogEntry>;

export const StepSpec = z.object({
  /** Display name; defaults to `Run <uses>` or `Run <first line of run>` as GitHub does. */
  name: z.optional(z.string()),
  /** An action reference (`actions/checkout@v4`); exclusive with `run`. */
  uses: z.optional(z.string()),
  /** `with:` inputs of an action step, echoed in the log header like the runner does. */
  with: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
  /** A shell script; its lines are echoed in the log header. */
  run: z.optional(z.string()),
  /** The step's `if:` (copied to the generated workflow file). */
  if: z.optional(z.string()),
  /** Simulated duration in seconds. */
  seconds: z._default(NonNegative(), 1),
  /** `skipped`: the step's own `if:` was false (it takes no time and prints nothing). */
  conclusion: z._default(z.enum(['success', 'failure', 'skipped']), 'success'),
  /** Exit code written in `##[error]Process completed with exit code N.` when a `run` step fails. */
  exitCode: z._default(z.number().check(z.int()), 1),
  /** For failing action steps: the `##[error]` line the action prints (without the marker). */
  error: z.optional(z.string()),
  /** Lines the step prints (after the `##[group]Run …` header the simulator writes). */
  log: z._default(z.array(LogEntry), []),
  /** Action steps with a post phase (checkout, setup-go) get a `Post <name>` step near the end. */
  post: z._default(z.boolean(), false),
});
export type StepSpec = z.infer<typeof StepSpec>;

const MatrixValue = z.union([z.string(), z.number(), z.boolean()]);

export const JobSpec = z.object({
  /** The YAML key (`jobs.<key>`); not visible in the API, used for `needs` and the workflow file. */
  key: z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_-]*$/)),
  /** The API job id (default: counted up from `run.firstJobId`); not for matrix jobs. */
  id: z.optional(PositiveInt()),
  /** Display name as the API reports it; defaults to the key. */
  name: z.optional(z.string()),
  runsOn: z._default(z.string(), 'ubuntu-latest'),
  needs: z._default(z.array(z.string()), []),
  /** The job's `if:` as written in the workflow (copied into the workflow file); `false` implies `condition: 'false'`. */
  if: z.optional(z.union([z.string(), z.boolean()])),
  /**
   * How the `if:` evaluates in this scenario. `false` → skipped without running (even before its needs
   * finish, GitHub still waits for needs). `always` → runs even when a need failed. `failure` → runs
   * only when a need did not succeed. Default: runs only when every need succeeded (GitHub's implicit
   * `success()`).
   */
  condition: z._default(z.enum(['success', 'always', 'failure', 'false']), 'success'),
  /** Cancel the job this many seconds after it becomes ready (a user pressing "Cancel"), if it is still going. */
  cancelAfter: z.optional(NonNegative()),
  /** Seconds between the job becoming ready (needs done) and a runner picking it up. */
  queueSeconds: z._default(NonNegative(), 2),
  /** Durations of the runner's own "Set up job" and "Complete job" steps. */
  setupSeconds: z._default(NonNegative(), 2),
  completeSeconds: z._default(NonNegative(), 1),
  /** The job log verbatim (e.g. from a recording): served instead of the generated one. */
  rawLog: z.optional(z.string()),
  /** Deployment environment (`environment:`); with `waitSeconds` the job waits for a reviewer. */
  environment: z.optional(z.string()),
  /** Seconds the job stays `waiting` (environment protection rule) before it is queued. */
  waitSeconds: z._default(NonNegative(), 0),
  steps: z.array(StepSpec).check(z.minLength(1)),
  /**
   * `strategy.matrix` axes: one API job per combination, named `<name> (<v1>, <v2>)`. `runsOn` may
   * say `${{ matrix.os }}`. A job that needs a matrix job waits for every leg.
   */
  matrix: z.optional(z.record(z.string(), z.array(MatrixValue).check(z.minLength(1)))),
  /** `strategy.fail-fast` (GitHub's default true): when a leg fails, legs still running are cancelled. */
  failFast: z._default(z.boolean(), true),
  /** Per-leg differences: the first entry whose `match` values all equal the leg's replaces its steps. */
  legs: z._default(
    z.array(
      z.object({ match: z.record(z.string(), MatrixValue), steps: z.array(StepSpec).check(z.minLength(1)) }),
    ),
    [],
  ),
});
export type JobSpec = z.infer<typeof JobSpec>;

export const AttemptSpec = z.object({
  /** Seconds after the previous attempt completed (or after scenario start for the first). */
  startAfter: z._default(NonNegative(), 0),
  /** Who re-ran it (for `triggering_actor`); defaults to the run's actor. */
  actor: z.optional(z.string()),
  jobs: z.array(JobSpec).check(z.minLength(1)),
});
export type AttemptSpec = z.infer<typeof AttemptSpec>;

export const AssetSpec = z.object({
  name: NonEmpty(),
  contentType: z._default(z.string(), 'application/octet-stream'),
  /** Size in bytes of the (deterministic, generated) content served at browser_download_url. */
  size: z._default(z.number().check(z.int(), z.nonnegative(), z.maximum(50_000_000)), 4096),
  /** Serve bytes that do not match the published digest (to test checksum verification). */
  corrupt: z._default(z.boolean(), false),
  /** Publish `digest: null`, as assets uploaded before 2025-06-03 do. */
  noDigest: z._default(z.boolean(), false),
  /** Seconds after the release appears before this asset is uploaded (listed and downloadable). */
  delay: z._default(NonNegative(), 0),
});
export type AssetSpec = z.infer<typeof AssetSpec>;

export const ReleaseSpec = z.object({
  tag: NonEmpty(),
  name: z.optional(z.string()),
  body: z._default(z.string(), ''),
  draft: z._default(z.boolean(), false),
  prerelease: z._default(z.boolean(), false),
  /**
   * When the release appears: an ISO time before the scenario (an older release), or
   * `{ job, step }` = when that step completes successfully (never, if it fails); with `when: start`,
   * as soon as the step starts (an action that creates the release, then uploads assets — and may fail).
   */
  publishedAt: z.optional(DateTime()),
  createdBy: z.optional(
    z.object({ job: z.string(), step: z.string(), when: z._default(z.enum(['start', 'end']), 'end') }),
  ),
  assets: z._default(z.array(AssetSpec), []),
});
export type ReleaseSpec = z.infer<typeof ReleaseSpec>;

export const FileSpec = z.object({
  /** Repository path served by the contents endpoint (e.g. a Homebrew formula). */
  path: NonEmpty(),
  text: z.string(),
  /** The file (this version of it) appears when that step completes successfully; default: from the start. */
  createdBy: z.optional(z.object({ job: z.string(), step: z.string() })),
});
export type FileSpec = z.infer<typeof FileSpec>;

export const Scenario = z.object({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
  description: z._default(z.string(), ''),
  owner: NonEmpty(),
  repo: NonEmpty(),
  /** Scenario clock origin: simulated time of the run's creation. */
  startedAt: DateTime(),
  /** Speed used when the caller passes none (simulated seconds per real second). */
  defaultSpeed: z._default(z.number().check(z.positive()), 1),
  /** Primary rate limit per hour (x-ratelimit-limit). */
  rateLimit: z._default(PositiveInt(), 5000),
  /**
   * Concurrent API requests above this get a secondary rate limit (GitHub allows 100; set 1 to check
   * that a client never fans out). Default: no limit.
   */
  maxConcurrent: z.optional(PositiveInt()),
  workflow: z.object({
    id: PositiveInt(),
    name: z.string(),
    path: z.string().check(z.regex(/^\.github\/workflows\/[^/]+\.ya?ml$/)),
    /** `on:` block of the generated workflow file, as YAML text. */
    on: z._default(z.string(), "push:\n  tags: ['v*']\n"),
    /** Extra top-level YAML (permissions, env) copied into the generated workflow file. */
    preamble: z._default(z.string(), ''),
    /** The workflow file verbatim (e.g. from a recording); when set, it is served instead of the generated one. */
    text: z.optional(z.string()),
  }),
  run: z.object({
    id: PositiveInt(),
    runNumber: PositiveInt(),
    event: z._default(z.string(), 'push'),
    headBranch: z.string(),
    headSha: z.string().check(z.regex(/^[0-9a-f]{40}$/)),
    displayTitle: z.string(),
    actor: z._default(z.string(), 'octocat'),
    /** First job id; later ids count up from it (GitHub job ids are larger than run ids). */
    firstJobId: z.optional(PositiveInt()),
  }),
  attempts: z.array(AttemptSpec).check(z.minLength(1)),
  releases: z._default(z.array(ReleaseSpec), []),
  /** Other repository files; several entries with one path are versions (the latest visible one is served). */
  files: z._default(z.array(FileSpec), []),
  /**
   * The truth of the finished scenario, for tests of anything that watches it: the role each job
   * (API name, latest attempt) should get. Values are the JobRole strings of src/analysis/roles.ts;
   * the key `'*'` gives the role of every job not named.
   */
  expectedRoles: z._default(z.record(z.string(), z.string()), {}),
  /**
   * For each failing job (API name, any attempt): the category of the root cause a diagnosis of its
   * log should name first (categories of src/logs/why/categories.ts).
   */
  expectedCauses: z._default(z.record(z.string(), z.string()), {}),
  /**
   * GitHub behaviours to reproduce that a client must not trip on:
   * - `run-status-least-advanced`: the run reports `queued` while any job is queued, even when others
   *   run (reported in cli/cli#13972 for runs waiting on runners).
   */
  quirks: z._default(z.array(z.enum(['run-status-least-advanced'])), []),
  /** Faults active from the start (see FaultRule). */
  faults: z._default(z.array(z.lazy(() => FaultRule)), []),
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
  match: z.optional(z.string()),
  /** Skip this many matching requests before the fault starts. */
  after: z._default(NonNegativeInt(), 0),
  /** How many matching requests get the fault (0 = all from then on). */
  times: z._default(NonNegativeInt(), 1),
  status: z.optional(z.number().check(z.int(), z.minimum(400), z.maximum(599))),
  /**
   * Seconds sent in `retry-after` (secondary limit) or until `x-ratelimit-reset` (primary limit).
   * `null` on a secondary limit sends no `retry-after` (GitHub does not always; clients must then wait ≥ 1 min).
   */
  retryAfter: z._default(z.nullable(NonNegativeInt()), 2),
  delayMs: z._default(NonNegativeInt(), 1500),
});
export type FaultRule = z.input<typeof FaultRule>;
/** A FaultRule with defaults filled in. */
export type ResolvedFaultRule = z.output<typeof FaultRule>;
