/**
 * @module Writes a job's log in GitHub's format (28-char timestamps, `##[group]`, `##[error]`) from the
 * plan and the scenario's compact log descriptions. Deterministic: same scenario, same bytes.
 */
import { createHash } from 'node:crypto';
import type { LogEntry } from './scenario-schema.ts';
import type { JobPlan, StepPlan } from './timeline.ts';

interface Line {
  /** Seconds from the scenario origin. */
  t: number;
  text: string;
}

/** `2025-08-20T21:04:54.4888123Z`: 7 fractional digits, always 28 characters. */
export function formatLogTimestamp(epochMs: number): string {
  const ticks = Math.round(epochMs * 1e4);
  const ms = Math.floor(ticks / 1e4);
  const fraction = String(ticks % 1e7).padStart(7, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Small seeded PRNG (mulberry32) so generated noise is varied but reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const GO_DIRS = [
  'runtime',
  'fmt',
  'bufio',
  'time',
  'internal/runtime/atomic',
  'internal/runtime/sys',
  'internal/syscall/unix',
  'internal/trace/testdata',
  'internal/coverage/decodemeta',
  'crypto/tls/testdata',
  'crypto/internal/fips140/aes',
  'crypto/x509',
  'cmd/go/testdata/script',
  'net/http',
  'go/types',
  'syscall',
  'os/exec',
];
const GO_STEMS = [
  'defs',
  'os',
  'signal',
  'atomic',
  'mem',
  'sys',
  'asm',
  'zerrors',
  'stubs',
  'handshake',
  'mod_get',
];
const GO_OSES = ['linux', 'darwin', 'openbsd', 'freebsd', 'solaris', 'windows', 'wasip1', 'aix', 'netbsd'];
const GO_ARCHES = ['amd64', 'arm64', 'ppc64x', 's390x', 'loong64', 'riscv64', '386', 'mips64x'];
const GO_EXTS = ['.go', '.go', '.go', '_test.go', '.s', '.txt'];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function expand(template: string, n: number, random: () => number): string {
  return template.replace(
    /\{(n|gosrc|hex:(\d+)|pick:([^}]*))\}/g,
    (_m, kind: string, hex?: string, choices?: string) => {
      if (kind === 'n') return String(n);
      if (kind === 'gosrc') {
        const file = `${pick(GO_STEMS, random)}_${pick(GO_OSES, random)}_${pick(GO_ARCHES, random)}${pick(GO_EXTS, random)}`;
        return `src/${pick(GO_DIRS, random)}/${file}`;
      }
      if (hex !== undefined) {
        let out = '';
        for (let i = 0; i < Number(hex); i++) out += Math.floor(random() * 16).toString(16);
        return out;
      }
      return pick((choices ?? '').split('|'), random);
    },
  );
}

function actionSha(uses: string): string {
  return createHash('sha1').update(uses).digest('hex');
}

function runnerPreamble(job: JobPlan): string[] {
  const runsOn = job.runsOn;
  const os = runsOn.startsWith('windows')
    ? ['Microsoft Windows Server 2022', '10.0.20348', 'Datacenter']
    : runsOn.startsWith('macos')
      ? ['macOS', '14.7.6', '23H626']
      : ['Ubuntu', '24.04.3', 'LTS'];
  const image = runsOn.startsWith('windows')
    ? 'windows-2022'
    : runsOn.startsWith('macos')
      ? 'macos-14-arm64'
      : 'ubuntu-24.04';
  const actions = [
    ...new Set(job.steps.flatMap((s) => (s.kind === 'user' && s.spec?.uses ? [s.spec.uses] : []))),
  ];
  return [
    "Current runner version: '2.328.0'",
    `Runner name: 'GitHub Actions ${job.runnerNumber}'`,
    `Machine name: 'runnervm${String(job.runnerNumber).padStart(4, '0')}'`,
    '##[group]Operating System',
    ...os,
    '##[endgroup]',
    '##[group]Runner Image',
    `Image: ${image}`,
    'Version: 20250818.1.0',
    '##[endgroup]',
    '##[group]GITHUB_TOKEN Permissions',
    'Contents: write',
    'Metadata: read',
    'Packages: write',
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    'Getting action download info',
    ...actions.map((a) => `Download action repository '${a}' (SHA:${actionSha(a)})`),
    `Complete job name: ${job.name}`,
  ];
}

function shellLine(job: JobPlan): string {
  if (job.runsOn.startsWith('windows'))
    return 'shell: C:\\Program Files\\PowerShell\\7\\pwsh.EXE -command ". \'{0}\'"';
  return 'shell: /usr/bin/bash -e {0}';
}

function stepHeader(job: JobPlan, step: StepPlan): string[] {
  const spec = step.spec!;
  if (spec.uses) {
    const inputs = Object.entries(spec.with ?? {}).map(([k, v]) => `  ${k}: ${String(v)}`);
    return [`##[group]Run ${spec.uses}`, ...(inputs.length ? ['with:', ...inputs] : []), '##[endgroup]'];
  }
  const script = (spec.run ?? '').replace(/\n+$/, '').split('\n');
  const first = script.find((l) => l.trim() !== '')?.trim() ?? '';
  return [
    `##[group]Run ${first}`,
    ...script.map((l) => `\u001b[36;1m${l}\u001b[0m`),
    shellLine(job),
    '##[endgroup]',
  ];
}

function entryLines(entries: readonly LogEntry[], seed: number): { offset: number; text: string }[] {
  const random = seededRandom(seed);
  const out: { offset: number; text: string }[] = [];
  let cursor = 0.05;
  for (const entry of entries) {
    if (entry.at !== undefined) cursor = Math.max(cursor, entry.at);
    const texts =
      entry.text !== undefined
        ? entry.text.replace(/\n$/, '').split('\n')
        : Array.from({ length: entry.repeat ?? 1 }, (_v, i) => expand(entry.line!, i + 1, random));
    const within = entry.within ?? Math.min(0.5, texts.length * 0.002);
    texts.forEach((text, i) => {
      out.push({ offset: cursor + (texts.length > 1 ? (within * i) / texts.length : 0), text });
    });
    cursor += within + 0.001;
  }
  return out;
}

/** Lines of one step, with times clamped inside the step (steps report whole seconds). */
function stepLines(job: JobPlan, step: StepPlan): Line[] {
  if (step.conclusion === 'skipped') return [];
  const duration = Math.max(step.end - step.start, 0.5);
  const fitInto = (items: { offset: number; text: string }[]): Line[] => {
    const last = items.at(-1)?.offset ?? 0;
    const scale = last > duration * 0.95 ? (duration * 0.95) / last : 1;
    return items.map((item) => ({ t: step.start + item.offset * scale, text: item.text }));
  };
  const spaced = (texts: string[], from = 0.001, gap = 0.0031) =>
    texts.map((text, i) => ({ offset: from + i * gap, text }));
  if (step.kind === 'setup') return fitInto(spaced(runnerPreamble(job), 0.001, 0.05));
  if (step.kind === 'complete') return fitInto(spaced(['Cleaning up orphan processes'], 0.02));
  if (step.kind === 'post') {
    const uses = step.spec?.uses ?? '';
    const extra = uses.startsWith('actions/checkout')
      ? [
          job.runsOn.startsWith('windows')
            ? '[command]"C:\\Program Files\\Git\\bin\\git.exe" version'
            : '[command]/usr/bin/git version',
          'git version 2.51.0',
          'Temporarily overriding HOME for cleanup',
        ]
      : [];
    return fitInto(spaced(['Post job cleanup.', ...extra], 0.01));
  }
  const spec = step.spec!;
  const header = spaced(stepHeader(job, step));
  const body = entryLines(spec.log, job.id * 31 + step.number).map((l) => ({
    offset: l.offset + header.length * 0.0031,
    text: l.text,
  }));
  const tail: { offset: number; text: string }[] = [];
  if (step.conclusion === 'cancelled') {
    const last = body.at(-1)?.offset ?? header.at(-1)!.offset;
    tail.push({ offset: last + 0.012, text: '##[error]The operation was canceled.' });
  }
  if (step.conclusion === 'failure') {
    const last = body.at(-1)?.offset ?? header.at(-1)!.offset;
    const message = spec.uses
      ? (spec.error ?? `The process failed with exit code ${spec.exitCode}`)
      : `Process completed with exit code ${spec.exitCode}.`;
    tail.push({ offset: last + 0.012, text: `##[error]${message}` });
  }
  return fitInto([...header, ...body, ...tail]);
}

/** The whole job log (what `/actions/jobs/{id}/logs` redirects to), lines joined with `\n`. */
export function jobLogText(job: JobPlan, origin: number): string {
  if (job.spec.rawLog !== undefined) return job.spec.rawLog;
  const parts: string[] = [];
  for (const step of job.steps) {
    for (const line of stepLines(job, step))
      parts.push(`${formatLogTimestamp(origin + line.t * 1000)} ${line.text}`);
  }
  return `${parts.join('\n')}\n`;
}

/** `##[error]` and `##[warning]` lines become check-run annotations, as on GitHub. */
export function annotationsFromLog(text: string): { level: 'failure' | 'warning'; message: string }[] {
  const out: { level: 'failure' | 'warning'; message: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\S{28} ##\[(error|warning)\](.*)$/.exec(line);
    if (m) out.push({ level: m[1] === 'error' ? 'failure' : 'warning', message: m[2]! });
  }
  return out;
}

/** Step logs split out (for the run-logs zip): `{ step number, name, text }`. */
export function stepLogTexts(job: JobPlan, origin: number): { number: number; name: string; text: string }[] {
  // A verbatim log has no known step boundaries; GitHub's archives also omit step files at times.
  if (job.spec.rawLog !== undefined) return [];
  return job.steps
    .filter((s) => s.conclusion !== 'skipped')
    .map((step) => ({
      number: step.number,
      name: step.name,
      text: `${stepLines(job, step)
        .map((l) => `${formatLogTimestamp(origin + l.t * 1000)} ${l.text}`)
        .join('\n')}\n`,
    }));
}
