/**
 * @module Bytes → decoded text → raw lines → LogLine, for one text (a file, stdin, one zip entry).
 */
import type { LogFormat, LogLine, ReadStats } from '../model.ts';
import { LineSplitter } from './line-splitter.ts';
import type { LineParser } from './parse-line.ts';
import { Utf8Text } from './utf8-text.ts';

/** Lines longer than this (chars) are cut and flagged, unless the caller says otherwise. */
export const DEFAULT_MAX_LINE_LENGTH = 16 * 1024;

/** Stats before anything is read. */
export function emptyStats(format: LogFormat): ReadStats {
  return { format, lines: 0, bytes: 0, truncatedLines: 0, invalidUtf8: false, endsMidLine: false };
}

/** Streams the lines of one text, numbered from 1, adding to `stats` as it goes. Lines are built a
 *  chunk at a time and then yielded, so the per-line cost stays a function call, not a stream event. */
export async function* decodeLines(
  chunks: AsyncIterator<Buffer>,
  parser: LineParser,
  maxLineLength: number,
  stats: ReadStats,
): AsyncGenerator<LogLine> {
  const decoder = new Utf8Text();
  let batch: LogLine[] = [];
  let n = 0;
  const splitter = new LineSplitter(maxLineLength, (line, truncated) => {
    n++;
    if (truncated) stats.truncatedLines++;
    batch.push(parser.parse(line, n, truncated));
  });
  for (;;) {
    const r = await chunks.next();
    if (r.done) break;
    stats.bytes += r.value.length;
    splitter.push(decoder.decode(r.value));
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      stats.lines += out.length;
      yield* out;
    }
  }
  const tail = decoder.end();
  if (tail) splitter.push(tail);
  if (splitter.end()) stats.endsMidLine = true;
  if (decoder.invalid) stats.invalidUtf8 = true;
  if (batch.length > 0) {
    stats.lines += batch.length;
    yield* batch;
  }
}
