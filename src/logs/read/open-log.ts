/**
 * @module Opens any log shape as one stream of LogLine: a GitHub Actions job log, a run's zip, `gh run
 * view --log-failed` output, text copied from the Actions page, or plain CI output; from a file, a
 * `.gz` (by magic bytes), or stdin (`-`). Streaming: memory is bounded by the chunk size and the
 * line cap, whatever the file size.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../errors.ts';
import type { LogFormat, LogLine, ReadStats } from '../model.ts';
import { detectLayout, type Layout } from './detect-format.ts';
import { LineSplitter } from './line-splitter.ts';
import { LineParser } from './parse-line.ts';
import { openZipLog } from './read-zip.ts';
import { emptyStats, lineCap, lineStreams, textBatches } from './text-lines.ts';
import { sniffEncoding } from './utf8-text.ts';

export interface OpenLogOptions {
  /** Used when the path is `-`. */
  stdin?: NodeJS.ReadableStream;
  /** Longer lines are cut and flagged `truncated` (default 16 * 1024 chars). */
  maxLineLength?: number;
  /** No header stripping: text = raw line (benchmark data, non-GitHub logs). */
  plain?: boolean;
  /** Called as source bytes are read (compressed bytes for a `.gz`; entry bytes for a zip). */
  onProgress?: (readBytes: number, totalBytes: number | undefined) => void;
}

export interface OpenedLog {
  /** Detected from the first lines, or the zip magic. */
  format: LogFormat;
  /** Single pass, streaming, in order (a zip: job after job, step files in order). */
  lines: AsyncIterable<LogLine>;
  /** The same lines a batch at a time, for consumers that count every microsecond. Use either
   *  `lines` or `batches`, not both: they share one pass over the source. */
  batches: AsyncIterable<LogLine[]>;
  /** Complete once `lines` is exhausted. */
  stats(): ReadStats;
  /** File size when known (not for stdin). */
  totalBytes: number | undefined;
}

/** Bytes looked at for NUL (binary) and format detection. */
const SNIFF_BYTES = 8 * 1024;
const CHUNK_BYTES = 256 * 1024;
const PLAIN: Layout = { format: 'plain', numbered: false };

/** Opens a log file (or `-` for stdin). Throws InputError for a missing path, a directory, a binary
 *  file, a bad zip or gzip. Errors met later while streaming reject the iteration with InputError. */
export async function openLog(pathOrDash: string, options: OpenLogOptions = {}): Promise<OpenedLog> {
  if (pathOrDash === '') throw new InputError('no log file given (the path is empty)');
  const label = pathOrDash === '-' ? 'stdin' : pathOrDash;
  let totalBytes: number | undefined;
  let source: AsyncIterator<Buffer>;
  let closeSource: () => void;
  if (pathOrDash === '-') {
    if (!options.stdin) throw new InputError('reading from stdin (-) but no stdin stream is available');
    const stream = options.stdin;
    source = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    closeSource = () => {
      (stream as Partial<Readable>).destroy?.();
    };
  } else {
    const info = await stat(pathOrDash).catch((err: NodeJS.ErrnoException) => {
      throw new InputError(fileErrorMessage(pathOrDash, err), { cause: err });
    });
    if (info.isDirectory()) throw new InputError(`${pathOrDash} is a directory, not a log file`);
    // A FIFO or device reports size 0: no total, rather than a wrong one.
    totalBytes = info.isFile() ? info.size : undefined;
    const stream = createReadStream(pathOrDash, { highWaterMark: CHUNK_BYTES });
    source = stream[Symbol.asyncIterator]();
    closeSource = () => stream.destroy();
  }

  let readBytes = 0;
  const onProgress = options.onProgress;
  const counted: AsyncIterator<Buffer> = {
    async next() {
      const r = await source.next().catch((err: NodeJS.ErrnoException) => {
        throw new InputError(fileErrorMessage(label, err), { cause: err });
      });
      if (!r.done) {
        const buf = typeof r.value === 'string' ? Buffer.from(r.value as string) : r.value;
        readBytes += buf.length;
        onProgress?.(readBytes, totalBytes);
        return { done: false, value: buf };
      }
      return r;
    },
  };

  let peeked = await peek(counted, SNIFF_BYTES);
  if (isZip(peeked.head)) {
    if (pathOrDash !== '-') {
      closeSource();
      return openZipLog(pathOrDash, options);
    }
    return openZipFromStdin(peeked.iterator, options);
  }
  let body = peeked.iterator;
  if (isGzip(peeked.head)) {
    const gunzip = createGunzip();
    const compressed = Readable.from(iterate(body));
    compressed.on('error', (err) => gunzip.destroy(err));
    compressed.pipe(gunzip);
    const inner = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const unzipped: AsyncIterator<Buffer> = {
      async next() {
        return inner.next().catch((err: Error) => {
          if (err instanceof InputError) throw err;
          throw new InputError(`${label}: not a valid gzip file (${err.message})`, { cause: err });
        });
      },
    };
    const oldClose = closeSource;
    closeSource = () => {
      gunzip.destroy();
      oldClose();
    };
    peeked = await peek(unzipped, SNIFF_BYTES);
    body = peeked.iterator;
    if (isZip(peeked.head)) {
      closeSource();
      throw new InputError(`${label}: a zip inside gzip; gunzip it first`);
    }
  }
  const encoding = sniffEncoding(peeked.head);
  if (encoding === 'utf-8' && peeked.head.subarray(0, SNIFF_BYTES).includes(0)) {
    closeSource();
    throw new InputError(`${label} looks binary (NUL bytes in the first 8 KiB); not a text log`);
  }

  const plain = options.plain ?? false;
  const head = new TextDecoder(encoding, { ignoreBOM: true }).decode(peeked.head);
  const { format, numbered } = plain ? PLAIN : detectLayout(head);
  const stats = emptyStats(format);
  const parser = new LineParser({ format, plain, numbered });
  const maxLineLength = lineCap(options.maxLineLength);
  const next = textBatches(body, parser, maxLineLength, stats, encoding);
  const { lines, batches } = lineStreams(next, closeSource);
  return { format, lines, batches, stats: () => ({ ...stats }), totalBytes };
}

/** A zip needs random access (its directory is at the end): spool stdin to a private temp file, open
 *  it, and unlink it at once; the open descriptor keeps the data until the zip is closed. */
async function openZipFromStdin(chunks: AsyncIterator<Buffer>, options: OpenLogOptions): Promise<OpenedLog> {
  const dir = await mkdtemp(join(tmpdir(), 'shipwatch-stdin-'));
  const spooled = join(dir, 'run.zip');
  try {
    await pipeline(Readable.from(iterate(chunks)), createWriteStream(spooled, { mode: 0o600 }));
    return await openZipLog(spooled, options, 'stdin');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** For logs already in memory (API downloads, tests). */
export function linesFromText(
  text: string,
  options: Omit<OpenLogOptions, 'stdin' | 'onProgress'> = {},
): { format: LogFormat; lines: LogLine[]; stats: ReadStats } {
  const plain = options.plain ?? false;
  const { format, numbered } = plain ? PLAIN : detectLayout(text.slice(0, 64 * 1024));
  const parser = new LineParser({ format, plain, numbered });
  const lines: LogLine[] = [];
  let truncatedLines = 0;
  const splitter = new LineSplitter(lineCap(options.maxLineLength), (line, truncated) => {
    if (truncated) truncatedLines++;
    lines.push(parser.parse(line, lines.length + 1, truncated));
  });
  splitter.push(text);
  const endsMidLine = splitter.end();
  return {
    format,
    lines,
    stats: {
      format,
      lines: lines.length,
      bytes: Buffer.byteLength(text),
      truncatedLines,
      // Text in memory was decoded by someone else; U+FFFD is the trace their decoder leaves.
      invalidUtf8: text.includes('\uFFFD'),
      endsMidLine,
    },
  };
}

export function fileErrorMessage(path: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return `${path}: no such file`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    case 'EISDIR':
      return `${path} is a directory, not a log file`;
    default:
      return `${path}: cannot read (${err.code ?? err.message})`;
  }
}

/** A local file header (PK\3\4), or the end record alone (PK\5\6): a zip with no entries. */
function isZip(head: Buffer): boolean {
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return false;
  return (head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06);
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Reads chunks until `bytes` are seen, then gives them back in front of the rest. */
async function peek(
  it: AsyncIterator<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; iterator: AsyncIterator<Buffer> }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    chunks.push(r.value);
    size += r.value.length;
  }
  const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  let replay = head.length > 0;
  const iterator: AsyncIterator<Buffer> = {
    async next() {
      if (replay) {
        replay = false;
        return { done: false, value: head };
      }
      if (done) return { done: true, value: undefined };
      return it.next();
    },
  };
  return { head, iterator };
}

async function* iterate(it: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}
