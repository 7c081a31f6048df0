/**
 * Loghub-2k accuracy of our template miner: GA, FGA, PA, FTA per system and averaged, beside the
 * published Drain row. Reads ../shared/loghub (never copied into the repo), feeds the `Content`
 * column through ONE miner configuration (the defaults, plain mode: no header stripping).
 *
 *   npx tsx bench/loghub.ts [--data <dir>] [--show <System>]   (--show lists the wrong lines)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from '../src/logs/mining/csv.ts';
import { evaluateParsing, type ParsedLine, type ParsingAccuracy } from '../src/logs/mining/evaluate.ts';
import { TemplateMiner } from '../src/logs/mining/miner.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataDir = path.resolve(flag('--data') ?? path.resolve(repoRoot, '../shared/loghub'));
const show = flag('--show');

/** Published Drain averages (Loghub-2.0 paper, corrected 2k data, 14 systems). */
const DRAIN = { ga: 0.85, fga: 0.74, pa: 0.32, fta: 0.28 };

if (!existsSync(dataDir)) {
  console.error(`loghub data not found at ${dataDir}`);
  process.exit(2);
}

const systems = readdirSync(dataDir, { withFileTypes: true })
  .filter(
    (d) =>
      d.isDirectory() && existsSync(path.join(dataDir, d.name, `${d.name}_2k.log_structured_corrected.csv`)),
  )
  .map((d) => d.name)
  .sort();

const fmt = (x: number) => x.toFixed(3);

/** Published Drain figures per system (first number of "2k / full" in the Drain column), if any. */
function publishedDrain(): Map<string, Record<'GA' | 'FGA' | 'PA' | 'FTA', string>> {
  const out = new Map<string, Record<'GA' | 'FGA' | 'PA' | 'FTA', string>>();
  const file = path.join(dataDir, 'published', 'effectiveness_results.csv');
  if (!existsSync(file)) return out;
  for (const row of parseCsvRecords(readFileSync(file, 'utf8'))) {
    const m = /^(\S+) (GA|FGA|PA|FTA)$/.exec(row['dataset+metrics'] ?? '');
    if (!m) continue;
    const entry = out.get(m[1]!) ?? { GA: '-', FGA: '-', PA: '-', FTA: '-' };
    entry[m[2] as 'GA'] = (row.Drain ?? '-').split('/')[0]!.trim();
    out.set(m[1]!, entry);
  }
  return out;
}
const drain = publishedDrain();
const results: { system: string; acc: ParsingAccuracy; ms: number }[] = [];
for (const system of systems) {
  const file = path.join(dataDir, system, `${system}_2k.log_structured_corrected.csv`);
  const records = parseCsvRecords(readFileSync(file, 'utf8'));
  const started = performance.now();
  const miner = new TemplateMiner();
  const provisional = records.map((r, i) => miner.add(r.Content ?? '', i + 1));
  const ids = provisional.map((id) => miner.resolve(id));
  const templates = new Map(miner.templates().map((t) => [t.id, t.template]));
  const ms = performance.now() - started;
  const parsed: ParsedLine[] = records.map((r, i) => ({
    truth: r.EventTemplate ?? '',
    group: ids[i]!,
    template: templates.get(ids[i]!)!,
  }));
  const acc = evaluateParsing(parsed);
  results.push({ system, acc, ms });
  if (show === system) {
    const byTruth = new Map<string, Map<string, number>>();
    for (const p of parsed) {
      const m = byTruth.get(p.truth) ?? new Map<string, number>();
      m.set(p.template, (m.get(p.template) ?? 0) + 1);
      byTruth.set(p.truth, m);
    }
    const byOurs = new Map<string, Map<string, number>>();
    for (const p of parsed) {
      const m = byOurs.get(p.group) ?? new Map<string, number>();
      m.set(p.truth, (m.get(p.truth) ?? 0) + 1);
      byOurs.set(p.group, m);
    }
    for (const [group, m] of byOurs) {
      if (m.size > 1) console.log(`merged ${group}\n${[...m].map(([t, n]) => `   ${n} × ${t}`).join('\n')}`);
    }
    for (const [truth, m] of byTruth) {
      if (m.size > 1) console.log(`split ${truth}\n${[...m].map(([t, n]) => `   ${n} × ${t}`).join('\n')}`);
    }
    const seen = new Set<string>();
    for (const [i, p] of parsed.entries()) {
      if (p.template === p.truth || seen.has(`${p.truth}\u0000${p.template}`)) continue;
      seen.add(`${p.truth}\u0000${p.template}`);
      console.log(
        `line ${i + 1}\n  content ${records[i]!.Content}\n  truth   ${p.truth}\n  ours    ${p.template}`,
      );
    }
  }
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(
  `${pad('system', 12)}  GA     FGA    PA     FTA    groups(ours/truth)  ms     | Drain (pub.) GA / FGA / PA / FTA`,
);
for (const { system, acc, ms } of results) {
  const d = drain.get(system);
  console.log(
    `${pad(system, 12)}  ${fmt(acc.ga)}  ${fmt(acc.fga)}  ${fmt(acc.pa)}  ${fmt(acc.fta)}  ${pad(`${acc.counts.parsedGroups}/${acc.counts.truthGroups}`, 18)}  ${pad(ms.toFixed(0), 5)}  | ${d ? `${d.GA} / ${d.FGA} / ${d.PA} / ${d.FTA}` : '-'}`,
  );
}
const avg = (k: 'ga' | 'fga' | 'pa' | 'fta') => results.reduce((s, r) => s + r.acc[k], 0) / results.length;
console.log(
  `${pad(`average(${results.length})`, 12)}  ${fmt(avg('ga'))}  ${fmt(avg('fga'))}  ${fmt(avg('pa'))}  ${fmt(avg('fta'))}`,
);
console.log(
  `${pad('Drain (pub.)', 12)}  ${fmt(DRAIN.ga)}  ${fmt(DRAIN.fga)}  ${fmt(DRAIN.pa)}  ${fmt(DRAIN.fta)}  (published average over 14 systems)`,
);
console.log('goal          0.920  0.850  0.700  0.600');
