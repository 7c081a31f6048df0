/**
 * Golden files: `__fixtures__/*.golden.txt`, each a readable log excerpt (`=== input`) with the lines,
 * steps and stats the reader must produce. Both `linesFromText` and `openLog` (on the same bytes
 * written to a file) must match. Escapes in input and text: `\e` ESC, `\r` CR, `\t` TAB, `\uFEFF` BOM,
 * `\\` backslash. Run with UPDATE_GOLDEN=1 to rewrite the expected sections (then review the diff).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogLine, ReadStats, StepSegment } from '../model.ts';
import { linesFromText, type OpenLogOptions, openLog } from './open-log.ts';
import { StepSegmenter } from './segment-steps.ts';

const fixtures = join(import.meta.dirname, '__fixtures__');
const tmp = mkdtempSync(join(tmpdir(), 'shipwatch-golden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const update = process.env.UPDATE_GOLDEN === '1';

interface Golden {
  header: string;
  sections: Map<string, string[]>;
}

function parseGolden(text: string): Golden {
  const sections = new Map<string, string[]>();
  const lines = text.split('\n');
  const header: string[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const m = /^=== (\w+)$/.exec(line);
    if (m) {
      current = [];
      sections.set(m[1]!, current);
    } else if (current) current.push(line);
    else header.push(line);
  }
  // The file's own final newline is not part of the last section.
  for (const body of sections.values()) while (body.length > 0 && body.at(-1) === '') body.pop();
  return { header: header.join('\n'), sections };
}

function decodeEscapes(s: string): string {
  return s.replace(/\\(e|r|t|uFEFF|\\)/g, (_, c: string) =>
    c === 'e' ? '\x1b' : c === 'r' ? '\r' : c === 't' ? '\t' : c === 'uFEFF' ? '\uFEFF' : '\\',
  );
}

function encodeEscapes(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\x1b/g, '\\e')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\uFEFF/g, '\\uFEFF');
}

function showLine(l: LogLine): string {
  const where = l.job !== undefined || l.step !== undefined ? ` [${l.job ?? ''} / ${l.step ?? ''}]` : '';
  const ts = l.timestamp ? ` @${l.timestamp}` : '';
  return `${l.n} ${l.kind}${l.truncated ? ' truncated' : ''}${where}${ts} | ${encodeEscapes(l.text)}`;
}

function showStep(s: StepSegment): string {
  const job = s.job === undefined ? '' : ` [${s.job}]`;
  return `${s.name}${job} | ${s.startLine}-${s.endLine} | exit=${s.exitCode ?? '-'} | ${s.failed ? 'failed' : 'ok'}`;
}

function showStats(s: ReadStats): string {
  return `format=${s.format} lines=${s.lines} bytes=${s.bytes} truncatedLines=${s.truncatedLines} invalidUtf8=${s.invalidUtf8} endsMidLine=${s.endsMidLine}`;
}

function segment(lines: readonly LogLine[]): { names: string[]; steps: StepSegment[] } {
  const seg = new StepSegmenter();
  const names = lines.map((l) => seg.push(l) ?? '-');
  return { names, steps: seg.finish() };
}

function options(g: Golden): { read: OpenLogOptions; finalNewline: boolean } {
  const read: OpenLogOptions = {};
  let finalNewline = true;
  for (const opt of g.sections.get('options') ?? []) {
    const [key, value] = opt.split('=');
    if (key === 'plain') read.plain = true;
    else if (key === 'maxLineLength') read.maxLineLength = Number(value);
    else if (key === 'noFinalNewline') finalNewline = false;
    else if (key) throw new Error(`unknown golden option ${key}`);
  }
  return { read, finalNewline };
}

const files = readdirSync(fixtures).filter((f) => f.endsWith('.golden.txt'));

describe('golden log excerpts', () => {
  it('has golden files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    it(file, async () => {
      const path = join(fixtures, file);
      const g = parseGolden(readFileSync(path, 'utf8'));
      const { read, finalNewline } = options(g);
      const input =
        (g.sections.get('input') ?? []).map(decodeEscapes).join('\n') + (finalNewline ? '\n' : '');

      const fromText = linesFromText(input, read);
      const logPath = join(tmp, file.replace('.golden.txt', '.log'));
      writeFileSync(logPath, input);
      const opened = await openLog(logPath, read);
      const streamed: LogLine[] = [];
      for await (const l of opened.lines) streamed.push(l);
      expect(streamed).toEqual(fromText.lines);
      expect(opened.stats()).toEqual(fromText.stats);

      const { names, steps } = segment(streamed);
      const actual = {
        lines: fromText.lines.map((l, i) => `${showLine(l)}`.replace(' | ', ` {${names[i]}} | `)),
        steps: steps.map(showStep),
        stats: [showStats(fromText.stats)],
      };
      if (update) {
        const order = ['options', 'input'];
        let out = `${g.header}\n`;
        for (const name of order) {
          const body = g.sections.get(name);
          if (body) out += `=== ${name}\n${body.join('\n')}\n`;
        }
        for (const [name, body] of Object.entries(actual)) out += `=== ${name}\n${body.join('\n')}\n`;
        writeFileSync(path, out);
        return;
      }
      expect(actual.lines).toEqual(g.sections.get('lines') ?? []);
      expect(actual.steps).toEqual(g.sections.get('steps') ?? []);
      expect(actual.stats).toEqual(g.sections.get('stats') ?? []);
    });
  }
});
