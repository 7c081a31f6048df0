/**
 * Time and peak RSS of `why` on the 1,000,000-line synthetic job log of bench/synthetic-log.ts
 * (~60% setup-go tar noise, build output, groups, errors), beside a baseline measured in the same
 * run: the reader alone (`openLog`, every line parsed, nothing else). Each measurement runs in a fresh
 * child process so peak RSS is its own; each is run twice and the faster run is shown (shared
 * machine). When the bundle exists (`npm run build` → dist/cli.js), the shipped command
 * `node dist/cli.js why --json <log>` is measured too, whole process included. Goal: ≤ 10 s and ≤ 256 MB.
 *
 *   npx tsx bench/why.ts [lines]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
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

/** The built CLI as a user runs it; peak RSS is reported by a preloaded exit hook. */
function measureBundle(cli: string, file: string): Measure {
  const hook =
    'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nPEAK_RSS_KB "+process.resourceUsage().maxRSS+"\\n"))';
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', hook, cli, 'why', '--json', file], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - start;
  const kb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  let summary = `exit ${r.status}`;
  try {
    const d = JSON.parse(r.stdout) as { verdict: string; causes: unknown[] };
    summary += `, verdict ${d.verdict}, ${d.causes.length} causes`;
  } catch {
    summary += ', no JSON on stdout';
  }
  return { ms, peakRssMb: kb / 1024, summary };
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
    const rows = [why];
    const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
    if (existsSync(cli)) {
      const bundle = [measureBundle(cli, file), measureBundle(cli, file)].sort((a, b) => a.ms - b.ms)[0]!;
      console.log(row('why (dist/cli.js)', bundle));
      rows.push(bundle);
    }
    const met = rows.every((m) => m.ms <= 10_000 && m.peakRssMb <= 256);
    console.log(`goal: why ≤ 10 s and ≤ 256 MB → ${met ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
