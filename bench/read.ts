/**
 * Throughput of the log reader alone (`openLog`), on a generated 1,000,000-line GitHub Actions job log
 * (timestamps, ~60% setup-go tar noise, groups, ANSI command echoes, errors), beside a baseline
 * measured in the same run: node:readline over the same file, only counting lines (no parsing).
 *
 *   npx tsx bench/read.ts [lines]
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { openLog } from '../src/logs/read/open-log.ts';

const total = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-bench-read-'));
const file = path.join(dir, 'job.log');

async function generate(): Promise<void> {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const out = createWriteStream(file);
  let chunk = '';
  for (let i = 0; i < total; i++) {
    const ts = `2025-08-20T21:${String(Math.floor(i / 60000) % 60).padStart(2, '0')}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}.${String(i % 10_000_000).padStart(7, '0')}Z `;
    const r = rand();
    const text =
      r < 0.6
        ? `/usr/bin/tar: ../../../go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.6.linux-amd64/src/pkg${Math.floor(rand() * 500)}/f${i}.go: Cannot open: File exists`
        : r < 0.63
          ? '##[group]Run go build ./...'
          : r < 0.66
            ? '##[endgroup]'
            : r < 0.7
              ? '\x1b[36;1mnpm ci --no-audit\x1b[0m'
              : r < 0.71
                ? '##[error]Process completed with exit code 1.'
                : `go: downloading github.com/acme/mod${Math.floor(rand() * 900)} v1.${i % 40}.0`;
    chunk += `${ts}${text}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function measure(name: string, run: () => Promise<number>): Promise<void> {
  const t0 = performance.now();
  const lines = await run();
  const s = (performance.now() - t0) / 1000;
  const mb = statSync(file).size / 1e6;
  console.log(
    `${name.padEnd(34)} ${String(lines).padStart(9)} lines  ${(lines / s / 1000).toFixed(0).padStart(6)}k lines/s  ${(mb / s).toFixed(0).padStart(4)} MB/s`,
  );
}

await generate();
console.log(`file: ${total} lines, ${(statSync(file).size / 1e6).toFixed(1)} MB`);
await measure('baseline: readline, count only', async () => {
  let n = 0;
  for await (const _ of createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  }))
    n++;
  return n;
});
await measure('openLog, for await of lines', async () => {
  const opened = await openLog(file);
  let n = 0;
  for await (const l of opened.lines) if (l.n > 0) n++;
  return n;
});
await measure('openLog, for await of batches', async () => {
  const opened = await openLog(file);
  let n = 0;
  for await (const b of opened.batches) n += b.length;
  return n;
});
await measure('openLog plain, for await of lines', async () => {
  const opened = await openLog(file, { plain: true });
  let n = 0;
  for await (const l of opened.lines) if (l.n > 0) n++;
  return n;
});
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
rmSync(dir, { recursive: true, force: true });
