import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import type { LogLine } from '../model.ts';
import { linesFromText, type OpenLogOptions, openLog } from './open-log.ts';
import { StepSegmenter } from './segment-steps.ts';
import { writeZip } from './zip-fixture.ts';

async function readAll(path: string, options?: OpenLogOptions) {
  const opened = await openLog(path, options);
  const lines: LogLine[] = [];
  for await (const l of opened.lines) lines.push(l);
  return { opened, lines, stats: opened.stats() };
}

const dir = mkdtempSync(join(tmpdir(), 'shipwatch-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
function file(content: string | Buffer, name = `log-${++seq}.txt`): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const JOB_LOG = [
  "2025-08-20T21:04:50.1000000Z Current runner version: '2.328.0'",
  '2025-08-20T21:04:51.0000000Z ##[group]Run npm test',
  '2025-08-20T21:04:51.0000100Z \x1b[36;1mnpm test\x1b[0m',
  '2025-08-20T21:04:51.0000200Z ##[endgroup]',
  '2025-08-20T21:04:52.0000000Z ##[error]Process completed with exit code 1.',
  '2025-08-20T21:04:53.0000000Z Cleaning up orphan processes',
  '',
].join('\n');

describe('linesFromText', () => {
  it('strips the timestamp and markers of a GitHub Actions job log', () => {
    const { format, lines } = linesFromText(JOB_LOG);
    expect(format).toBe('github-actions');
    expect(lines.map((l) => [l.n, l.kind, l.text])).toEqual([
      [1, 'output', "Current runner version: '2.328.0'"],
      [2, 'group', 'Run npm test'],
      [3, 'output', 'npm test'],
      [4, 'endgroup', ''],
      [5, 'error', 'Process completed with exit code 1.'],
      [6, 'output', 'Cleaning up orphan processes'],
    ]);
    expect(lines[1]!.timestamp).toBe('2025-08-20T21:04:51.0000000Z');
    expect(lines[2]!.raw).toBe('2025-08-20T21:04:51.0000100Z npm test');
  });

  it('takes a real U+FFFD as a sign that someone else replaced invalid bytes', () => {
    expect(linesFromText('caf\uFFFD\n').stats.invalidUtf8).toBe(true);
    expect(linesFromText('café\n').stats.invalidUtf8).toBe(false);
  });
});

describe('openLog', () => {
  it('streams a file with the same lines and stats as linesFromText', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `2025-08-20T21:04:54.1234567Z line ${i}`).join(
      '\n',
    );
    const path = file(`${text}\n`);
    const progress: [number, number | undefined][] = [];
    const { opened, lines, stats } = await readAll(path, { onProgress: (r, t) => progress.push([r, t]) });
    expect(opened.format).toBe('github-actions');
    expect(lines).toEqual(linesFromText(`${text}\n`).lines);
    expect(stats).toEqual(linesFromText(`${text}\n`).stats);
    expect(stats.bytes).toBe(opened.totalBytes);
    expect(progress.at(-1)).toEqual([opened.totalBytes, opened.totalBytes]);
  });

  it('serves the same lines in batches', async () => {
    const path = file(JOB_LOG);
    const opened = await openLog(path);
    const batched: LogLine[] = [];
    for await (const b of opened.batches) batched.push(...b);
    expect(batched).toEqual(linesFromText(JOB_LOG).lines);
  });

  it('reads an empty file as a valid empty log', async () => {
    const { opened, lines, stats } = await readAll(file(''));
    expect(lines).toEqual([]);
    expect(opened.format).toBe('plain');
    expect(stats).toMatchObject({ lines: 0, bytes: 0, endsMidLine: false, invalidUtf8: false });
  });

  it('names the path of a missing file', async () => {
    const path = join(dir, 'nope', 'missing.log');
    await expect(openLog(path)).rejects.toThrow(InputError);
    await expect(openLog(path)).rejects.toThrow(`${path}: no such file`);
  });

  it('refuses a directory, naming it', async () => {
    await expect(openLog(dir)).rejects.toThrow(`${dir} is a directory, not a log file`);
  });

  it('refuses a binary file', async () => {
    const path = file(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    await expect(openLog(path)).rejects.toThrow(`${path} looks binary (NUL bytes in the first 8 KiB)`);
  });

  it('reads UTF-16 with a byte order mark (PowerShell 5 redirection) instead of calling it binary', async () => {
    const text = '2025-08-20T21:04:50.1000000Z ##[error]Process completed with exit code 1.\r\nfin\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      const { lines, stats, opened } = await readAll(file(bytes));
      expect(opened.format).toBe('github-actions');
      expect(lines.map((l) => [l.kind, l.text])).toEqual([
        ['error', 'Process completed with exit code 1.'],
        ['output', 'fin'],
      ]);
      expect(stats).toMatchObject({ bytes: bytes.length, invalidUtf8: false });
    }
  });

  it('replaces invalid UTF-8 and says so', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ok line\nbad '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('\n'),
    ]);
    const { lines, stats } = await readAll(file(bytes));
    expect(lines[1]!.text).toBe('bad \uFFFD\uFFFD\uFFFD');
    expect(stats.invalidUtf8).toBe(true);
  });

  it('does not call a literal U+FFFD invalid, nor a character split across chunks', async () => {
    // 256 KiB chunks: put a 3-byte character across the first boundary.
    const pad = 'x'.repeat(256 * 1024 - 1);
    const { lines, stats } = await readAll(file(`${pad}€ and \uFFFD\n`), { maxLineLength: 1 << 20 });
    expect(lines[0]!.text.endsWith('€ and \uFFFD')).toBe(true);
    expect(stats.invalidUtf8).toBe(false);
  });

  it('flags a last line without terminator', async () => {
    const { lines, stats } = await readAll(file('one\ntwo'));
    expect(lines.map((l) => l.text)).toEqual(['one', 'two']);
    expect(stats.endsMidLine).toBe(true);
  });

  it('cuts a very long line at the cap, flags it, and keeps reading', async () => {
    const huge = 'y'.repeat(3 * 1024 * 1024);
    const { lines, stats } = await readAll(file(`start\n${huge}\nafter\n`));
    expect(lines.map((l) => l.text.length)).toEqual([5, 16 * 1024, 5]);
    expect(lines[1]!.truncated).toBe(true);
    expect(stats.truncatedLines).toBe(1);
    expect(lines[2]!.text).toBe('after');
  });

  it('renders an over-long progress bar as its last redraw instead of cutting it', async () => {
    const redraws = Array.from({ length: 20_000 }, (_, i) => ` ${(i / 200).toFixed(1)}%`).join('\r');
    const { lines, stats } = await readAll(file(`2025-08-20T21:04:50.1000000Z ${redraws}\r 100.0%\nnext\n`));
    expect(redraws.length).toBeGreaterThan(16 * 1024);
    expect(lines.map((l) => [l.text, l.truncated])).toEqual([
      [' 100.0%', undefined],
      ['next', undefined],
    ]);
    expect(lines[0]!.timestamp).toBe('2025-08-20T21:04:50.1000000Z');
    expect(stats.truncatedLines).toBe(0);
  });

  it('does not count the CR of a CRLF against the cap', async () => {
    const { lines } = await readAll(file(`${'z'.repeat(10)}\r\n`), { maxLineLength: 10 });
    expect(lines[0]).toMatchObject({ text: 'z'.repeat(10), truncated: undefined });
  });

  it('reads CRLF and lone-CR progress bars', async () => {
    const { lines } = await readAll(file('a\r\n 10%\r 50%\r100%\r\nb\r'));
    expect(lines.map((l) => l.text)).toEqual(['a', '100%', 'b']);
  });

  it('strips a BOM at the start', async () => {
    const { lines, opened } = await readAll(file('\uFEFF2025-08-20T21:04:50.1000000Z ##[group]Run make\n'));
    expect(opened.format).toBe('github-actions');
    expect(lines[0]).toMatchObject({
      kind: 'group',
      text: 'Run make',
      raw: '2025-08-20T21:04:50.1000000Z ##[group]Run make',
    });
  });

  it('reads stdin when the path is -', async () => {
    const stdin = Readable.from([Buffer.from(JOB_LOG.slice(0, 50)), Buffer.from(JOB_LOG.slice(50))]);
    const { opened, lines } = await readAll('-', { stdin });
    expect(opened.totalBytes).toBeUndefined();
    expect(lines).toEqual(linesFromText(JOB_LOG).lines);
  });

  it('gives the same lines whatever the chunk boundaries (CRLF, multibyte characters, ANSI split)', async () => {
    const text = Array.from(
      { length: 400 },
      (_, i) =>
        `2025-08-20T21:04:5${i % 10}.1234567Z \x1b[31mé€😀 ${i}\x1b[0m ${'w'.repeat(i % 37)}${i % 3 ? '\r\n' : '\n'}`,
    ).join('');
    const bytes = Buffer.from(text);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const expected = linesFromText(text, { maxLineLength: 60 });
    for (let round = 0; round < 5; round++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(rand() * (round === 0 ? 3 : 9000));
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const { lines, stats } = await readAll('-', { stdin: Readable.from(chunks), maxLineLength: 60 });
      expect(lines).toEqual(expected.lines);
      expect(stats).toEqual(expected.stats);
    }
  });

  it('says so when - is given without stdin', async () => {
    await expect(openLog('-')).rejects.toThrow(InputError);
  });

  it('gunzips by magic bytes, whatever the extension, from a file or stdin', async () => {
    const gz = gzipSync(JOB_LOG);
    const fromFile = await readAll(file(gz, 'job-log.txt'));
    expect(fromFile.opened.format).toBe('github-actions');
    expect(fromFile.lines).toEqual(linesFromText(JOB_LOG).lines);
    expect(fromFile.stats.bytes).toBe(Buffer.byteLength(JOB_LOG));
    const fromStdin = await readAll('-', { stdin: Readable.from([gz]) });
    expect(fromStdin.lines).toEqual(fromFile.lines);
  });

  it('refuses a gzip whose content is binary', async () => {
    const path = file(gzipSync(Buffer.alloc(100)), 'zeros.gz');
    await expect(openLog(path)).rejects.toThrow('looks binary');
  });

  it('rejects a corrupt gzip with an InputError naming the path', async () => {
    const good = gzipSync(JOB_LOG.repeat(50));
    const bad = Buffer.concat([good.subarray(0, 40), Buffer.alloc(200, 0x41)]);
    const path = file(bad, 'corrupt.gz');
    const run = async () => {
      const opened = await openLog(path);
      for await (const _ of opened.lines) {
        // drain
      }
    };
    await expect(run()).rejects.toThrow(InputError);
    await expect(run()).rejects.toThrow(`${path}: not a valid gzip file`);
  });

  it('lets a consumer stop early', async () => {
    const path = file(JOB_LOG.repeat(1000));
    const opened = await openLog(path);
    let seen = 0;
    for await (const _ of opened.lines) if (++seen === 3) break;
    expect(seen).toBe(3);
  });
});

/** A real zip, written by our own tiny writer. */
function makeZip(name: string, entries: Record<string, string>): string {
  const out = join(dir, `${name}.zip`);
  writeZip(out, entries);
  return out;
}

const BOM = '\uFEFF';
const ts = '2025-08-20T21:04:50.0000000Z ';

describe('openLog on a run zip', () => {
  const setUp = `${BOM}${ts}Current runner version: '2.328.0'\n${ts}Complete job name: build\n`;
  const make = `${BOM}${ts}##[group]Run make\n${ts}##[endgroup]\n${ts}cc: error\n${ts}##[error]Process completed with exit code 2.\n`;
  const complete = `${BOM}${ts}Cleaning up orphan processes\n`;
  const publishWhole = `${BOM}${ts}Current runner version: '2.328.0'\n${ts}##[group]Run npm publish\n${ts}npm error code E403\n${ts}##[error]Process completed with exit code 1.\n`;

  it('reads step files job by job with job and step names, and whole-job files where steps are missing', async () => {
    const zip = makeZip('run', {
      '1_build.txt': setUp + make.slice(1) + complete.slice(1),
      'build/1_Set up job.txt': setUp,
      'build/2_Run make.txt': make,
      'build/3_Complete job.txt': complete,
      'build/system.txt': 'runner diagnostics',
      '2_publish (npm).txt': publishWhole,
      // Step files that hold only part of the log: the whole-job file is read instead.
      'publish (npm)/1_Set up job.txt': `${BOM}${ts}Current runner version: '2.328.0'\n`,
    });
    const { opened, lines, stats } = await readAll(zip);
    expect(opened.format).toBe('github-actions-zip');
    expect(lines.map((l) => [l.job, l.step, l.n, l.kind, l.text])).toEqual([
      ['build', 'Set up job', 1, 'output', "Current runner version: '2.328.0'"],
      ['build', 'Set up job', 2, 'output', 'Complete job name: build'],
      ['build', 'Run make', 1, 'group', 'Run make'],
      ['build', 'Run make', 2, 'endgroup', ''],
      ['build', 'Run make', 3, 'output', 'cc: error'],
      ['build', 'Run make', 4, 'error', 'Process completed with exit code 2.'],
      ['build', 'Complete job', 1, 'output', 'Cleaning up orphan processes'],
      ['publish (npm)', undefined, 1, 'output', "Current runner version: '2.328.0'"],
      ['publish (npm)', undefined, 2, 'group', 'Run npm publish'],
      ['publish (npm)', undefined, 3, 'output', 'npm error code E403'],
      ['publish (npm)', undefined, 4, 'error', 'Process completed with exit code 1.'],
    ]);
    expect(stats).toMatchObject({ format: 'github-actions-zip', lines: 11, endsMidLine: false });

    const seg = new StepSegmenter();
    for (const l of lines) seg.push(l);
    expect(seg.finish()).toEqual([
      { name: 'Set up job', job: 'build', startLine: 1, endLine: 2, exitCode: null, failed: false },
      { name: 'Run make', job: 'build', startLine: 1, endLine: 4, exitCode: 2, failed: true },
      { name: 'Complete job', job: 'build', startLine: 1, endLine: 1, exitCode: null, failed: false },
      { name: 'Set up job', job: 'publish (npm)', startLine: 1, endLine: 1, exitCode: null, failed: false },
      { name: 'Run npm publish', job: 'publish (npm)', startLine: 2, endLine: 4, exitCode: 1, failed: true },
    ]);
  });

  it('takes an unnumbered top-level .txt as a whole-job log, after the numbered ones', async () => {
    const zip = makeZip('renamed', { 'deploy.txt': `${ts}deployed\n`, '1_build.txt': `${ts}built\n` });
    const { lines } = await readAll(zip);
    expect(lines.map((l) => [l.job, l.text])).toEqual([
      ['build', 'built'],
      ['deploy', 'deployed'],
    ]);
  });

  it('refuses a zip that holds no job logs', async () => {
    const zip = makeZip('empty-run', { 'README.md': 'hello' });
    await expect(openLog(zip)).rejects.toThrow(`${zip}: zip holds no job logs`);
  });

  it('refuses an empty path with a message that says so', async () => {
    await expect(openLog('')).rejects.toThrow(/^no log file given \(the path is empty\)$/);
  });

  it('refuses a zip with no entries at all (only the end record) as an empty zip, not as binary', async () => {
    const zip = makeZip('no-entries', {});
    expect(readFileSync(zip).subarray(0, 4)).toEqual(Buffer.from('PK\x05\x06', 'latin1'));
    await expect(openLog(zip)).rejects.toThrow(`${zip}: zip holds no job logs`);
    await expect(openLog('-', { stdin: Readable.from([readFileSync(zip)]) })).rejects.toThrow(
      'stdin: zip holds no job logs',
    );
  });

  it('refuses a zip entry that is binary, naming the entry (as for a binary file)', async () => {
    const zip = makeZip('binary-entry', {
      '1_build.txt': `ok\n${'\0'.repeat(64)}`,
    });
    const run = async () => {
      const opened = await openLog(zip);
      for await (const _ of opened.lines) {
        // drain
      }
    };
    await expect(run()).rejects.toThrow(
      `${zip}: 1_build.txt looks binary (NUL bytes in its first 8 KiB); not a job log`,
    );
  });

  it('says so for a run zip that was gzipped again (instead of calling it binary)', async () => {
    const zip = makeZip('gzipped-run', { '1_build.txt': 'hello\n' });
    const path = file(gzipSync(readFileSync(zip)), 'run.zip.gz');
    await expect(openLog(path)).rejects.toThrow(`${path}: a zip inside gzip; gunzip it first`);
  });

  it('refuses a damaged zip, naming it', async () => {
    const path = file(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 0x20)]), 'broken.zip');
    await expect(openLog(path)).rejects.toThrow(`${path}: not a readable zip archive`);
  });

  it('reads a zip from stdin (spooled to a temp file that is removed at once)', async () => {
    const zip = makeZip('stdin-run', { '1_build.txt': setUp });
    const { opened, lines } = await readAll('-', { stdin: Readable.from([readFileSync(zip)]) });
    expect(opened.format).toBe('github-actions-zip');
    expect(lines.map((l) => [l.job, l.text])).toEqual([
      ['build', "Current runner version: '2.328.0'"],
      ['build', 'Complete job name: build'],
    ]);
  });

  it('names stdin, not the temp file, when a zip on stdin is damaged', async () => {
    const bytes = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 0x20)]);
    await expect(openLog('-', { stdin: Readable.from([bytes]) })).rejects.toThrow(
      /^stdin: not a readable zip archive/,
    );
  });
});
