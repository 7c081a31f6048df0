/**
 * A synthetic GitHub Actions job log for the throughput bench: about 60% setup-go tar noise
 * (`/usr/bin/tar: ../../../go/pkg/mod/golang.org/toolchain@…/<varied path>: Cannot open: File exists`)
 * with varied paths, the rest npm/go build output, `##[group]` markers and errors, each line with a
 * runner timestamp. Deterministic (seeded), written in chunks (never the whole file in memory).
 *
 *   npx tsx bench/synthetic-log.ts <out-file> [lines]     (default 1,000,000 lines)
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Small deterministic PRNG (mulberry32) so every run measures the same bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIRS = ['src', 'cmd', 'internal', 'pkg', 'test', 'misc', 'lib', 'api', 'doc', 'runtime'];
const SUBDIRS = [
  'go',
  'types',
  'net',
  'http',
  'crypto',
  'tls',
  'syntax',
  'ssa',
  'link',
  'compile',
  'trace',
  'pprof',
];
const FILES = ['main', 'util', 'parse', 'export', 'decl', 'expr', 'stmt', 'walk', 'print', 'scan', 'hash'];
const EXTS = ['.go', '_test.go', '.s', '.txt', '.json', '.golden'];
const NPM_PACKAGES = [
  'lodash',
  'react',
  'typescript',
  'esbuild',
  'vitest',
  'commander',
  'zod',
  'yaml',
  'picocolors',
];
const GO_PACKAGES = ['net/http', 'encoding/json', 'context', 'sync', 'os/exec', 'path/filepath', 'strings'];

export interface SyntheticOptions {
  lines: number;
  seed?: number;
}

/** Yields the log a few thousand lines at a time (each chunk one string ending in `\n`). */
export function* syntheticLogChunks(options: SyntheticOptions): Generator<string> {
  const rand = prng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (n: number) => Math.floor(rand() * n);
  let ms = Date.UTC(2025, 7, 20, 21, 4, 54);
  let frac = 1234567;
  const stamp = () => {
    ms += int(3);
    frac = (frac + 7919) % 10_000_000;
    return `${new Date(ms).toISOString().slice(0, 19)}.${String(frac).padStart(7, '0')}Z `;
  };
  const tarPath = () => {
    const depth = 1 + int(4);
    const parts: string[] = [pick(DIRS)];
    for (let i = 0; i < depth; i++) parts.push(pick(SUBDIRS) + (rand() < 0.3 ? String(int(100)) : ''));
    parts.push(`${pick(FILES)}${rand() < 0.5 ? `_${int(1000)}` : ''}${pick(EXTS)}`);
    return parts.join('/');
  };
  const other = (): string => {
    const r = rand();
    if (r < 0.15)
      return `##[group]Run ${pick(['npm ci', 'npm run build', 'go build ./...', 'go test ./...', 'npm test'])}`;
    if (r < 0.25) return '##[endgroup]';
    if (r < 0.4)
      return `added ${1 + int(900)} packages, and audited ${1 + int(1000)} packages in ${1 + int(60)}s`;
    if (r < 0.5)
      return `npm warn deprecated ${pick(NPM_PACKAGES)}@${int(9)}.${int(20)}.${int(9)}: This version is no longer supported`;
    if (r < 0.6)
      return `go: downloading ${pick(['github.com', 'golang.org/x', 'gopkg.in'])}/${pick(FILES)}/${pick(SUBDIRS)} v${int(3)}.${int(40)}.${int(20)}`;
    if (r < 0.7) return `ok  \texample.com/app/${pick(GO_PACKAGES)}\t${(rand() * 9).toFixed(3)}s`;
    if (r < 0.78) return `> ${pick(NPM_PACKAGES)}@${int(9)}.${int(9)}.${int(9)} build`;
    if (r < 0.85) return `  dist/${pick(FILES)}.js  ${(rand() * 900).toFixed(1)}kb`;
    if (r < 0.9)
      return `##[error]src/${pick(FILES)}.ts(${1 + int(400)},${1 + int(80)}): error TS2322: Type 'string' is not assignable to type 'number'.`;
    if (r < 0.95)
      return `[command]/usr/bin/git fetch --depth=1 origin ${int(1e9).toString(16)}${int(1e9).toString(16)}`;
    return `##[error]Process completed with exit code ${1 + int(2)}.`;
  };
  const perChunk = 4096;
  for (let done = 0; done < options.lines; ) {
    const n = Math.min(perChunk, options.lines - done);
    let chunk = '';
    for (let i = 0; i < n; i++) {
      const text =
        rand() < 0.6
          ? `/usr/bin/tar: ../../../go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.6.linux-amd64/${tarPath()}: Cannot open: File exists`
          : other();
      chunk += `${stamp()}${text}\n`;
    }
    done += n;
    yield chunk;
  }
}

/** Writes the synthetic log to `file`; resolves with its size in bytes. */
export async function writeSyntheticLog(file: string, options: SyntheticOptions): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  for (const chunk of syntheticLogChunks(options)) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/synthetic-log.ts <out-file> [lines]');
    process.exit(2);
  }
  const lines = Number(process.argv[3] ?? 1_000_000);
  const bytes = await writeSyntheticLog(file, { lines });
  console.log(`${file}: ${lines} lines, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
}
