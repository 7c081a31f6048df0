/**
 * @module The log model every log consumer shares (templates, why, watch). Readers in src/logs/read
 * turn any log shape (GitHub job log, run zip, `gh run view --log-failed`, copied web text, plain
 * CI output) into a stream of LogLine; segmenters add steps. Nothing here does I/O.
 */

/** What a GitHub Actions workflow command or marker made of this line. */
export type LineKind =
  /** ordinary output */
  | 'output'
  /** `##[group]Name` – starts a collapsible group; the runner opens each step with one */
  | 'group'
  /** `##[endgroup]` */
  | 'endgroup'
  /** `##[error]…` or `::error…::` annotation */
  | 'error'
  /** `##[warning]…` */
  | 'warning'
  /** `##[notice]…` */
  | 'notice'
  /** `##[debug]…` */
  | 'debug'
  /** `[command]/usr/bin/git …` – a command the runner or an action echoed before running it */
  | 'command';

export interface LogLine {
  /** 1-based line number in the source file (for a zip: in that entry's file). Evidence cites this. */
  n: number;
  /** The message: timestamp prefix, `job\tstep\t` prefix, web-copy artefacts, ANSI escapes and the
   *  `##[kind]` marker removed. This is what templates and signatures look at. */
  text: string;
  /** The line as it stands in the log, minus ANSI escapes and the line terminator. */
  raw: string;
  kind: LineKind;
  /** ISO timestamp from the GitHub prefix, when there is one. */
  timestamp?: string;
  /** Job name, from a run zip entry or a `gh run view --log-failed` prefix. */
  job?: string;
  /** Step name when the source says it (zip entry file name, `--log-failed` prefix). */
  step?: string;
  /** The line was longer than the reader's cap and was cut. */
  truncated?: boolean;
}

/** The shapes we recognise. */
export type LogFormat =
  | 'github-actions'
  | 'github-actions-zip'
  | 'gh-log-failed'
  | 'github-web-copy'
  | 'plain';

/** One step of a job, as segmented from the log. Line numbers are inclusive. */
export interface StepSegment {
  /** Step display name (`Run npm publish`, `Set up job`, `Post Run actions/setup-go@v5`). */
  name: string;
  job?: string;
  startLine: number;
  endLine: number;
  /** From `Process completed with exit code N`; null when the log does not say. */
  exitCode: number | null;
  /** True when the step shows an `##[error]` line or a non-zero exit code. */
  failed: boolean;
}

/** Facts about the read itself, reported beside results so nothing is silently dropped. */
export interface ReadStats {
  format: LogFormat;
  lines: number;
  bytes: number;
  /** Lines cut at the length cap. */
  truncatedLines: number;
  /** Bytes that were not valid UTF-8 (replaced with U+FFFD). */
  invalidUtf8: boolean;
  /** The last line had no terminator (the file may have been cut mid-line). */
  endsMidLine: boolean;
}
