/**
 * @module Terminal rendering of a Diagnosis, in the order a reader needs it: verdict → failing step →
 * causes (evidence cited `L123`) → noise → the unknown-failure fallback → notes.
 */
import type { Cause, Diagnosis, EvidenceLine } from './types.ts';

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

function clip(s: string): string {
  if (s.length <= MAX_LINE) return s;
  // Keep both ends: error lines often end with the part that matters (`409 Conflict`, `exit status 137`).
  const head = Math.ceil(MAX_LINE * 0.55);
  return `${s.slice(0, head)} … ${s.slice(s.length - (MAX_LINE - head - 3))}`;
}

function cite(lines: EvidenceLine[], c: TextColors, indent: string): string[] {
  const width = String(lines.reduce((m, l) => Math.max(m, l.line), 0)).length + 1;
  return lines.map((l) => `${indent}${c.gray(`L${l.line}`.padStart(width + 1))}  ${clip(l.text)}`);
}

function renderCause(cause: Cause, index: number, c: TextColors): string[] {
  const out = [`${c.bold(`${index}. ${cause.title}`)}  ${c.gray(`[${cause.category}; ${cause.signature}]`)}`];
  if (cause.explanation) out.push(`   ${cause.explanation}`);
  out.push(`   ${c.bold('Fix:')} ${cause.remedy}`);
  out.push(`   Evidence${cause.step ? ` (step "${cause.step}")` : ''}:`);
  const shown =
    cause.evidence.length > MAX_SHOWN
      ? [...cause.evidence.slice(0, MAX_SHOWN - 2), ...cause.evidence.slice(-2)]
      : cause.evidence;
  out.push(...cite(shown, c, '   '));
  const total = Math.max(cause.matchedLines ?? 0, cause.evidence.length);
  if (total > shown.length)
    out.push(c.gray(`   … ${total} cited/matching lines in all (--json lists the cited ones)`));
  if (cause.consequences.length > 0) {
    out.push('   Consequences (follow from the above, not causes of their own):');
    out.push(...cite(cause.consequences, c, '   '));
  }
  return out;
}

export function renderText(d: Diagnosis, colors: TextColors = plain): string {
  const c = colors;
  const out: string[] = [];
  const verdict =
    d.verdict === 'failed'
      ? c.red('FAILED')
      : d.verdict === 'succeeded'
        ? c.green('SUCCEEDED')
        : c.yellow('UNKNOWN');
  out.push(
    `${c.bold('Verdict:')} ${verdict}${d.verdict === 'unknown' ? ' (the log does not say how the job ended)' : ''}`,
  );
  if (d.failingStep) {
    const s = d.failingStep;
    const exit = s.exitCode === null ? 'exit code not shown' : `exit code ${s.exitCode}`;
    out.push(
      `${c.bold('Failing step:')} ${s.name}${s.inferred ? c.gray(' (inferred: no step markers)') : ''} - ${exit}, lines ${s.startLine}-${s.endLine}${s.job ? ` (job ${s.job})` : ''}`,
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
      out.push(...renderCause(x, i + 1, c));
    });
  }
  if (d.noise.length > 0) {
    out.push('', c.bold('Noise (alarming, but not the cause):'));
    for (const n of d.noise) {
      out.push(`  ${c.bold(`${n.count}×`)} ${clip(n.template)}  ${c.gray(`(first L${n.firstLine})`)}`);
      out.push(`     ${c.dim(n.reason)}`);
    }
  }
  for (const x of unknown) {
    out.push('', c.bold('Unrecognised failure:'), ...renderCause(x, 1, c).slice(1));
  }
  if (d.causes.length === 0 && d.verdict !== 'succeeded') out.push('', c.gray('No cause found in this log.'));
  if (d.notes?.length) out.push('', ...d.notes.map((n) => c.gray(`Note: ${n}`)));
  return `${out.join('\n')}\n`;
}
