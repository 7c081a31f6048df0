/**
 * @module The core of `shipwatch templates`: read a log (any shape openLog knows), mine its
 * templates, and keep, per line, only its line number and template (8 bytes a line) so the caller
 * can list `lines` in order after the templates are final.
 */
import type { CommandContext } from '../../shared/context.ts';
import type { LineKind, LogFormat, LogLine, ReadStats } from '../model.ts';
import { openLog } from '../read/open-log.ts';
import { type MinedTemplate, TemplateMiner, type MinerOptions } from './miner.ts';

export interface MineTemplatesOptions {
  /** File path, or `-` for stdin. */
  path: string;
  /** Each line is one message as-is (no GitHub header stripping). */
  plain: boolean;
  /** Read when `path` is `-`. */
  stdin?: NodeJS.ReadableStream;
  /** Source bytes read so far (for a progress bar). */
  onProgress?: (readBytes: number, totalBytes: number | undefined) => void;
  /** Miner settings (masking rules...); defaults are the universal ones. */
  miner?: MinerOptions;
  /** Keep each line's template (8 bytes a line) for `lines()`. Default true; without it memory
   *  grows with templates only. */
  keepLines?: boolean;
}

export interface TemplatesResult {
  format: LogFormat;
  stats: ReadStats;
  /** Size of the source when known (progress, summaries). */
  totalBytes: number | undefined;
  /** Final templates, most frequent first (ties: first seen first). */
  templates: MinedTemplate[];
  /** Number of lines read. */
  lineCount: number;
  /** The line number and template id of each line, in input order (when `keepLines`). */
  lines: (() => Generator<{ line: number; templateId: string }>) | undefined;
}

/** Marker a GitHub line kind had in the log; kept in the mined text so `##[error]` lines do not
 *  share a template with the same words printed as ordinary output. */
const KIND_PREFIX: Record<LineKind, string> = {
  output: '',
  group: '##[group]',
  endgroup: '##[endgroup]',
  error: '##[error]',
  warning: '##[warning]',
  notice: '##[notice]',
  debug: '##[debug]',
  command: '[command]',
};

/** Growable Uint32 array: per-line storage without an object per line. */
class U32List {
  data = new Uint32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** The text the miner sees for a line: its message, after the `##[kind]` marker it had in the log
 *  as a word of its own (so `##[error]src/a.ts(1,2): …` and `##[error]src/b.ts(3,4): …` differ
 *  in their second word, which may vary, not in their first, which names the message). */
export function minedText(line: LogLine): string {
  const prefix = KIND_PREFIX[line.kind];
  return prefix === '' ? line.text : `${prefix} ${line.text}`;
}

export async function mineTemplates(
  _ctx: CommandContext,
  options: MineTemplatesOptions,
): Promise<TemplatesResult> {
  const log = await openLog(options.path, {
    plain: options.plain,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const miner = new TemplateMiner(options.miner);
  const keep = options.keepLines ?? true;
  const numbers = new U32List();
  const clusters = new U32List();
  let lineCount = 0;
  for await (const batch of log.batches) {
    for (const line of batch) {
      const prefix = KIND_PREFIX[line.kind];
      const index =
        prefix === '' ? miner.addIndex(line.text, line.n) : miner.addIndex(line.text, line.n, prefix);
      if (keep) {
        numbers.push(line.n);
        clusters.push(index);
      }
    }
    lineCount += batch.length;
  }
  const templates = miner.templates().sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
  return {
    format: log.format,
    stats: log.stats(),
    totalBytes: log.totalBytes,
    templates,
    lineCount,
    lines: keep ? perLine : undefined,
  };

  function* perLine(): Generator<{ line: number; templateId: string }> {
    const ids = new Map<number, string>();
    for (let i = 0; i < lineCount; i++) {
      const root = miner.resolveIndex(clusters.data[i]!);
      let id = ids.get(root);
      if (id === undefined) {
        id = `T${root + 1}`;
        ids.set(root, id);
      }
      yield { line: numbers.data[i]!, templateId: id };
    }
  }
}
