import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../model.ts';
import { linesFromText, openLog } from './open-log.ts';

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'shipwatch-read-'));

describe('linesFromText', () => {
  it('strips the timestamp and markers of a GitHub Actions job log', () => {
    const { format, lines } = linesFromText(
      [
        '2025-08-20T21:04:54.1234567Z ##[group]Run npm publish',
        '2025-08-20T21:04:54.1234568Z \x1b[36;1mnpm publish\x1b[0m',
        '2025-08-20T21:04:54.1234569Z ##[endgroup]',
        '2025-08-20T21:04:55.0000000Z [command]/usr/bin/git version',
        '2025-08-20T21:04:56.0000000Z ::error file=a.ts,line=3::Type error',
        '2025-08-20T21:04:57.0000000Z ##[error]Process completed with exit code 1.',
        '',
      ].join('\n'),
    );
    expect(format).toBe('github-actions');
    expect(lines.map((l) => [l.n, l.kind, l.text])).toEqual([
      [1, 'group', 'Run npm publish'],
      [2, 'output', 'npm publish'],
      [3, 'endgroup', ''],
      [4, 'command', '/usr/bin/git version'],
      [5, 'error', 'Type error'],
      [6, 'error', 'Process completed with exit code 1.'],
    ]);
    expect(lines[0]!.timestamp).toBe('2025-08-20T21:04:54.1234567Z');
    expect(lines[1]!.raw).toBe('2025-08-20T21:04:54.1234568Z npm publish');
  });

  it('keeps the raw line as text in plain mode', () => {
    const { format, lines } = linesFromText('2025-08-20T21:04:54.1234567Z ##[error]x\n', { plain: true });
    expect(format).toBe('plain');
    expect(lines[0]!.text).toBe('2025-08-20T21:04:54.1234567Z ##[error]x');
    expect(lines[0]!.kind).toBe('output');
  });
});

describe('openLog', () => {
  it('streams a file with the same lines as linesFromText', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `2025-08-20T21:04:54.1234567Z line ${i}`).join('\n');
    const path = join(dir, 'job.log');
    writeFileSync(path, `${text}\n`);
    const opened = await openLog(path);
    const lines = await collect(opened.lines);
    expect(opened.format).toBe('github-actions');
    expect(lines).toEqual(linesFromText(`${text}\n`).lines);
    expect(opened.stats()).toMatchObject({ lines: 5000, endsMidLine: false, bytes: opened.totalBytes });
  });
});
