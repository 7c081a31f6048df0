/**
 * @module `why`'s core: diagnose a CI log - verdict, failing step, root causes with evidence,
 * consequences, noise. Plain functions; no I/O beyond reading the knowledge base once. Input that
 * holds several jobs (a run zip, `--log-failed` output) is diagnosed job by job.
 */
import type { LogFormat, LogLine, ReadStats } from '../model.ts';
import { linesFromText } from '../read/open-log.ts';
import { type KnowledgeBase, loadKnowledgeBase } from '../signatures/load.ts';
import { assemble, readNotes } from './assemble.ts';
import { DiagnosisCollector } from './collect.ts';
import { detach } from './evidence-text.ts';
import type { Diagnosis, JobDiagnosis } from './types.ts';

export type {
  Cause,
  Diagnosis,
  EvidenceLine,
  FailingStep,
  JobDiagnosis,
  NoiseGroup,
} from './types.ts';

export interface DiagnoseOptions {
  /** Log shape, reported in the result (the lines are already parsed). */
  format?: LogFormat;
  /** Read statistics, when known (adds notes on cut or invalid input). */
  stats?: () => ReadStats;
  /** Knowledge base to use (tests); defaults to the built-in one. */
  kb?: KnowledgeBase;
}

/**
 * Diagnoses a stream of log lines in one pass with bounded memory. Each job (a run of lines with the
 * same `job`) gets its own collector, assembled as soon as the next job starts, so one job's errors
 * never rank against another's and memory stays that of one job plus the finished results.
 * Lines before the first named job belong to it. A job name seen again after another job is a new
 * entry (readers give each job's lines in one run, so this does not happen with their output).
 */
export async function diagnoseLines(
  lines: AsyncIterable<LogLine> | Iterable<LogLine> | AsyncIterable<LogLine[]>,
  options: DiagnoseOptions = {},
): Promise<Diagnosis> {
  const kb = options.kb ?? loadKnowledgeBase();
  const format = options.format ?? 'plain';
  const done: JobDiagnosis[] = [];
  let collector = new DiagnosisCollector(kb);
  let job: string | undefined;
  const push = (line: LogLine) => {
    const j = line.job;
    if (j !== undefined && j !== job) {
      if (job === undefined) job = detach(j);
      else {
        done.push({ job, ...assemble(collector, format) });
        collector = new DiagnosisCollector(kb);
        job = detach(j);
      }
    }
    collector.push(line);
  };
  for await (const item of lines as AsyncIterable<LogLine | LogLine[]>) {
    if (Array.isArray(item)) for (const line of item) push(line);
    else push(item);
  }
  const stats = options.stats?.();
  if (done.length === 0) return assemble(collector, format, stats);
  done.push({ job: job!, ...assemble(collector, format) });
  return combineJobs(done, format, stats);
}

/** The diagnosis of a multi-job input: the top-level fields of its primary job, and every job. */
function combineJobs(jobs: JobDiagnosis[], format: LogFormat, stats: ReadStats | undefined): Diagnosis {
  const failed = jobs.filter((j) => j.verdict === 'failed');
  const primary = failed[0] ?? jobs.find((j) => j.verdict === 'unknown') ?? jobs[0]!;
  const which =
    primary.verdict === 'failed'
      ? `the first job that failed, "${primary.job}"${failed.length > 1 ? ` (${failed.length} of ${jobs.length} jobs failed)` : ''}`
      : primary.verdict === 'unknown'
        ? `"${primary.job}", the first job whose log does not say how it ended`
        : `the first job, "${primary.job}" (all ${jobs.length} succeeded)`;
  const notes = [
    `The input holds ${jobs.length} jobs, each diagnosed on its own; the top-level answer (verdict, failing step, causes, noise) is that of ${which}.`,
    ...(stats ? readNotes(stats) : []),
  ];
  const d: Diagnosis = {
    verdict: primary.verdict,
    failingStep: primary.failingStep,
    causes: primary.causes,
    noise: primary.noise,
    category: primary.category ?? null,
    notes,
    log: { format, lines: jobs.reduce((sum, j) => sum + (j.log?.lines ?? 0), 0) },
    jobs,
  };
  return d;
}

/** Diagnoses a log already in memory (job logs downloaded from the API, tests). */
export async function diagnoseText(text: string): Promise<Diagnosis> {
  const read = linesFromText(text);
  return diagnoseLines(read.lines, { format: read.format, stats: () => read.stats });
}
