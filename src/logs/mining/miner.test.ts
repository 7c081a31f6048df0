import { describe, expect, it } from 'vitest';
import { mergeTokens, TemplateMiner } from './miner.ts';

function mine(lines: string[], options?: ConstructorParameters<typeof TemplateMiner>[0]) {
  const miner = new TemplateMiner(options);
  const ids = lines.map((l, i) => miner.add(l, i + 1));
  return { miner, ids: ids.map((id) => miner.resolve(id)), templates: miner.templates() };
}

describe('TemplateMiner', () => {
  it('gives lines that differ only in masked values one template, with counts and line range', () => {
    const { templates, ids } = mine([
      'Received block blk_1 of size 67108864 from /10.251.42.84',
      'Deleting block blk_2 file /mnt/a/blk_2',
      'Received block blk_3 of size 512 from /10.251.42.85',
      'Received block blk_4 of size 9 from /10.1.1.1',
    ]);
    expect(templates.map((t) => [t.template, t.count, t.firstLine, t.lastLine])).toEqual([
      ['Received block <*> of size <*> from <*>', 3, 1, 4],
      ['Deleting block <*> file <*>', 1, 2, 2],
    ]);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[0]).toBe(ids[3]);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('keeps at most three examples, the first ones', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `retry ${i} of 10`);
    const [t] = mine(lines).templates;
    expect(t!.examples).toEqual(['retry 0 of 10', 'retry 1 of 10', 'retry 2 of 10']);
  });

  it('turns a word with many values, mostly seen once, into <*> (user names)', () => {
    const users = ['admin', 'oracle', 'test', 'guest', 'webmaster', 'pi', 'ubnt', 'support'];
    const { templates } = mine(users.map((u) => `Invalid user ${u} from 10.0.0.1`));
    expect(templates.map((t) => t.template)).toEqual(['Invalid user <*> from <*>']);
  });

  it('keeps two or three alternatives of a word seen again and again as separate templates', () => {
    const lines: string[] = [];
    for (let i = 0; i < 30; i++)
      lines.push(`VM ${['Started', 'Paused', 'Resumed'][i % 3]} (Lifecycle Event)`);
    const { templates } = mine(lines);
    expect(templates.map((t) => `${t.count}× ${t.template}`)).toEqual([
      '10× VM Started (Lifecycle Event)',
      '10× VM Paused (Lifecycle Event)',
      '10× VM Resumed (Lifecycle Event)',
    ]);
  });

  it('never merges on the first word, which names what happened', () => {
    const cmds = ['boot', 'wait', 'halt', 'risBoot', 'clusterAddMember', 'bootGenvmunix'];
    const { templates } = mine(cmds.map((c, i) => `${c} (command ${1900 + i})`));
    expect(templates).toHaveLength(cmds.length);
    expect(templates[0]!.template).toBe('boot (command <*>)');
  });

  it('after a leading tag (##[group], [command]) the next word is the protected first word', () => {
    const groups = [
      'Runner Image',
      'Operating System',
      'Docker info',
      'Buildx version',
      'Post cache',
      'Set up job',
    ];
    const { templates } = mine(groups.filter((g) => g.split(' ').length === 2).map((g) => `##[group] ${g}`));
    expect(templates.map((t) => t.template)).toEqual([
      '##[group] Runner Image',
      '##[group] Operating System',
      '##[group] Docker info',
      '##[group] Buildx version',
      '##[group] Post cache',
    ]);
  });

  it('keeps the punctuation both values share when it merges a position', () => {
    expect(mergeTokens("'alpha'", "'beta'")).toBe("'<*>'");
    expect(mergeTokens('user=root', 'user=guest')).toBe('user=<*>');
    expect(mergeTokens('(spawning).', '(deleting).')).toBe('(<*>).');
    expect(mergeTokens('abc', 'xyz')).toBe('<*>');
    expect(mergeTokens('<*>x', '<*>y')).toBe('<*>');
  });

  it('compacting while streaming gives the same templates as merging at the end', () => {
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      lines.push(
        `session opened for user u${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i * 7) % 26))} by (uid=0)`,
      );
      lines.push(`Connection closed by 10.0.${i % 250}.1 [preauth]`);
    }
    const atEnd = mine(lines).templates.map((t) => [t.template, t.count]);
    const streaming = mine(lines, { compactAt: 16 }).templates.map((t) => [t.template, t.count]);
    expect(streaming).toEqual(atEnd);
    expect(atEnd).toEqual([
      ['session opened for user <*> by (uid=<*>)', 400],
      ['Connection closed by <*> [preauth]', 400],
    ]);
  });

  it('treats runs of spaces and tabs as one separator and gives empty lines a template', () => {
    const { templates } = mine(['a  b\tc', 'a b c', '', '   ']);
    expect(templates.map((t) => [t.template, t.count])).toEqual([
      ['a b c', 2],
      ['', 2],
    ]);
  });

  it('splits tokens holding digits or punctuation at tabs as well as spaces', () => {
    const { templates } = mine(['x=1\ty=2 z', 'x=3 y=4\tz', '/a/b\t/c/d done']);
    expect(templates.map((t) => [t.template, t.count])).toEqual([
      ['x=<*> y=<*> z', 2],
      ['<*> <*> done', 1],
    ]);
  });

  it('a lead tag is the first token of the line without being part of the text', () => {
    const miner = new TemplateMiner();
    const a = miner.addIndex('Process completed with exit code 1.', 1, '##[error]');
    const b = miner.addIndex('##[error] Process completed with exit code 2.', 2);
    const c = miner.addIndex('Process completed with exit code 3.', 3);
    expect(miner.resolveIndex(a)).toBe(miner.resolveIndex(b));
    expect(miner.resolveIndex(c)).not.toBe(miner.resolveIndex(a));
    const t = miner.templates().find((x) => x.count === 2)!;
    expect(t.template).toBe('##[error] Process completed with exit code <*>.');
    expect(t.examples[0]).toBe('##[error] Process completed with exit code 1.');
  });

  it('ids are stable strings; resolve maps a merged id to the surviving template', () => {
    const miner = new TemplateMiner();
    const names = ['ann', 'bob', 'cyd', 'dee', 'eve', 'fay'];
    const raw = names.map((n, i) => miner.add(`hello ${n} there`, i + 1));
    expect(new Set(raw).size).toBe(names.length);
    const resolved = new Set(raw.map((id) => miner.resolve(id)));
    expect([...resolved]).toEqual([miner.templates()[0]!.id]);
  });
});
