/**
 * Time and peak RSS of `why` on the 1,000,000-line synthetic job log of bench/synthetic-log.ts
 * (~60% setup-go tar noise, build output, groups, errors), beside a baseline measured in the same
 * run: the reader alone (`openLog`, every line parsed, nothing else). Each measurement runs in a fresh
 * child process so peak RSS is its own; each is run twice and the faster run is shown (shared
 * machine). Goal: ≤ 10 s and ≤ 256 MB.
 *
 *   npx tsx bench/why.ts [lines]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLog } from '../src/logs/read/open-log.ts';
import { runWhy } from '../src/logs/why/run.ts';
import { defaultContext } from '../src/shared/context.ts';
import { writeSyntheticLog } from './synthetic-log.ts';

interface Measure {
  ms: number;
  peakRssMb: number;
  summary: string;
}

async function child(mode: string, file: string): Promise<void> {
  const start = performance.now();
  let summary = '';
  if (mode === 'read') {
    const log = await openLog(file);
    let n = 0;
    for await (const batch of log.batches) n += batch.length;
    summary = `${n} lines read`;
  } else {
    const d = await runWhy(defaultContext(), { path: file });
    summary = `verdict ${d.verdict}, ${d.causes.length} causes, ${d.noise.reduce((s, g) => s + g.count, 0)} noise lines in ${d.noise.length} groups`;
  }
  const ms = performance.now() - start;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, peakRssMb, summary } satisfies Measure));
}

function measure(mode: string, file: string): Measure {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as Measure;
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4]!);
} else {
  const lines = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-bench-why-'));
  const file = path.join(dir, 'job.log');
  try {
    await writeSyntheticLog(file, { lines });
    const mb = statSync(file).size / 1024 / 1024;
    console.log(`synthetic job log: ${lines.toLocaleString('en')} lines, ${mb.toFixed(1)} MB`);
    // Best of two runs each: the machine is shared, and the minimum is the least disturbed figure.
    const best = (mode: string) => [measure(mode, file), measure(mode, file)].sort((a, b) => a.ms - b.ms)[0]!;
    const base = best('read');
    const why = best('why');
    const row = (name: string, m: Measure) =>
      `${name.padEnd(22)} ${(m.ms / 1000).toFixed(2).padStart(6)} s  ${m.peakRssMb.toFixed(0).padStart(5)} MB peak RSS  (${m.summary})`;
    console.log(row('baseline: openLog only', base));
    console.log(row('why', why));
    console.log(
      `goal: why ≤ 10 s and ≤ 256 MB → ${why.ms <= 10_000 && why.peakRssMb <= 256 ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
