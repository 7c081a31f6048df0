/**
 * Golden files: each `__fixtures__/*.golden.txt` holds a raw log excerpt and the templates expected
 * from it, one readable file per case:
 *
 *   # what the case shows            (comment lines before the first section)
 *   mode: github | plain
 *   --- log ---
 *   <raw lines, as in the log>
 *   --- templates ---
 *   <count>× <template>               (most frequent first, as `shipwatch templates` prints them)
 *
 * Set UPDATE_GOLDEN=1 to rewrite the expected part after a deliberate change (then read the diff).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultContext } from '../../shared/context.ts';
import { mineTemplates } from './templates.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const files = readdirSync(fixtures).filter((f) => f.endsWith('.golden.txt'));

function parseGolden(text: string): {
  head: string;
  mode: 'github' | 'plain';
  log: string;
  expected: string;
} {
  const logAt = text.indexOf('--- log ---\n');
  const tplAt = text.indexOf('--- templates ---\n');
  if (logAt < 0 || tplAt < logAt) throw new Error('golden file needs "--- log ---" then "--- templates ---"');
  const head = text.slice(0, logAt);
  const mode = /^mode: plain$/m.test(head) ? 'plain' : 'github';
  return {
    head,
    mode,
    log: text.slice(logAt + '--- log ---\n'.length, tplAt),
    expected: text.slice(tplAt + '--- templates ---\n'.length),
  };
}

describe('golden: raw log → templates', () => {
  it('has cases', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(file, async () => {
      const full = path.join(fixtures, file);
      const golden = parseGolden(readFileSync(full, 'utf8'));
      const result = await mineTemplates(defaultContext(), {
        path: '-',
        plain: golden.mode === 'plain',
        stdin: Readable.from([golden.log]),
      });
      const actual = result.templates.map((t) => `${t.count}× ${t.template}\n`).join('');
      if (process.env.UPDATE_GOLDEN === '1') {
        writeFileSync(full, `${golden.head}--- log ---\n${golden.log}--- templates ---\n${actual}`);
      }
      expect(actual).toBe(golden.expected);
    });
  }
});
