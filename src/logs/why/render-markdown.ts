/**
 * @module Markdown rendering of a Diagnosis (job summaries, issue comments); same order as the text
 * view. Input with several jobs: a table of the jobs, then a section per job that has something to
 * say, in log order, citing `job › L123`.
 */
import type { Cause, Diagnosis, EvidenceLine, JobDiagnosis } from './types.ts';

/** How line numbers are written: bare `L16`, or `job › L16` when the input has several jobs. */
type LineLabel = (line: number, job: string | undefined) => string;
const bare: LineLabel = (line) => `L${line}`;
const withJob: LineLabel = (line, job) => (job !== undefined ? `${job} › L${line}` : `L${line}`);

const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('`', "'");

function fence(lines: EvidenceLine[], label: LineLabel): string[] {
  const body = lines.map((l) => `${label(l.line, l.job)}  ${l.text}`).join('\n');
  const ticks = body.includes('```') ? '````' : '```';
  return [ticks, body, ticks];
}

function cause(x: Cause, h: string, label: LineLabel): string[] {
  const out = [
    `${h} ${x.title}`,
    '',
    `Category \`${x.category}\`, signature \`${x.signature}\`${x.step ? `, step \`${x.step}\`` : ''}.`,
    '',
  ];
  if (x.explanation) out.push(x.explanation, '');
  out.push(`**Fix:** ${x.remedy}`, '', 'Evidence:', '', ...fence(x.evidence, label), '');
  if (x.consequences.length > 0)
    out.push('Consequences (not causes of their own):', '', ...fence(x.consequences, label), '');
  return out;
}

/** Everything after the verdict heading; `h` is the heading level of each cause. */
function body(d: Omit<Diagnosis, 'jobs'>, h: string, label: LineLabel, inJob: boolean): string[] {
  const out: string[] = [];
  if (d.failingStep) {
    const s = d.failingStep;
    out.push(
      `**Failing step:** \`${s.name}\`${s.inferred ? ' (inferred)' : ''} - ${s.exitCode === null ? 'exit code not shown' : `exit code ${s.exitCode}`}, lines ${s.startLine}-${s.endLine}${s.job && !inJob ? ` (job \`${s.job}\`)` : ''}`,
      '',
    );
  }
  const known = d.causes.filter((x) => x.signature !== 'unknown-failure');
  if (known.length > 0 && d.verdict === 'succeeded') {
    out.push(
      '> The job succeeded, but these problems were found; check that they did not skip work (e.g. a publish).',
      '',
    );
  }
  for (const x of known) out.push(...cause(x, h, label));
  if (d.noise.length > 0) {
    out.push(
      `${h} Noise (not the cause)`,
      '',
      '| count | template | first line | why it is harmless |',
      '|---:|---|---:|---|',
    );
    for (const n of d.noise) {
      out.push(
        `| ${n.count} | \`${esc(n.template)}\` | ${esc(label(n.firstLine, n.job).replace(/^L/, ''))} | ${esc(n.reason)} |`,
      );
    }
    out.push('');
  }
  for (const x of d.causes.filter((y) => y.signature === 'unknown-failure')) out.push(...cause(x, h, label));
  if (d.notes?.length) out.push(...d.notes.map((n) => `> ${n}`), '');
  return out;
}

function jobs(d: Diagnosis, list: JobDiagnosis[]): string[] {
  const failed = list.filter((j) => j.verdict === 'failed').length;
  const out = [
    `## Verdict: ${d.verdict} (${failed} of ${list.length} jobs failed)`,
    '',
    '| job | verdict | failing step | cause |',
    '|---|---|---|---|',
  ];
  for (const j of list) {
    const step = j.failingStep ? `\`${esc(j.failingStep.name)}\`` : '';
    out.push(`| \`${esc(j.job)}\` | ${j.verdict} | ${step} | ${esc(j.causes[0]?.title ?? '')} |`);
  }
  out.push('');
  if (d.notes?.length) out.push(...d.notes.map((n) => `> ${n}`), '');
  // A job with nothing to say (green, no findings) has its row in the table and no section.
  for (const j of list) {
    const b = body(j, '###', withJob, true);
    if (b.length > 0) out.push(`## Job \`${esc(j.job)}\`: ${j.verdict}`, '', ...b);
  }
  return out;
}

export function renderMarkdown(d: Diagnosis): string {
  const out =
    d.jobs && d.jobs.length > 1
      ? jobs(d, d.jobs)
      : [`## Verdict: ${d.verdict}`, '', ...body(d, '###', bare, false)];
  return `${out.join('\n').trimEnd()}\n`;
}
