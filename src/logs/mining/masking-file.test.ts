import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { ConfigError } from '../../errors.ts';
import { createMasker, DEFAULT_MASKING } from './masking.ts';
import { loadMaskingFile } from './masking-file.ts';

let dir: string;
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};
const colour = { name: 'colour', scope: 'piece', pattern: 'red|green|blue', replace: '<*>' };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-masking-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadMaskingFile', () => {
  it('puts user rules before the default ones by default', async () => {
    const config = await loadMaskingFile(file('a.json', JSON.stringify({ rules: [colour] })));
    expect(config.rules.map((r) => r.name)).toEqual(['colour', ...DEFAULT_MASKING.rules.map((r) => r.name)]);
    const mask = createMasker(config);
    expect(mask('colour=green')).toBe('colour=<*>');
    expect(mask('uid=0')).toBe('uid=<*>');
  });

  it('"extends": "none" uses only the file rules', async () => {
    const config = await loadMaskingFile(
      file('b.json', JSON.stringify({ extends: 'none', rules: [colour] })),
    );
    const mask = createMasker(config);
    expect(mask('red')).toBe('<*>');
    expect(mask('uid=0')).toBe('uid=0');
  });

  it.each([
    ['not json', '{', /not valid JSON/],
    ['yaml, not json (multi-line excerpt)', 'name: [\n  a\n', /not valid JSON/],
    ['unknown key', JSON.stringify({ rules: [], rulez: [] }), /Unrecognized key/],
    [
      'missing field',
      JSON.stringify({ rules: [{ name: 'x', scope: 'piece', replace: '' }] }),
      /rules\.0\.pattern/,
    ],
    ['stateful flag', JSON.stringify({ rules: [{ ...colour, flags: 'g' }] }), /only the flags i, m, s, u/],
    [
      'bad regex',
      JSON.stringify({ rules: [{ ...colour, pattern: '(' }] }),
      /rules\[0\] \(colour\): bad pattern/,
    ],
  ])('rejects %s with a ConfigError naming the file', async (_label, content, message) => {
    const p = file('bad.json', content);
    const err = await loadMaskingFile(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(p);
    // One line on the terminal, even when JSON.parse quotes a multi-line excerpt.
    expect((err as Error).message).not.toContain('\n');
  });

  it('says when the file is missing', async () => {
    await expect(loadMaskingFile(path.join(dir, 'nope.json'))).rejects.toThrow(/no such file/);
  });
});

describe('shipwatch templates --masking', () => {
  it('applies the file, and a bad file is one line and exit 2', async () => {
    const good = file('good.json', JSON.stringify({ rules: [colour] }));
    const run = await runCliCaptured(['templates', '-', '--plain', '--masking', good], {
      stdin: 'paint it red\npaint it blue\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2× paint it <*>');
    const bad = file('bad2.json', '[]');
    const failed = await runCliCaptured(['templates', '-', '--masking', bad], { stdin: 'x\n' });
    expect(failed.code).toBe(2);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
  });
});
