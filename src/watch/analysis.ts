/**
 * @module What the watch loop needs from the analysis parts (workflow model, roles, `why`), as
 * structural interfaces so the loop can be typed before and independently of their internals.
 * `default-analysis.ts` wires the real implementations.
 */

/** Roles a job can play in a run: one definition, in the analysis that assigns them. */
import type { JobRole } from '../analysis/role-parts.ts';

export type { JobRole };

/** The few fields of a workflow job the watch view reads. */
export interface WorkflowJobLike {
  /** YAML key. */
  id: string;
  /** `name:` or the id; may hold `${{ }}`. */
  displayName: string;
  /** YAML keys this job needs. */
  needs: string[];
  /** `if:` as written, when given. */
  ifSource?: string | undefined;
}

export interface WorkflowLike {
  /** Workflow name. */
  name: string;
  /** Jobs in file order. */
  jobs: readonly WorkflowJobLike[];
}

/** What role analysis reads of an API job. */
export interface ApiJobLite {
  /** Job id (== check-run id). */
  id: number;
  /** Display name as the API reports it. */
  name: string;
  /** queued | in_progress | completed | waiting | ... */
  status: string;
  /** success | failure | skipped | cancelled | ... or null while not completed. */
  conclusion: string | null;
  /** Steps as the API reports them (empty for a skipped job). */
  steps: { name: string; status: string; conclusion: string | null; number: number }[];
}

export interface RoleAssignment {
  /** API job name. */
  name: string;
  role: JobRole;
  /** Root-cause job names this job's state comes from. */
  causedBy: string[];
  /** Path from the root cause to this job (names), for cascades. */
  chain: string[];
  /** True when the reason is inferred from the graph (the API gives no skip reason). */
  inferred: boolean;
  /** One line explaining the role. */
  reason: string;
}

export interface DiagnosisLike {
  verdict: 'failed' | 'succeeded' | 'unknown';
  failingStep: { name: string; exitCode: number | null; startLine: number; endLine: number } | null;
  causes: {
    signature: string;
    category: string;
    title: string;
    evidence: { line: number; text: string }[];
  }[];
}

export interface WatchAnalysis<W extends WorkflowLike, A extends RoleAssignment = RoleAssignment> {
  parseWorkflow(
    file: string,
    text: string,
  ): Promise<{ workflow: W | undefined; problems: { line: number; column: number; message: string }[] }>;
  apiJobNameMatches(job: W['jobs'][number], apiName: string): boolean;
  assignRoles(jobs: ApiJobLite[], workflow: W | undefined): A[];
  /** The one-line summary of the final roles ("4/12 publish jobs succeeded; 1 root cause; ..."). */
  summarize?(assignments: A[]): string;
  diagnoseText(text: string): Promise<DiagnosisLike>;
  /** Loads what the first call would load (parser, signature base), so that a sped-up replay is not skewed by it. */
  warmUp?(): Promise<void>;
}
