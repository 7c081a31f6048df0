/**
 * Scores `why` on every case of ../shared/corpus and prints the table the corpus test asserts on,
 * then a generalisation estimate: the same cases diagnosed again with the signatures that explained
 * each case removed from the knowledge base (leave-one-out), as a stand-in for failures no
 * signature knows yet.
 *
 *   npx tsx bench/why-corpus.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLog } from '../src/logs/read/open-log.ts';
import { type KnowledgeBase, loadKnowledgeBase } from '../src/logs/signatures/load.ts';
import { corpusDir, evaluateCorpus, formatScore, listCases, scoreCase } from '../src/logs/why/corpus-eval.ts';
import { diagnoseLines } from '../src/logs/why/diagnose.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = corpusDir(repoRoot);

async function diagnose(file: string, kb?: KnowledgeBase) {
  const log = await openLog(file);
  return diagnoseLines(log.batches, { format: log.format, stats: log.stats, ...(kb ? { kb } : {}) });
}

const score = await evaluateCorpus(dir, (file) => diagnose(file));
console.log(formatScore(score));

const kb = loadKnowledgeBase();
let keys = 0;
let cited = 0;
let steps = 0;
let noise = 0;
const ids = listCases(dir);
for (const id of ids) {
  const file = path.join(dir, id, 'raw.log');
  const used = new Set((await diagnose(file)).causes.map((c) => c.signature));
  const signatures = kb.signatures.filter((s) => !used.has(s.id));
  const reduced: KnowledgeBase = { ...kb, signatures, byId: new Map(signatures.map((s) => [s.id, s])) };
  const r = scoreCase(id, dir, await diagnose(file, reduced));
  keys += r.keyLines;
  cited += r.keyLinesCited;
  steps += r.stepOk ? 1 : 0;
  noise += r.noiseAsCause.length;
}
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(
  `\nleave-one-out (each case's own signatures removed): failing step ${pct(steps / ids.length)}, key lines cited ${pct(cited / keys)}, noise as cause ${noise}`,
);
