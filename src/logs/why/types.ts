/**
 * @module The result of `shipwatch why`: exactly the `--json` shape of issue 4, plus optional extras
 * (marked as such) that the renderers and the dashboard use.
 */
import type { LogFormat } from '../model.ts';
import type { Category } from './categories.ts';

/** One cited log line. */
export interface EvidenceLine {
  /** 1-based line number in the log (for a zip: in that entry's file). */
  line: number;
  /** The line as it stands in the log, timestamp and `job<TAB>step<TAB>` prefix removed. */
  text: string;
  /** Extra: the job the line is in, when the log names jobs (run zip, `gh run view --log-failed`). */
  job?: string;
  /** Extra: the step the line is in, when the log names steps. */
  step?: string;
}

/** A root cause, with the lines that prove it and the later lines that only follow from it. */
export interface Cause {
  /** Signature id from the knowledge base, or `unknown-failure` for the fallback. */
  signature: string;
  category: Category;
  title: string;
  explanation?: string;
  remedy: string;
  evidence: EvidenceLine[];
  consequences: EvidenceLine[];
  /** Extra: how sure we are (`low` for the unknown-failure fallback and ambiguous signatures). */
  confidence?: 'high' | 'medium' | 'low';
  /** Extra: how many lines matched in all (evidence lists at most ten). */
  matchedLines?: number;
  /** Extra: the step the evidence is in, when the log names steps. */
  step?: string;
}

/** A group of alarming lines that are not the cause. */
export interface NoiseGroup {
  /** Template of the lines (`<*>` for variable parts). */
  template: string;
  count: number;
  firstLine: number;
  /** Why this is harmless. */
  reason: string;
  /** Extra: the noise signature. */
  signature?: string;
  /** Extra: category of the noise signature. */
  category?: Category;
  /** Extra: one line as it stands in the log. */
  example?: string;
  /** Extra: the job `firstLine` is in, when the log names jobs. */
  job?: string;
}

export interface FailingStep {
  name: string;
  exitCode: number | null;
  startLine: number;
  endLine: number;
  /** Extra: job name, when the log has several jobs. */
  job?: string;
  /** Extra: true when the log has no step markers and the name was inferred from its content. */
  inferred?: boolean;
}

export interface Diagnosis {
  verdict: 'failed' | 'succeeded' | 'unknown';
  failingStep: FailingStep | null;
  causes: Cause[];
  noise: NoiseGroup[];
  /** Extra: category of the first cause, or of the main noise when there is no cause; null if neither. */
  category?: Category | null;
  /** Extra: plain-language notes on what the log did not say (no step markers, empty input, cut file). */
  notes?: string[];
  /** Extra: the log shape and size that was read. */
  log?: { format: LogFormat; lines: number };
  /**
   * Only for input that holds several jobs (a run zip, `--log-failed` output of several jobs): one
   * diagnosis per job, in log order. The top-level fields are then those of the first job that
   * failed (else the first the log cannot tell about, else the first job), so the top-level verdict
   * is the run's: failed if any job failed.
   */
  jobs?: JobDiagnosis[];
}

/** The diagnosis of one job of a multi-job input. */
export interface JobDiagnosis extends Omit<Diagnosis, 'jobs'> {
  /** Job name as the input spells it (zip entry name, `--log-failed` prefix). */
  job: string;
}
