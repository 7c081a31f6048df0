/**
 * Scores `why` on every case of ../shared/corpus and prints the table the corpus test asserts on.
 *
 *   npx tsx bench/why-corpus.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLog } from '../src/logs/read/open-log.ts';
import { corpusDir, evaluateCorpus, formatScore } from '../src/logs/why/corpus-eval.ts';
import { diagnoseLines } from '../src/logs/why/diagnose.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const score = await evaluateCorpus(corpusDir(repoRoot), async (file) => {
  const log = await openLog(file);
  return diagnoseLines(log.batches, { format: log.format, stats: log.stats });
});
console.log(formatScore(score));
