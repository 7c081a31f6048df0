/**
 * Runs `shipwatch why --json` over every case of ../shared/corpus (read in place) and asserts the
 * goals of issue 4. How "failing step named" is judged is documented in corpus-eval.ts. The figures
 * are printed; `npx tsx bench/why-corpus.ts` prints the same table.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { corpusDir, evaluateCorpus, formatScore, stepMatches } from './corpus-eval.ts';
import type { Diagnosis } from './types.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

describe('why over the labelled corpus', () => {
  it('meets the goals: step ≥95%, category ≥90%, key lines ≥90%, no noise as cause, no false fatal', async () => {
    const score = await evaluateCorpus(corpusDir(repoRoot), async (file) => {
      const run = await runCliCaptured(['why', file, '--json']);
      expect([0, 1, 3], `${file}: ${run.stderr}`).toContain(run.code);
      const d = JSON.parse(run.stdout) as Diagnosis;
      // Exit code follows the verdict.
      expect(run.code).toBe(d.verdict === 'succeeded' ? 0 : d.verdict === 'failed' ? 1 : 3);
      return d;
    });
    console.log(formatScore(score));
    expect(score.cases.length).toBeGreaterThanOrEqual(50);
    expect(score.stepRate).toBeGreaterThanOrEqual(0.95);
    expect(score.categoryRate).toBeGreaterThanOrEqual(0.9);
    expect(score.keyLineRate).toBeGreaterThanOrEqual(0.9);
    expect(score.noiseAsCause).toBe(0);
    expect(score.falseFatal).toBe(0);
  });

  it('judges step names by shared significant words, and null only against null', () => {
    expect(stepMatches('npm publish (release-please workflow)', 'Run npm publish --access public')).toBe(
      true,
    );
    expect(stepMatches('goreleaser release (homebrew tap formula pipe)', 'goreleaser release')).toBe(true);
    expect(stepMatches('Run Smoke Test (job build-and-push)', 'Run npm ci')).toBe(false);
    expect(stepMatches('release step (step 15)', 'Run workflow job')).toBe(false);
    expect(stepMatches(null, null)).toBe(true);
    expect(stepMatches(null, 'docker build')).toBe(false);
    expect(stepMatches('cargo publish', null)).toBe(false);
  });
});
