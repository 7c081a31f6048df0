/**
 * @module `why`'s core: diagnose a CI log - verdict, failing step, root causes with evidence,
 * consequences, noise. Plain functions; no I/O beyond reading the knowledge base once.
 */
import type { LogFormat, LogLine, ReadStats } from '../model.ts';
import { linesFromText } from '../read/open-log.ts';
import { type KnowledgeBase, loadKnowledgeBase } from '../signatures/load.ts';
import { assemble } from './assemble.ts';
import { DiagnosisCollector } from './collect.ts';
import type { Diagnosis } from './types.ts';

export type { Cause, Diagnosis, EvidenceLine, FailingStep, NoiseGroup } from './types.ts';

export interface DiagnoseOptions {
  /** Log shape, reported in the result (the lines are already parsed). */
  format?: LogFormat;
  /** Read statistics, when known (adds notes on cut or invalid input). */
  stats?: () => ReadStats;
  /** Knowledge base to use (tests); defaults to the built-in one. */
  kb?: KnowledgeBase;
}

/** Diagnoses a stream of log lines in one pass with bounded memory. */
export async function diagnoseLines(
  lines: AsyncIterable<LogLine> | Iterable<LogLine> | AsyncIterable<LogLine[]>,
  options: DiagnoseOptions = {},
): Promise<Diagnosis> {
  const collector = new DiagnosisCollector(options.kb ?? loadKnowledgeBase());
  for await (const item of lines as AsyncIterable<LogLine | LogLine[]>) {
    if (Array.isArray(item)) for (const line of item) collector.push(line);
    else collector.push(item);
  }
  return assemble(collector, options.format ?? 'plain', options.stats?.());
}

/** Diagnoses a log already in memory (job logs downloaded from the API, tests). */
export async function diagnoseText(text: string): Promise<Diagnosis> {
  const read = linesFromText(text);
  return diagnoseLines(read.lines, { format: read.format, stats: () => read.stats });
}
