/**
 * @module The zip of a whole run (`GET /repos/{o}/{r}/actions/runs/{id}/logs`). Layout, per GitHub
 * and cli/cli: a top-level `N_<job>.txt` holding each job's whole log, and a folder `<job>/` of
 * `N_<step>.txt` files holding the same log split by step. Since 2025 the step files are sometimes
 * missing, so a job's step files are used only when they hold (almost) all of its log; otherwise the
 * top-level file is read and the step segmenter finds the steps from the runner's marks.
 * Entries are streamed one at a time from the central directory; nothing is unpacked to disk.
 * Step file names are sanitised (`/` and `\` become `_`, `"` and `:` are dropped), so a step name
 * from a file can differ slightly from the API's.
 */
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { InputError } from '../../errors.ts';
import type { OpenedLog, OpenLogOptions } from './open-log.ts';
import { LineParser } from './parse-line.ts';
import { concatBatches, emptyStats, lineCap, lineStreams, textBatches } from './text-lines.ts';

/** `3_build (ubuntu, 20).txt` → 3, `build (ubuntu, 20)`. */
const NUMBERED_TXT = /^(\d+)_(.*)\.txt$/s;
/** A top-level job file someone renamed or re-zipped without the order number. */
const ANY_TXT = /^(.*)\.txt$/s;
/** Step files may hold a little less than the job file (BOMs, a trailing line); more missing means
 *  step files are missing. */
const STEP_FILES_COMPLETE = 0.95;
/** Bytes of each entry looked at for NUL (binary), as openLog does for a plain file. */
const SNIFF_BYTES = 8 * 1024;

/** One text entry to read, with the job and step names its lines get. */
interface ZipPart {
  /** The zip entry to stream. */
  entry: yauzl.Entry;
  /** Job name from the entry's (folder or file) name, without the `N_` order prefix. */
  job: string;
  /** Step name from a step file's name; undefined for a whole-job file. */
  step: string | undefined;
}

interface JobEntries {
  /** Job name as the archive spells it (sanitised by GitHub: no `/` or `:`). */
  job: string;
  /** The `N_` of the whole-job file; jobs without one sort last. */
  order: number;
  /** Top-level `N_<job>.txt`: the whole job log. */
  whole: yauzl.Entry | undefined;
  /** `<job>/N_<step>.txt` files, ordered by N once planned. */
  steps: { order: number; name: string; entry: yauzl.Entry }[];
}

/** Opens the run zip at `path`; `label` names it in errors (stdin is spooled to a temp file first). */
export async function openZipLog(path: string, options: OpenLogOptions, label = path): Promise<OpenedLog> {
  const { size } = await stat(path);
  const zip = await openZip(path, label);
  let entries: yauzl.Entry[];
  try {
    entries = await readEntries(zip);
  } catch (err) {
    zip.close();
    throw new InputError(`${label}: not a readable zip archive (${(err as Error).message})`, { cause: err });
  }
  const parts = planParts(entries);
  if (parts.length === 0) {
    zip.close();
    throw new InputError(
      `${label}: zip holds no job logs (no N_<job>.txt, <job>.txt or <job>/N_<step>.txt entries)`,
    );
  }
  const format = 'github-actions-zip' as const;
  const stats = emptyStats(format);
  const maxLineLength = lineCap(options.maxLineLength);
  const total = parts.reduce((sum, p) => sum + p.entry.uncompressedSize, 0);
  let done = 0;

  let stream: Readable | undefined;
  const plain = options.plain ?? false;
  const openers = parts.map((part) => async () => {
    stream?.destroy();
    stream = await openEntry(zip, part.entry, label);
    const parser = new LineParser({ format: 'github-actions', plain, job: part.job, step: part.step });
    const chunks = entryChunks(stream, label, part.entry.fileName, (bytes) => {
      done += bytes;
      options.onProgress?.(done, total);
    });
    return textBatches(chunks, parser, maxLineLength, stats);
  });
  const { lines, batches } = lineStreams(concatBatches(openers), () => {
    stream?.destroy();
    zip.close();
  });
  return { format, lines, batches, stats: () => ({ ...stats }), totalBytes: size };
}

/** Chooses, job by job in run order, the step files or the whole-job file. */
export function planParts(entries: readonly yauzl.Entry[]): ZipPart[] {
  const jobs = new Map<string, JobEntries>();
  const jobFor = (name: string): JobEntries => {
    let j = jobs.get(name);
    if (!j) {
      j = { job: name, order: Number.POSITIVE_INFINITY, whole: undefined, steps: [] };
      jobs.set(name, j);
    }
    return j;
  };
  for (const entry of entries) {
    const name = entry.fileName;
    if (name.endsWith('/')) continue;
    const slash = name.indexOf('/');
    if (slash === -1) {
      const m = NUMBERED_TXT.exec(name);
      const plain = m ? undefined : ANY_TXT.exec(name);
      if (m) {
        const j = jobFor(m[2]!);
        j.order = Number(m[1]);
        j.whole = entry;
      } else if (plain) {
        jobFor(plain[1]!).whole = entry;
      }
    } else if (name.indexOf('/', slash + 1) === -1) {
      const m = NUMBERED_TXT.exec(name.slice(slash + 1));
      if (!m) continue; // e.g. `job/system.txt`: runner diagnostics, not the job's output
      jobFor(name.slice(0, slash)).steps.push({ order: Number(m[1]), name: m[2]!, entry });
    }
  }
  const ordered = [...jobs.values()].sort((a, b) => a.order - b.order || a.job.localeCompare(b.job));
  const parts: ZipPart[] = [];
  for (const j of ordered) {
    j.steps.sort((a, b) => a.order - b.order);
    const stepBytes = j.steps.reduce((sum, s) => sum + s.entry.uncompressedSize, 0);
    const useSteps =
      j.steps.length > 0 &&
      (j.whole === undefined || stepBytes >= j.whole.uncompressedSize * STEP_FILES_COMPLETE);
    if (useSteps) {
      for (const s of j.steps) parts.push({ entry: s.entry, job: j.job, step: s.name });
    } else if (j.whole) {
      parts.push({ entry: j.whole, job: j.job, step: undefined });
    }
  }
  return parts;
}

function openZip(path: string, label: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err)
        reject(new InputError(`${label}: not a readable zip archive (${err.message})`, { cause: err }));
      else resolve(zip);
    });
  });
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, path: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err)
        reject(new InputError(`${path}: cannot read ${entry.fileName} (${err.message})`, { cause: err }));
      else resolve(stream);
    });
  });
}

function entryChunks(
  stream: Readable,
  path: string,
  name: string,
  onBytes: (n: number) => void,
): AsyncIterator<Buffer> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let sniffed = 0;
  return {
    async next() {
      const r = await it.next().catch((err: Error) => {
        throw new InputError(`${path}: cannot read ${name} (${err.message})`, { cause: err });
      });
      if (!r.done) {
        onBytes(r.value.length);
        // The same rule as for a plain file: NUL bytes early on mean this is not a text log.
        if (sniffed < SNIFF_BYTES) {
          const head = r.value.subarray(0, SNIFF_BYTES - sniffed);
          sniffed += head.length;
          if (head.includes(0)) {
            throw new InputError(
              `${path}: ${name} looks binary (NUL bytes in its first 8 KiB); not a job log`,
            );
          }
        }
      }
      return r;
    },
  };
}
