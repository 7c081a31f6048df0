/** @module The core of `shipwatch why <file|->`: open the log (any shape the reader knows) and diagnose it. */
import type { CommandContext } from '../../shared/context.ts';
import { openLog } from '../read/open-log.ts';
import { diagnoseLines } from './diagnose.ts';
import type { Diagnosis } from './types.ts';

export interface WhyOptions {
  /** Log file, run zip, .gz, or `-` for stdin. */
  path: string;
  stdin?: NodeJS.ReadableStream;
  onProgress?: (readBytes: number, totalBytes: number | undefined) => void;
}

/** Throws InputError for a missing, directory, binary or corrupt input (from the reader). */
export async function runWhy(_ctx: CommandContext, options: WhyOptions): Promise<Diagnosis> {
  const log = await openLog(options.path, {
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return diagnoseLines(log.batches, { format: log.format, stats: log.stats });
}
