/** @module Markdown rendering of a Diagnosis (job summaries, issue comments); same order as the text view. */
import type { Cause, Diagnosis, EvidenceLine } from './types.ts';

function fence(lines: EvidenceLine[]): string[] {
  const body = lines.map((l) => `L${l.line}  ${l.text}`).join('\n');
  const ticks = body.includes('```') ? '````' : '```';
  return [ticks, body, ticks];
}

function cause(x: Cause): string[] {
  const out = [
    `### ${x.title}`,
    '',
    `Category \`${x.category}\`, signature \`${x.signature}\`${x.step ? `, step \`${x.step}\`` : ''}.`,
    '',
  ];
  if (x.explanation) out.push(x.explanation, '');
  out.push(`**Fix:** ${x.remedy}`, '', 'Evidence:', '', ...fence(x.evidence), '');
  if (x.consequences.length > 0)
    out.push('Consequences (not causes of their own):', '', ...fence(x.consequences), '');
  return out;
}

export function renderMarkdown(d: Diagnosis): string {
  const out = [`## Verdict: ${d.verdict}`, ''];
  if (d.failingStep) {
    const s = d.failingStep;
    out.push(
      `**Failing step:** \`${s.name}\`${s.inferred ? ' (inferred)' : ''} - ${s.exitCode === null ? 'exit code not shown' : `exit code ${s.exitCode}`}, lines ${s.startLine}-${s.endLine}${s.job ? ` (job \`${s.job}\`)` : ''}`,
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
  for (const x of known) out.push(...cause(x));
  if (d.noise.length > 0) {
    out.push(
      '### Noise (not the cause)',
      '',
      '| count | template | first line | why it is harmless |',
      '|---:|---|---:|---|',
    );
    for (const n of d.noise) {
      const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('`', "'");
      out.push(`| ${n.count} | \`${esc(n.template)}\` | ${n.firstLine} | ${esc(n.reason)} |`);
    }
    out.push('');
  }
  for (const x of d.causes.filter((y) => y.signature === 'unknown-failure')) out.push(...cause(x));
  if (d.notes?.length) out.push(...d.notes.map((n) => `> ${n}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}
