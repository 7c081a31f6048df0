/**
 * Throughput of the whole `shipwatch templates <file>` process on a synthetic 1,000,000-line GitHub
 * job log (bench/synthetic-log.ts), beside a naive baseline measured in the same run: strip the
 * timestamp, mask every token holding a digit, count exact strings — in Python (`re`) and in Node.
 * Each program runs as its own process; wall time, CPU time (user+sys) and peak RSS come from
 * GNU time (`/usr/bin/time -v`), or from polling /proc/<pid>/status when it is not installed.
 * Best of N runs each (the machine is shared; the best run is the least disturbed one). Every
 * run is pinned to one CPU with `taskset` when it exists ("on one core"): the CPU that was idlest
 * just before the run. --no-pin to opt out.
 *
 *   npx tsx bench/throughput.ts [--lines 1000000] [--runs 3] [--keep] [--no-pin]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticLog } from './synthetic-log.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const LINES = opt('--lines', 1_000_000);
const RUNS = opt('--runs', 3);
const keep = args.includes('--keep');

const workDir = path.join(repoRoot, '.tmp', 'bench-throughput');
mkdirSync(workDir, { recursive: true });
const logFile = path.join(workDir, `synthetic-${LINES}.log`);

const NAIVE_PY = String.raw`
import re, sys, collections
ts = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ')
digit_token = re.compile(r'\S*\d\S*')
counts = collections.Counter()
with open(sys.argv[1], encoding='utf-8', errors='replace') as f:
    for line in f:
        line = ts.sub('', line.rstrip('\n'), count=1)
        counts[digit_token.sub('<*>', line)] += 1
print(len(counts), 'templates from', sum(counts.values()), 'lines')
`;

const NAIVE_JS = String.raw`
import { createReadStream } from 'node:fs';
const ts = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z /;
const digitToken = /\S*\d\S*/g;
const counts = new Map();
let rest = '';
let lines = 0;
const take = (line) => {
  lines++;
  const key = line.replace(ts, '').replace(digitToken, '<*>');
  counts.set(key, (counts.get(key) ?? 0) + 1);
};
for await (const chunk of createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1 << 18 })) {
  const parts = (rest + chunk).split('\n');
  rest = parts.pop();
  for (const p of parts) take(p);
}
if (rest) take(rest);
console.log(counts.size, 'templates from', lines, 'lines');
`;

interface Measured {
  wallS: number;
  cpuS: number;
  rssMb: number;
  stdout: string;
}

const haveGnuTime = existsSync('/usr/bin/time');
const pin = !args.includes('--no-pin') && existsSync('/usr/bin/taskset');

function parseClock(s: string): number {
  // h:mm:ss or m:ss(.ss)
  return s.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

async function measure(program: string, programArgs: string[]): Promise<Measured> {
  const [cmd, ...cmdArgs] = pin
    ? ['/usr/bin/taskset', '-c', '0', program, ...programArgs]
    : [program, ...programArgs];
  const argv = haveGnuTime ? ['-v', cmd!, ...cmdArgs] : cmdArgs;
  const started = performance.now();
  const child = spawn(haveGnuTime ? '/usr/bin/time' : cmd!, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.length > 1 << 20) stdout = stdout.slice(-4096);
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let peakKb = 0;
  // Without GNU time: poll the high-water mark; /usr/bin/time is exact, this may miss a late peak.
  const poll = haveGnuTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) peakKb = Math.max(peakKb, Number(m[1]));
        } catch {
          // process already gone
        }
      }, 20);
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (poll) clearInterval(poll);
  const wallMeasured = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  if (!haveGnuTime) return { wallS: wallMeasured, cpuS: Number.NaN, rssMb: peakKb / 1024, stdout };
  const field = (label: string) => {
    const m = new RegExp(`${label}: (.+)`).exec(stderr);
    if (!m) throw new Error(`GNU time output lacks "${label}"`);
    return m[1]!.trim();
  };
  return {
    wallS: parseClock(field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')),
    cpuS: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    rssMb: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    stdout,
  };
}

async function best(label: string, cmd: string, cmdArgs: string[]): Promise<Measured> {
  const runs: Measured[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(cmd, cmdArgs));
  const b = runs.reduce((a, r) => (r.wallS < a.wallS ? r : a));
  const summary = b.stdout.trim().split('\n').at(-1) ?? '';
  console.error(`  ${label}: ${runs.map((r) => `${r.wallS.toFixed(2)}s`).join(', ')}  → "${summary}"`);
  return b;
}

console.error(`generating ${LINES} lines → ${path.relative(repoRoot, logFile)}`);
const bytes = await writeSyntheticLog(logFile, { lines: LINES });
console.error(`  ${(bytes / 1024 / 1024).toFixed(1)} MB`);
console.error('building dist/cli.js (node scripts/build.mjs)');
const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs')], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(1);
const pyFile = path.join(workDir, 'naive.py');
const jsFile = path.join(workDir, 'naive.mjs');
writeFileSync(pyFile, NAIVE_PY);
writeFileSync(jsFile, NAIVE_JS);

console.error(
  `measuring, best of ${RUNS} (GNU time: ${haveGnuTime ? 'yes' : 'no, polling /proc'}; pinned to the idlest CPU: ${pin ? 'yes' : 'no'})`,
);
const ours = await best('shipwatch templates', process.execPath, [
  path.join(repoRoot, 'dist/cli.js'),
  'templates',
  logFile,
]);
const py = await best('naive python', 'python3', [pyFile, logFile]);
const js = await best('naive node', process.execPath, [jsFile, logFile]);

const rate = (s: number) => Math.round(LINES / s).toLocaleString('en-US');
const row = (name: string, m: Measured) =>
  `${name.padEnd(22)} ${rate(m.wallS).padStart(10)}  ${(Number.isNaN(m.cpuS) ? 'n/a' : rate(m.cpuS)).padStart(10)}  ${m.rssMb.toFixed(0).padStart(7)}  ${m.wallS.toFixed(2).padStart(6)}`;
console.log(
  `${LINES.toLocaleString('en-US')} lines, ${(bytes / 1024 / 1024).toFixed(1)} MB synthetic GitHub job log`,
);
console.log(
  `${'program'.padEnd(22)} ${'lines/s'.padStart(10)}  ${'lines/cpu-s'.padStart(10)}  ${'RSS MB'.padStart(7)}  ${'wall s'.padStart(6)}`,
);
console.log(row('shipwatch templates', ours));
console.log(row('naive (python re)', py));
console.log(row('naive (node)', js));
const speedup = py.wallS / ours.wallS;
const speedupJs = js.wallS / ours.wallS;
console.log(
  `speed-up over naive, wall time: ${speedup.toFixed(2)}× (python), ${speedupJs.toFixed(2)}× (node)`,
);
if (!Number.isNaN(ours.cpuS)) {
  console.log(
    `speed-up over naive, CPU time:  ${(py.cpuS / ours.cpuS).toFixed(2)}× (python), ${(js.cpuS / ours.cpuS).toFixed(2)}× (node)`,
  );
}
const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
console.log(
  `goals (wall): ≥300,000 lines/s ${met(LINES / ours.wallS >= 300_000)}; ≤256 MB RSS ${met(ours.rssMb <= 256)}; ≥1.5× naive python ${met(speedup >= 1.5)}`,
);
if (!keep) rmSync(logFile, { force: true });
