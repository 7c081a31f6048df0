import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../why/categories.ts';
import { findDataDir, loadKnowledgeBase, parseSignatureFile } from './load.ts';
import { SignatureMatcher } from './matcher.ts';
import { anchorWords } from './prefilter.ts';

const kb = loadKnowledgeBase();
const matcher = new SignatureMatcher(kb);

describe('knowledge base', () => {
  it('has one file per family, each valid, with unique ids', () => {
    const files = readdirSync(findDataDir()).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(new Set(kb.signatures.map((s) => s.id)).size).toBe(kb.signatures.length);
    for (const s of kb.signatures) expect(CATEGORIES).toContain(s.category);
  });

  it.each(kb.signatures.map((s) => [s.id, s] as const))('%s matches each of its own examples', (_id, s) => {
    for (const example of s.examples) {
      const ids = matcher.match(example.line).map((h) => h.signature.id);
      expect(ids, `example: ${example.line}`).toContain(s.id);
      expect(example.source).toMatch(/^https?:\/\//);
    }
  });

  it('names a token kind in every token-permission explanation of the github-token family', () => {
    for (const s of kb.signatures.filter((x) => x.family === 'github-token' && x.role === 'cause')) {
      if (s.category !== 'auth-token-permission' || s.priority < 3) continue;
      expect(s.explanation ?? '', s.id).toMatch(/GITHUB_TOKEN|PAT|personal access token|App|OAuth/);
    }
  });

  it('rejects an invalid file with the file name and the field', () => {
    expect(() =>
      parseSignatureFile('bad.yaml', 'family: x\nsignatures:\n  - id: Bad Id\n    category: nope\n'),
    ).toThrow(/bad\.yaml: invalid signature file: .*signatures\.0\./);
  });
});

describe('pre-filter', () => {
  it('derives anchor words from patterns', () => {
    expect(anchorWords('You cannot publish over the previously published versions?')).toEqual(['previously']);
    expect(anchorWords('code ENEEDAUTH|need auth This command')).toEqual(['eneedauth', 'auth']);
    expect(anchorWords('^#\\d+ CANCELED$')).toEqual(['canceled']);
    expect(anchorWords('(?:a|b)')).toBeUndefined();
    // a quantified letter leaves the word before it glued: never an anchor
    expect(anchorWords('\\d+ examples?, [1-9]')).toBeUndefined();
  });

  it('finds exactly what plain matching finds, on every example and every corpus line', () => {
    const lines = kb.signatures.flatMap((s) => s.examples.map((e) => e.line));
    const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');
    for (const dir of readdirSync(corpus, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      lines.push(...readFileSync(path.join(corpus, dir.name, 'raw.log'), 'utf8').split(/\r?\n/));
    }
    const diffs: string[] = [];
    for (const line of lines) {
      const fast = matcher
        .match(line, true)
        .map((h) => h.signature.id)
        .sort();
      const slow = matcher.matchNaive(line).sort();
      if (fast.join() !== slow.join()) diffs.push(`${line} :: ${fast} vs ${slow}`);
    }
    expect(diffs).toEqual([]);
  });

  it('leaves few patterns without an anchor word', () => {
    expect(matcher.unanchoredPatterns.length, matcher.unanchoredPatterns.join('\n')).toBeLessThanOrEqual(5);
  });
});
