/**
 * @module Bytes → decoded text → raw lines → LogLine, and the async iterables handed to consumers.
 * Lines are made a chunk at a time (a few thousand per batch) and served from an array, so a consumer's
 * `for await` costs one resolved promise per line and no generator machinery.
 */
import type { LogFormat, LogLine, ReadStats } from '../model.ts';
import { LineSplitter } from './line-splitter.ts';
import type { LineParser } from './parse-line.ts';
import { type TextEncodingName, Utf8Text } from './utf8-text.ts';

/** Lines longer than this (chars) are cut and flagged, unless the caller says otherwise. */
export const DEFAULT_MAX_LINE_LENGTH = 16 * 1024;

/** The line cap to use: the caller's, as a whole number of at least 1, or the default. */
export function lineCap(maxLineLength: number | undefined): number {
  if (maxLineLength === undefined || Number.isNaN(maxLineLength)) return DEFAULT_MAX_LINE_LENGTH;
  return Math.max(1, Math.floor(maxLineLength));
}

/** Stats before anything is read. */
export function emptyStats(format: LogFormat): ReadStats {
  return { format, lines: 0, bytes: 0, truncatedLines: 0, invalidUtf8: false, endsMidLine: false };
}

/** Gives the next batch of lines (possibly empty), or undefined at the end. */
export type NextBatch = () => Promise<LogLine[] | undefined>;

/** The lines of one text (a file, stdin, one zip entry), numbered from 1, batch by batch, adding to
 *  `stats` as it goes. */
export function textBatches(
  chunks: AsyncIterator<Buffer>,
  parser: LineParser,
  maxLineLength: number,
  stats: ReadStats,
  encoding: TextEncodingName = 'utf-8',
): NextBatch {
  const decoder = new Utf8Text(encoding);
  let batch: LogLine[] = [];
  let n = 0;
  let ended = false;
  const splitter = new LineSplitter(maxLineLength, (line, truncated) => {
    n++;
    if (truncated) stats.truncatedLines++;
    batch.push(parser.parse(line, n, truncated));
  });
  const take = (): LogLine[] => {
    const out = batch;
    batch = [];
    stats.lines += out.length;
    return out;
  };
  return async () => {
    if (ended) return undefined;
    const r = await chunks.next();
    if (!r.done) {
      stats.bytes += r.value.length;
      splitter.push(decoder.decode(r.value));
      return take();
    }
    ended = true;
    const tail = decoder.end();
    if (tail) splitter.push(tail);
    if (splitter.end()) stats.endsMidLine = true;
    if (decoder.invalid) stats.invalidUtf8 = true;
    return take();
  };
}

/** Both views of one single-pass source; use one of them, once. */
export interface LineStreams {
  /** One line at a time. */
  lines: AsyncIterable<LogLine>;
  /** Non-empty arrays of lines, in order. */
  batches: AsyncIterable<LogLine[]>;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Wraps a batch source as async iterables. `close` runs once: at the end, on error, or on `break`. */
export function lineStreams(nextBatch: NextBatch, close: () => void): LineStreams {
  let closed = false;
  const finish = (): void => {
    if (!closed) {
      closed = true;
      close();
    }
  };
  const pull = async (): Promise<LogLine[] | undefined> => {
    if (closed) return undefined;
    try {
      const b = await nextBatch();
      if (b === undefined) finish();
      return b;
    } catch (err) {
      finish();
      throw err;
    }
  };
  let buf: LogLine[] = [];
  let i = 0;
  const refill = async (): Promise<IteratorResult<LogLine>> => {
    for (;;) {
      const b = await pull();
      if (b === undefined) return DONE;
      if (b.length > 0) {
        buf = b;
        i = 1;
        return { done: false, value: b[0]! };
      }
    }
  };
  const lineIterator: AsyncIterableIterator<LogLine> = {
    next() {
      if (i < buf.length) return Promise.resolve({ done: false, value: buf[i++]! });
      return refill();
    },
    return() {
      finish();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  const batchIterator: AsyncIterableIterator<LogLine[]> = {
    async next() {
      for (;;) {
        const b = await pull();
        if (b === undefined) return DONE;
        if (b.length > 0) return { done: false, value: b };
      }
    },
    return() {
      finish();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return { lines: lineIterator, batches: batchIterator };
}

/** Runs batch sources one after the other (the entries of a zip). */
export function concatBatches(sources: Iterable<() => Promise<NextBatch>>): NextBatch {
  const it = sources[Symbol.iterator]();
  let current: NextBatch | undefined;
  return async () => {
    for (;;) {
      if (current === undefined) {
        const r = it.next();
        if (r.done) return undefined;
        current = await r.value();
      }
      const b = await current();
      if (b !== undefined) return b;
      current = undefined;
    }
  };
}
