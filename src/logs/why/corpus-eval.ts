/**
 * @module Scores diagnoses against the labelled corpus (../shared/corpus, read in place): failing step
 * named, category top-1, key lines cited as evidence, no noise line cited as evidence, no `failed`
 * verdict on the green controls. Used by corpus.test.ts (which asserts the goals) and by
 * bench/why-corpus.ts (which prints the same table).
 *
 * Judgement on "failing step named": the corpus names the step in free words ("npm publish (release-please
 * workflow)"), our answer is a header (`Run npm publish --access public`) or an inferred command
 * (`goreleaser release`). They match when they share at least one significant word - lower-cased,
 * split on anything not a letter or digit, ignoring filler words (run, step, job, workflow, the, ...),
 * numbers and version tags. When the corpus says null (no step is to blame: runner disk, job timeout,
 * green controls) the answer must be null too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from '../../shared/zod.ts';
import type { Diagnosis } from './types.ts';

export const CorpusCase = z.object({
  failed: z.boolean(),
  failing_step: z.nullable(z.string()),
  key_lines: z.array(z.string()),
  category: z.string(),
  noise: z.array(z.string()),
});
export type CorpusCase = z.infer<typeof CorpusCase>;

const FILLER = new Set(
  'run step steps job jobs workflow workflows the a an of in on to for with and or by from via ci github actions action uses yml yaml last final stage pipeline main before after then into using hosted runner ubuntu is was its it'.split(
    ' ',
  ),
);

export function significantWords(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 2 && !FILLER.has(w) && !/^\d+$/.test(w) && !/^v\d+$/.test(w)),
  );
}

export function stepMatches(expected: string | null, actual: string | null): boolean {
  if (expected === null || actual === null) return expected === actual;
  const want = significantWords(expected);
  return [...significantWords(actual)].some((w) => want.has(w));
}

export interface CaseResult {
  id: string;
  failed: boolean;
  stepOk: boolean;
  categoryOk: boolean;
  keyLines: number;
  keyLinesCited: number;
  /** Evidence lines that contain a noise substring of the case. */
  noiseAsCause: string[];
  falseFatal: boolean;
  expected: { step: string | null; category: string };
  actual: { step: string | null; category: string | null; verdict: string };
}

export interface CorpusScore {
  cases: CaseResult[];
  stepRate: number;
  categoryRate: number;
  keyLineRate: number;
  noiseAsCause: number;
  falseFatal: number;
}

/** Line numbers (1-based) of a key line (a run of lines) in the raw log; undefined if not found. */
function locate(rawLines: string[], key: string): number[] | undefined {
  const parts = key.split('\n');
  for (let i = 0; i + parts.length <= rawLines.length; i++) {
    if (parts.every((p, j) => rawLines[i + j] === p || rawLines[i + j]!.replace(/\r$/, '') === p)) {
      return parts.map((_, j) => i + j + 1);
    }
  }
  // A key line copied without surrounding whitespace.
  const idx = rawLines.findIndex((l) => l.includes(key.trim()));
  return idx >= 0 ? [idx + 1] : undefined;
}

export function corpusDir(repoRoot: string): string {
  return path.resolve(repoRoot, '../shared/corpus');
}

export function listCases(dir: string): string[] {
  if (!existsSync(dir))
    throw new Error(`labelled corpus not found at ${dir} (expected ../shared/corpus beside the repository)`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'case.json')))
    .map((d) => d.name)
    .sort();
}

export function scoreCase(id: string, dir: string, d: Diagnosis): CaseResult {
  const c = CorpusCase.parse(JSON.parse(readFileSync(path.join(dir, id, 'case.json'), 'utf8')));
  const rawLines = readFileSync(path.join(dir, id, 'raw.log'), 'utf8').split('\n');
  const evidence = d.causes.flatMap((x) => x.evidence);
  const cited = new Set(evidence.map((e) => e.line));
  let keyLinesCited = 0;
  for (const key of c.key_lines) {
    const at = locate(rawLines, key);
    if (at?.every((n) => cited.has(n))) keyLinesCited++;
  }
  const noiseAsCause = evidence
    .filter((e) => c.noise.some((n) => n.length > 0 && e.text.includes(n)))
    .map((e) => `L${e.line}: ${e.text}`);
  return {
    id,
    failed: c.failed,
    stepOk: stepMatches(c.failing_step, d.failingStep?.name ?? null),
    categoryOk: d.category === c.category,
    keyLines: c.key_lines.length,
    keyLinesCited,
    noiseAsCause,
    falseFatal: !c.failed && d.verdict === 'failed',
    expected: { step: c.failing_step, category: c.category },
    actual: { step: d.failingStep?.name ?? null, category: d.category ?? null, verdict: d.verdict },
  };
}

export async function evaluateCorpus(
  dir: string,
  diagnose: (logPath: string) => Promise<Diagnosis>,
): Promise<CorpusScore> {
  const cases: CaseResult[] = [];
  for (const id of listCases(dir))
    cases.push(scoreCase(id, dir, await diagnose(path.join(dir, id, 'raw.log'))));
  const keyLines = cases.reduce((s, x) => s + x.keyLines, 0);
  return {
    cases,
    stepRate: cases.filter((x) => x.stepOk).length / cases.length,
    categoryRate: cases.filter((x) => x.categoryOk).length / cases.length,
    keyLineRate: cases.reduce((s, x) => s + x.keyLinesCited, 0) / keyLines,
    noiseAsCause: cases.reduce((s, x) => s + x.noiseAsCause.length, 0),
    falseFatal: cases.filter((x) => x.falseFatal).length,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The table both the test and the bench print. */
export function formatScore(score: CorpusScore): string {
  const rows = score.cases.map((x) => {
    const flags = [
      x.stepOk
        ? 'step'
        : `STEP? want ${JSON.stringify(x.expected.step)} got ${JSON.stringify(x.actual.step)}`,
      x.categoryOk ? 'cat' : `CAT? want ${x.expected.category} got ${x.actual.category}`,
      `keys ${x.keyLinesCited}/${x.keyLines}`,
      x.noiseAsCause.length ? `NOISE-AS-CAUSE ${x.noiseAsCause.join(' | ')}` : '',
      x.falseFatal ? 'FALSE-FATAL' : '',
    ].filter(Boolean);
    return `  ${x.id.padEnd(52)} ${x.actual.verdict.padEnd(9)} ${flags.join('  ')}`;
  });
  const n = score.cases.length;
  return [
    `why over ${n} corpus cases`,
    ...rows,
    `failing step named   ${pct(score.stepRate)}   (goal >= 95%)`,
    `category top-1       ${pct(score.categoryRate)}   (goal >= 90%)`,
    `key lines cited      ${pct(score.keyLineRate)}   (goal >= 90%)`,
    `noise as cause       ${score.noiseAsCause}        (goal 0)`,
    `false fatal          ${score.falseFatal}        (goal 0)`,
  ].join('\n');
}
