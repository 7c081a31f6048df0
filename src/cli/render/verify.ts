/** @module Views of a verify report: terminal table and GitHub-flavoured Markdown. No verdicts computed here. */
import type { Verdict } from '../../registries/types.ts';
import type { ChannelResult, VerifyReport } from '../../verify/types.ts';
import { printableLine as safe } from '../../shared/printable.ts';
import type { Colors } from '../io.ts';

const MARK: Record<Verdict, string> = {
  present: 'live',
  pending: 'pending',
  absent: 'MISSING',
  error: 'ERROR',
};

function when(iso: string | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  // Not a date: shown as received, made printable (it comes from the registry).
  return Number.isNaN(d.getTime()) ? safe(iso) : `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

function evidence(row: ChannelResult): string {
  const o = row.observation;
  const parts: string[] = [];
  const artifacts = o.artifacts ?? [];
  if (o.verdict === 'present' || o.verdict === 'pending') {
    const summed = artifacts.filter((a) => a.sha256).length;
    if (artifacts.length > 0) {
      parts.push(
        `${artifacts.length} artifact${artifacts.length === 1 ? '' : 's'}${summed ? `, ${summed} sha256` : ''}`,
      );
    }
  }
  if (o.reason) parts.push(safe(o.reason));
  if (!row.expected && o.verdict !== 'present') parts.push('(optional)');
  return parts.join('; ') || '-';
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

function colorVerdict(v: Verdict, text: string, c: Colors): string {
  return v === 'present' ? c.green(text) : v === 'pending' ? c.yellow(text) : c.red(text);
}

export function renderVerifyText(report: VerifyReport, c: Colors): string {
  const rows = report.channels.map((r) => ({
    name: safe(r.name),
    verdict: r.observation.verdict,
    time: when(r.observation.publishedAt),
    evidence: evidence(r),
  }));
  const w1 = Math.max(7, ...rows.map((r) => r.name.length));
  const w3 = Math.max(4, ...rows.map((r) => r.time.length));
  const lines = [
    c.bold(safe(`${report.product} ${report.version} (tag ${report.tag})`)),
    '',
    c.dim(`${pad('CHANNEL', w1)}  ${pad('VERDICT', 7)}  ${pad('TIME', w3)}  EVIDENCE`),
  ];
  for (const r of rows) {
    lines.push(
      `${pad(r.name, w1)}  ${colorVerdict(r.verdict, pad(MARK[r.verdict], 7), c)}  ${pad(r.time, w3)}  ${r.evidence}`,
    );
  }
  const problems = report.integrity.filter((f) => f.severity !== 'ok');
  const verified = report.integrity.length - problems.length;
  if (report.integrity.length > 0) {
    lines.push(
      '',
      c.bold(`Integrity (release asset digests): ${verified} verified, ${problems.length} finding(s)`),
    );
    for (const f of problems) {
      const tag = f.severity === 'error' ? c.red(f.kind) : c.yellow(f.kind);
      lines.push(`  ${tag}  ${safe(f.channel)}: ${safe(f.message)}`, c.dim(`      ${safe(f.url)}`));
    }
  }
  if (report.claims) {
    lines.push('', c.bold(`Claimed vs actual (run ${report.claims.runId})`));
    if (report.claims.error) lines.push(c.red(`  unavailable: ${safe(report.claims.error)}`));
    const wj = Math.max(3, ...report.claims.rows.map((r) => r.job.length));
    for (const r of report.claims.rows) {
      const bad = r.flag === 'green-but-missing' || r.flag === 'red-but-published';
      const text = `  ${pad(safe(r.channel), w1)}  ${pad(safe(r.job), wj)}  ${pad(safe(r.conclusion), 9)} → ${pad(r.verdict, 7)}  ${safe(r.message)}`;
      lines.push(bad ? c.red(text) : text);
    }
  }
  lines.push('', report.ok ? c.green(report.summaryLine) : c.red(report.summaryLine));
  return `${lines.join('\n')}\n`;
}

/**
 * A table cell of GitHub-flavoured Markdown from external text: printable, pipes escaped, and no raw
 * HTML, links, images or code spans a registry could slip into $GITHUB_STEP_SUMMARY.
 */
const cell = (s: string): string =>
  safe(s).replace(/[\\`*_[\]<>|!]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `\\${ch}`));

export function renderVerifyMarkdown(report: VerifyReport): string {
  const icon: Record<Verdict, string> = {
    present: '✅ live',
    pending: '⏳ pending',
    absent: '❌ missing',
    error: '⚠️ error',
  };
  const lines = [
    `### ${cell(report.product)} ${cell(report.version)} — what really shipped`,
    '',
    '| Channel | Verdict | Published | Evidence |',
    '|---|---|---|---|',
    ...report.channels.map(
      (r) =>
        `| ${cell(r.name)} | ${icon[r.observation.verdict]} | ${cell(when(r.observation.publishedAt))} | ${cell(evidence(r))} |`,
    ),
  ];
  const problems = report.integrity.filter((f) => f.severity !== 'ok');
  if (report.integrity.length > 0) {
    lines.push(
      '',
      `**Integrity:** ${report.integrity.length - problems.length} verified against release asset digests.`,
    );
    for (const f of problems)
      lines.push(
        `- ${f.severity === 'error' ? '❌' : '⚠️'} \`${f.kind}\` ${cell(f.channel)}: ${cell(f.message)}`,
      );
  }
  if (report.claims) {
    lines.push(
      '',
      `**Claimed vs actual** (run ${report.claims.runId})`,
      '',
      ...(report.claims.error
        ? [`⚠️ unavailable: ${cell(report.claims.error)}`]
        : ['| Channel | Job | Conclusion | Verdict | Note |', '|---|---|---|---|---|']),
    );
    for (const r of report.claims.rows) {
      const flag = r.flag === 'green-but-missing' || r.flag === 'red-but-published' ? '❌ ' : '';
      lines.push(
        `| ${cell(r.channel)} | ${cell(r.job)} | ${cell(r.conclusion)} | ${r.verdict} | ${flag}${cell(r.message)} |`,
      );
    }
  }
  lines.push('', `**${report.summaryLine}**`);
  return `${lines.join('\n')}\n`;
}
