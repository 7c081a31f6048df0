/**
 * @module The workflow model: what a GitHub Actions workflow file says about its jobs, as plain data.
 * Built by `parseWorkflow` (parse.ts) from GitHub's own parser; read by the job graph, the API-name
 * mapping, the role analysis of `watch`, and `lint`.
 */

/** A one-based position in the workflow file. */
export interface SourcePosition {
  /** One-based line. */
  line: number;
  /** One-based column. */
  column: number;
}

/** A span of the workflow file. */
export interface SourceRange {
  /** First character of the span. */
  start: SourcePosition;
  /** Position just after the span (as GitHub's parser reports it). */
  end: SourcePosition;
}

/**
 * What kind of problem the file has.
 * - `yaml-syntax`: the text is not valid YAML.
 * - `invalid-workflow`: valid YAML that GitHub's workflow schema rejects (unknown key, wrong type, ...).
 * - `unknown-need`: a job `needs` a job id that does not exist.
 * - `needs-cycle`: a job's `needs` create a cycle.
 * - `no-entry-job`: every job needs another one, so nothing can start.
 */
export type ProblemCode =
  | 'yaml-syntax'
  | 'invalid-workflow'
  | 'unknown-need'
  | 'needs-cycle'
  | 'no-entry-job';

/** A located problem in a workflow file. Parsing never throws; it reports these instead. */
export interface Problem {
  /** File name as given to `parseWorkflow`. */
  file: string;
  /** One-based line (1 when the parser gives no location). */
  line: number;
  /** One-based column (1 when the parser gives no location). */
  column: number;
  /** Full span when known. */
  range?: SourceRange;
  /** One line, in GitHub's wording where GitHub has one. */
  message: string;
  /** Kind of problem. */
  code: ProblemCode;
}

/** One matrix combination: matrix key → value (scalars, or objects rendered as given). */
export type MatrixCombination = Record<string, MatrixValue>;

/** A literal matrix value. */
export type MatrixValue = string | number | boolean | null | MatrixValue[] | { [key: string]: MatrixValue };

/** The `strategy.matrix` of a job. */
export interface MatrixModel {
  /** Dimension keys in file order (excluding `include` / `exclude`). */
  keys: string[];
  /**
   * The expanded combinations when every value is literal (cartesian product, then `exclude`,
   * then `include` with GitHub's merge rule); `undefined` when any part is an expression
   * (e.g. `fromJSON(needs.plan.outputs.matrix)`) and is only known at run time.
   */
  combinations: MatrixCombination[] | undefined;
  /** The matrix as written, expressions kept as `${{ ... }}` text. */
  source: string;
  /** `strategy.fail-fast` (GitHub's default is true: one failed combination cancels the others). */
  failFast: boolean;
}

/** `permissions:` of the workflow or a job. */
export type PermissionsModel =
  | {
      /** `read-all` / `write-all` / `{}` shorthand. */
      type: 'all';
      /** `none` stands for `permissions: {}`. */
      access: 'read' | 'write' | 'none';
    }
  | {
      /** Per-scope levels. */
      type: 'scopes';
      /** Scope (e.g. `contents`, `id-token`) → `read` | `write` | `none`. */
      scopes: Record<string, string>;
    }
  | {
      /** An expression, only known at run time. */
      type: 'expression';
      /** The expression text. */
      text: string;
    };

/** A step of a regular job. */
export interface StepModel {
  /** `id:` when given. */
  id?: string;
  /** `name:` when given (may contain `${{ }}`). */
  name?: string;
  /** `uses:` when the step runs an action. */
  uses?: string;
  /** `run:` script when the step runs a shell command. */
  run?: string;
  /** `if:` as written (without `${{ }}`), when given. */
  if?: string;
  /** `with:` inputs, values as source text. */
  with: Record<string, string>;
  /** Keys of the step's `env:`. */
  envKeys: string[];
  /** The step's `env:`, values as source text (`${{ secrets.NPM_TOKEN }}` stays as written). */
  env: Record<string, string>;
  /** `continue-on-error:` as source text, when given. */
  continueOnError?: string;
  /** Where the step starts. */
  range?: SourceRange;
}

/** What every job has. */
interface BaseJobModel {
  /** The YAML key (`jobs.<id>`). */
  id: string;
  /** `name:` as written, or the id; may contain `${{ matrix.os }}` expressions. */
  displayName: string;
  /** True when `name:` was given explicitly. */
  hasExplicitName: boolean;
  /** Job ids this job `needs`, in file order. */
  needs: string[];
  /**
   * The condition GitHub evaluates, without `${{ }}`; GitHub's parser adds the implicit
   * `success() && (...)` when the written condition has no status function.
   * `undefined` when the job has no `if:` (GitHub then uses `success()`).
   */
  if?: string;
  /** The `if:` exactly as written, when given. */
  ifSource?: string;
  /** `strategy.matrix`, when given. */
  matrix?: MatrixModel;
  /** Job-level `permissions:`, when given. */
  permissions?: PermissionsModel;
  /** `continue-on-error:` as source text, when given. */
  continueOnError?: string;
  /** `timeout-minutes:` as source text, when given. */
  timeoutMinutes?: string;
  /** True when the job sets its own `concurrency:`. */
  hasConcurrency: boolean;
  /** Where the job key is. */
  range?: SourceRange;
}

/** A job that runs steps on a runner. */
export interface RegularJobModel extends BaseJobModel {
  /** Discriminant. */
  type: 'job';
  /** `runs-on:` as source text (labels joined with `, ` when a list). */
  runsOn?: string;
  /** `environment:` name (or the `name:` of an environment mapping). */
  environment?: string;
  /** Keys of the job's `env:`. */
  envKeys: string[];
  /** The job's `env:`, values as source text. */
  env: Record<string, string>;
  /** Steps in order. */
  steps: StepModel[];
}

/** A job that calls a reusable workflow (`uses: owner/repo/.github/workflows/x.yml@ref`). */
export interface ReusableWorkflowJobModel extends BaseJobModel {
  /** Discriminant. */
  type: 'reusableWorkflowJob';
  /** The called workflow reference. */
  uses: string;
  /** `with:` inputs, values as source text. */
  with: Record<string, string>;
  /** `secrets: inherit`. */
  inheritSecrets: boolean;
}

/** A job of a workflow. */
export type WorkflowJob = RegularJobModel | ReusableWorkflowJobModel;

/** A parsed workflow file. */
export interface WorkflowModel {
  /** Workflow `name:`, or the file name when there is none (GitHub shows the path then). */
  name: string;
  /** File name as given to `parseWorkflow`. */
  file: string;
  /** Trigger event names under `on:`, in file order. */
  events: string[];
  /** Top-level `permissions:`, when given. */
  permissions?: PermissionsModel;
  /** True when a top-level `concurrency:` is set. */
  hasConcurrency: boolean;
  /** Top-level `env:`, values as source text. */
  env: Record<string, string>;
  /** Jobs in file order. */
  jobs: WorkflowJob[];
}
