/**
 * @module Terminal rendering of a Diagnosis, in the order a reader needs it: verdict → failing step →
 * causes (evidence cited `L123`) → noise → the unknown-failure fallback → notes. Input with several
 * jobs: a summary line, then the same for each job in log order, citing `job › L123` (line numbers
 * restart in each job's file, so a bare `L16` would be ambiguous).
 */
import type { Cause, Diagnosis, EvidenceLine, JobDiagnosis } from './types.ts';
import { printableLine } from '../../shared/printable.ts';

/** Colour functions (identity when colour is off). */
export interface TextColors {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  gray(s: string): string;
}

const plain: TextColors = {
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
  bold: (s) => s,
  dim: (s) => s,
  gray: (s) => s,
};
const MAX_LINE = 220;
/** Evidence lines shown per cause in the terminal (the JSON has them all). */
const MAX_SHOWN = 8;

/** How line numbers are written: bare `L16`, or `job › L16` when the input has several jobs. */
type LineLabel = (line: number, job: string | undefined) => string;
const bare: LineLabel = (line) => `L${line}`;
const withJob: LineLabel = (line, job) =>
  job !== undefined ? `${printableLine(job)} › L${line}` : `L${line}`;

/** A log line for the terminal: printable (a log can carry a bell or a stray C1 control), then clipped. */
function clip(raw: string): string {
  const s = printableLine(raw);
  if (s.length <= MAX_LINE) return s;
  // Keep both ends: error lines often end with the part that matters (`409 Conflict`, `exit status 137`).
  const head = Math.ceil(MAX_LINE * 0.55);
  return `${s.slice(0, head)} … ${s.slice(s.length - (MAX_LINE - head - 3))}`;
}

function cite(lines: EvidenceLine[], c: TextColors, indent: string, label: LineLabel): string[] {
  const labels = lines.map((l) => label(l.line, l.job));
  const width = labels.reduce((m, l) => Math.max(m, l.length), 0) + 1;
  return lines.map((l, i) => `${indent}${c.gray(labels[i]!.padStart(width))}  ${clip(l.text)}`);
}

function renderCause(cause: Cause, index: number, c: TextColors, label: LineLabel): string[] {
  const out = [`${c.bold(`${index}. ${cause.title}`)}  ${c.gray(`[${cause.category}; ${cause.signature}]`)}`];
  if (cause.explanation) out.push(`   ${cause.explanation}`);
  out.push(`   ${c.bold('Fix:')} ${cause.remedy}`);
  out.push(`   Evidence${cause.step ? ` (step "${cause.step}")` : ''}:`);
  const shown =
    cause.evidence.length > MAX_SHOWN
      ? [...cause.evidence.slice(0, MAX_SHOWN - 2), ...cause.evidence.slice(-2)]
      : cause.evidence;
  out.push(...cite(shown, c, '   ', label));
  const total = Math.max(cause.matchedLines ?? 0, cause.evidence.length);
  if (total > shown.length)
    out.push(c.gray(`   … ${total} cited/matching lines in all (--json lists the cited ones)`));
  if (cause.consequences.length > 0) {
    out.push('   Consequences (follow from the above, not causes of their own):');
    out.push(...cite(cause.consequences, c, '   ', label));
  }
  return out;
}

function verdictWord(v: Diagnosis['verdict'], c: TextColors): string {
  return v === 'failed' ? c.red('FAILED') : v === 'succeeded' ? c.green('SUCCEEDED') : c.yellow('UNKNOWN');
}

/** Everything after the verdict line, for one job (or a log that does not name jobs). */
function renderBody(d: Omit<Diagnosis, 'jobs'>, c: TextColors, label: LineLabel, inJob: boolean): string[] {
  const out: string[] = [];
  if (d.failingStep) {
    const s = d.failingStep;
    const exit = s.exitCode === null ? 'exit code not shown' : `exit code ${s.exitCode}`;
    out.push(
      `${c.bold('Failing step:')} ${printableLine(s.name)}${s.inferred ? c.gray(' (inferred: no step markers)') : ''} - ${exit}, lines ${s.startLine}-${s.endLine}${s.job && !inJob ? ` (job ${s.job})` : ''}`,
    );
  } else if (d.verdict !== 'succeeded') {
    out.push(`${c.bold('Failing step:')} ${c.gray('none named')}`);
  }
  const known = d.causes.filter((x) => x.signature !== 'unknown-failure');
  const unknown = d.causes.filter((x) => x.signature === 'unknown-failure');
  if (known.length > 0) {
    const heading =
      d.verdict === 'succeeded'
        ? 'Problems found although the job succeeded (check that they did not skip work, e.g. a publish):'
        : known.length === 1
          ? 'Cause:'
          : 'Causes (most likely first):';
    out.push('', c.bold(heading));
    known.forEach((x, i) => {
      out.push(...renderCause(x, i + 1, c, label));
    });
  }
  if (d.noise.length > 0) {
    out.push('', c.bold('Noise (alarming, but not the cause):'));
    for (const n of d.noise) {
      out.push(
        `  ${c.bold(`${n.count}×`)} ${clip(n.template)}  ${c.gray(`(first ${label(n.firstLine, n.job)})`)}`,
      );
      out.push(`     ${c.dim(n.reason)}`);
    }
  }
  for (const x of unknown) {
    out.push('', c.bold('Unrecognised failure:'), ...renderCause(x, 1, c, label).slice(1));
  }
  if (d.causes.length === 0 && d.verdict !== 'succeeded') out.push('', c.gray('No cause found in this log.'));
  if (d.notes?.length) out.push('', ...d.notes.map((n) => c.gray(`Note: ${n}`)));
  return out;
}

function renderJobs(d: Diagnosis, jobs: JobDiagnosis[], c: TextColors): string[] {
  const count = (v: Diagnosis['verdict']) => jobs.filter((j) => j.verdict === v).length;
  const failed = count('failed');
  const tally = [
    failed > 0 ? `${failed} failed` : '',
    count('unknown') > 0 ? `${count('unknown')} can't tell` : '',
    count('succeeded') > 0 ? `${count('succeeded')} succeeded` : '',
  ].filter(Boolean);
  const out = [
    `${c.bold('Verdict:')} ${verdictWord(d.verdict, c)} - ${jobs.length} jobs: ${tally.join(', ')}`,
  ];
  let quiet = false;
  for (const j of jobs) {
    const body = renderBody(j, c, withJob, true);
    // Jobs with nothing to say (a green job without findings) are one line each, not a section.
    if (body.length > 0 || !quiet) out.push('');
    out.push(c.bold(`━━ Job ${printableLine(j.job)}: ${verdictWord(j.verdict, c)}`), ...body);
    quiet = body.length === 0;
  }
  if (d.notes?.length) out.push('', ...d.notes.map((n) => c.gray(`Note: ${n}`)));
  return out;
}

export function renderText(d: Diagnosis, colors: TextColors = plain): string {
  const c = colors;
  if (d.jobs && d.jobs.length > 1) return `${renderJobs(d, d.jobs, c).join('\n')}\n`;
  const out = [
    `${c.bold('Verdict:')} ${verdictWord(d.verdict, c)}${d.verdict === 'unknown' ? ' (the log does not say how the job ended)' : ''}`,
    ...renderBody(d, c, bare, false),
  ];
  return `${out.join('\n')}\n`;
}
