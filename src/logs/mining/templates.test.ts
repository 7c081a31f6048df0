import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { defaultContext } from '../../shared/context.ts';
import { mineTemplates } from './templates.ts';

const TAR_LINES = 6000;
const DIRS = ['src/net/http', 'src/go/types', 'misc/wasm', 'src/cmd/go/internal/load', 'lib/time'];
const FILES = ['server.go', 'expr_test.go', 'wasm_exec.js', 'pkg.go', 'zoneinfo.zip'];

/** A GitHub job log: setup-go restores the module cache over files that exist, 6,000 times. */
function tarNoiseLog(): string {
  const out: string[] = [];
  let n = 0;
  const ts = () => {
    n++;
    return `2025-08-20T21:${String(4 + Math.floor(n / 6000)).padStart(2, '0')}:${String(Math.floor(n / 100) % 60).padStart(2, '0')}.${String(n).padStart(7, '0')}Z `;
  };
  out.push(`${ts()}##[group]Run actions/setup-go@v5`);
  out.push(`${ts()}##[endgroup]`);
  for (let i = 0; i < TAR_LINES; i++) {
    const p = `${DIRS[i % DIRS.length]}/v${i % 7}/${i}_${FILES[(i * 3) % FILES.length]}`;
    out.push(
      `${ts()}/usr/bin/tar: ../../../go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.6.linux-amd64/${p}: Cannot open: File exists`,
    );
  }
  out.push(`${ts()}##[warning]Failed to restore: "/usr/bin/tar" failed with error: exit code 2`);
  out.push(`${ts()}go version go1.24.6 linux/amd64`);
  return `${out.join('\n')}\n`;
}

let dir: string;
let logFile: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-templates-'));
  logFile = path.join(dir, 'job.log');
  writeFileSync(logFile, tarNoiseLog());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mineTemplates', () => {
  it('shows 6,000 setup-go tar lines as ONE template ×6,000', async () => {
    const result = await mineTemplates(defaultContext(), { path: logFile, plain: false });
    expect(result.format).toBe('github-actions');
    expect(result.lineCount).toBe(TAR_LINES + 4);
    const tar = result.templates.filter((t) => t.template.includes('Cannot open: File exists'));
    expect(tar).toHaveLength(1);
    expect(tar[0]).toMatchObject({
      template: '/usr/bin/tar: <*>: Cannot open: File exists',
      count: TAR_LINES,
      firstLine: 3,
      lastLine: TAR_LINES + 2,
    });
    // Most frequent first.
    expect(result.templates[0]!.id).toBe(tar[0]!.id);
    const perLine = [...result.lines!()];
    expect(perLine).toHaveLength(TAR_LINES + 4);
    expect(perLine.filter((l) => l.templateId === tar[0]!.id)).toHaveLength(TAR_LINES);
  });

  it('tar noise annotated as ##[error] is one template too, the program name kept', async () => {
    const lines = Array.from(
      { length: 50 },
      (_, i) =>
        `2025-08-20T21:04:54.${String(i).padStart(7, '0')}Z ##[error]/usr/bin/tar: .../x/m${i}@v0.${i}.0/f${i}.go: Cannot open: File exists`,
    );
    const result = await mineTemplates(defaultContext(), {
      path: '-',
      plain: false,
      stdin: Readable.from([`${lines.join('\n')}\n`]),
    });
    expect(result.templates.map((t) => [t.template, t.count])).toEqual([
      ['##[error] /usr/bin/tar: <*>: Cannot open: File exists', 50],
    ]);
  });

  it('without keepLines keeps no per-line data (memory grows with templates only)', async () => {
    const result = await mineTemplates(defaultContext(), { path: logFile, plain: false, keepLines: false });
    expect(result.lines).toBeUndefined();
    expect(result.lineCount).toBe(TAR_LINES + 4);
    expect(result.templates[0]!.count).toBe(TAR_LINES);
  });

  it('reads stdin for -, and plain mode keeps GitHub prefixes as text', async () => {
    const text =
      '2025-08-20T21:04:54.1234567Z ##[error]boom 1\n2025-08-20T21:04:55.1234567Z ##[error]boom 2\n';
    const github = await mineTemplates(defaultContext(), {
      path: '-',
      plain: false,
      stdin: Readable.from([text]),
    });
    expect(github.templates.map((t) => [t.template, t.count])).toEqual([['##[error] boom <*>', 2]]);
    const plain = await mineTemplates(defaultContext(), {
      path: '-',
      plain: true,
      stdin: Readable.from([text]),
    });
    expect(plain.format).toBe('plain');
    expect(plain.templates.map((t) => [t.template, t.count])).toEqual([['<*> ##[error]boom <*>', 2]]);
  });
});

describe('shipwatch templates', () => {
  it('--json prints exactly {templates:[{id,template,count}], lines:[{line,templateId}]}, a line entry per line', async () => {
    const run = await runCliCaptured(['templates', logFile, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as {
      templates: { id: string; template: string; count: number }[];
      lines: { line: number; templateId: string }[];
    };
    expect(Object.keys(out)).toEqual(['templates', 'lines']);
    for (const t of out.templates) {
      expect(Object.keys(t)).toEqual(['id', 'template', 'count']);
      expect(typeof t.id).toBe('string');
      expect(typeof t.template).toBe('string');
      expect(typeof t.count).toBe('number');
    }
    expect(out.lines).toHaveLength(TAR_LINES + 4);
    expect(out.lines.map((l) => l.line)).toEqual(Array.from({ length: TAR_LINES + 4 }, (_, i) => i + 1));
    for (const l of out.lines.slice(0, 5)) expect(Object.keys(l)).toEqual(['line', 'templateId']);
    const ids = new Set(out.templates.map((t) => t.id));
    expect(out.lines.every((l) => ids.has(l.templateId))).toBe(true);
    const counts = new Map<string, number>();
    for (const l of out.lines) counts.set(l.templateId, (counts.get(l.templateId) ?? 0) + 1);
    for (const t of out.templates) expect(counts.get(t.id)).toBe(t.count);
    expect(out.templates.find((t) => t.count === TAR_LINES)?.template).toBe(
      '/usr/bin/tar: <*>: Cannot open: File exists',
    );
  });

  it('text output lists templates by count with their first line and ends with the summary', async () => {
    const run = await runCliCaptured(['templates', logFile]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^6000× \/usr\/bin\/tar: <\*>: Cannot open: File exists {2}\(T\d+, first line 3\)$/,
    );
    expect(lines.at(-1)).toMatch(/^\d+ templates from 6004 lines \(github-actions\)$/);
    expect(lines.at(-1)).toBe(`${lines.length - 1} templates from 6004 lines (github-actions)`);
  });

  it('reads stdin with -, and says when the last line has no newline', async () => {
    const run = await runCliCaptured(['templates', '-', '--plain'], { stdin: 'a 1\na 2\nb\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 templates from 3 lines (plain)\n');
    const cut = await runCliCaptured(['templates', '-', '--plain'], { stdin: 'a 1\nb' });
    expect(cut.stdout).toContain('2 templates from 2 lines (plain, last line has no newline)\n');
  });

  it('resolves a relative path against the command context cwd', async () => {
    const run = await runCliCaptured(['templates', 'job.log'], { context: { cwd: dir } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('templates from 6004 lines (github-actions)');
  });

  it('draws a progress bar on stderr for a big file only when stderr is a terminal', async () => {
    const big = path.join(dir, 'big.log');
    const line =
      '2025-08-20T21:04:54.1234567Z /usr/bin/tar: ../go/pkg/mod/x/y.go: Cannot open: File exists\n';
    writeFileSync(big, line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)));
    const tty = await runCliCaptured(['templates', big], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('100%');
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true);
    const piped = await runCliCaptured(['templates', big]);
    expect(piped.stderr).toBe('');
    const small = await runCliCaptured(['templates', logFile], { tty: true });
    expect(small.stderr).toBe('');
  });

  it('a missing file is one clear line and exit 2, no stack trace', async () => {
    const run = await runCliCaptured(['templates', path.join(dir, 'nope.log')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('nope.log: no such file');
  });

  it('a missing argument is a usage error', async () => {
    const run = await runCliCaptured(['templates']);
    expect(run.code).toBe(2);
  });
});
