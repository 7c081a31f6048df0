/**
 * The measured side of bench/verify.ts: runs only the verify core (no servers in this process) and
 * prints one JSON line with wall times and VmHWM. Bundled by the parent with esbuild, run with node.
 */
import { readFileSync } from 'node:fs';
import { parseConfigObject } from '../src/config/parse.ts';
import type { ResolvedConfig } from '../src/config/types.ts';
import { registries } from '../src/registries/index.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { verifyRelease } from '../src/verify/verify.ts';

interface Input {
  channels: Record<string, unknown>[];
  env: Record<string, string>;
}

function vmHwmKb(): number {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

const hwmAfterImport = vmHwmKb();
const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const parsed = parseConfigObject(
  { product: 'bench', timeoutMs: 5000, concurrency: 16, channels: input.channels },
  { file: 'bench', knownChannels: Object.keys(registries) },
);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const config = parsed.config;
/**
 * Experiment (BENCH_TRANSPORT=fetch): inject Node's fetch (undici) instead of leaving the global,
 * which selects the production node:http transport; shows what undici would cost.
 */
const undiciFetch = ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args)) as typeof fetch;

const ctx = {
  cwd: process.cwd(),
  env: input.env,
  fetch: process.env.BENCH_TRANSPORT === 'fetch' ? undiciFetch : globalThis.fetch,
  logger: silentLogger,
  now: Date.now,
};

async function timed(c: ResolvedConfig): Promise<{ ms: number; live: number; line: string }> {
  const start = performance.now();
  const report = await verifyRelease(ctx, { config: c, version: '0.0.0' });
  return { ms: performance.now() - start, live: report.summary.present, line: report.summaryLine };
}
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

await timed(config); // warm-up: module init, JIT, first sockets
const hwmBeforeRuns = vmHwmKb();
const full: number[] = [];
let summary = '';
for (let i = 0; i < 5; i++) {
  const r = await timed(config);
  full.push(r.ms);
  summary = r.line;
}
const hwmAfterParallel = vmHwmKb();
const singles: { name: string; ms: number }[] = [];
for (const channel of config.channels) {
  const one = { ...config, channels: [channel] };
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push((await timed(one)).ms);
  singles.push({ name: channel.name, ms: median(runs) });
}
const serial = (await timed({ ...config, concurrency: 1 })).ms;
process.stdout.write(
  `${JSON.stringify({ channels: config.channels.length, summary, fullMs: median(full), fullRuns: full, singles, serialMs: serial, hwmAfterImport, hwmBeforeRuns, hwmAfterParallel, hwmEnd: vmHwmKb() })}\n`,
);
