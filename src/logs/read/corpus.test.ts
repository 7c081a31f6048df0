/**
 * Every real log in ../shared/corpus (read in place, never copied) is read and segmented without
 * error, and the results are sane: every line accounted for, in order; no prefix, marker or escape
 * left in a message; steps in order, non-overlapping, covering the lines that said they belong to
 * them; every key line a person marked in case.json found intact as one of our raw lines.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../model.ts';
import { linesFromText, openLog } from './open-log.ts';
import { stripAnsi } from './parse-line.ts';
import { StepSegmenter } from './segment-steps.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const cases = existsSync(corpus)
  ? readdirSync(corpus).filter((d) => existsSync(join(corpus, d, 'raw.log')))
  : [];

const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /;

describe.skipIf(cases.length === 0)('real logs in ../shared/corpus', () => {
  it('has the corpus', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  for (const name of cases) {
    it(name, async () => {
      const path = join(corpus, name, 'raw.log');
      const bytes = readFileSync(path);
      const opened = await openLog(path);
      const lines: LogLine[] = [];
      const seg = new StepSegmenter();
      const stepOf: (string | undefined)[] = [];
      for await (const l of opened.lines) {
        lines.push(l);
        stepOf.push(seg.push(l));
      }
      const stats = opened.stats();
      const steps = seg.finish();

      // Every line accounted for, in order.
      const newlines = bytes.filter((b) => b === 0x0a).length;
      const endsMidLine = bytes.length > 0 && bytes.at(-1) !== 0x0a;
      expect(stats.lines).toBe(newlines + (endsMidLine ? 1 : 0));
      expect(stats.endsMidLine).toBe(endsMidLine);
      expect(stats.bytes).toBe(bytes.length);
      expect(lines.map((l) => l.n)).toEqual(lines.map((_, i) => i + 1));
      expect(lines).toEqual(linesFromText(bytes.toString('utf8')).lines);

      // Messages are clean.
      for (const l of lines) {
        expect(l.text).not.toContain('\x1b');
        expect(l.raw).not.toContain('\x1b');
        expect(l.text).not.toMatch(TIMESTAMP);
        if (l.kind !== 'output') expect(l.text).not.toMatch(/^(##\[|::)/);
        if (opened.format === 'gh-log-failed' && l.raw.includes('\t')) {
          expect(l.job).toBeTruthy();
          expect(l.step).toBeTruthy();
        }
      }

      // Steps are ordered, non-overlapping, inside the log, and hold the lines assigned to them.
      let prevEnd = 0;
      for (const s of steps) {
        expect(s.startLine).toBeGreaterThan(prevEnd);
        expect(s.endLine).toBeGreaterThanOrEqual(s.startLine);
        expect(s.endLine).toBeLessThanOrEqual(lines.length);
        prevEnd = s.endLine;
      }
      lines.forEach((l, i) => {
        const owner = steps.find((s) => s.startLine <= l.n && l.n <= s.endLine);
        expect(owner?.name).toBe(stepOf[i]);
        if (owner && l.kind === 'error') expect(owner.failed).toBe(true);
      });

      // The lines a person marked as key are intact raw lines of ours.
      const caseFile = JSON.parse(readFileSync(join(corpus, name, 'case.json'), 'utf8')) as {
        key_lines?: string[];
      };
      const raws = new Set(lines.map((l) => l.raw.replace(/^\uFEFF/, '')));
      for (const key of caseFile.key_lines ?? []) {
        for (const keyLine of key.split('\n')) {
          if (keyLine.trim() === '' || keyLine.includes('...')) continue;
          expect(
            raws.has(
              stripAnsi(keyLine)
                .replace(/\r$/, '')
                .replace(/^\uFEFF/, ''),
            ),
          ).toBe(true);
        }
      }
    });
  }
});
