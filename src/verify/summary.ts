/** @module The summary counts and the `Summary:` line; `ok` decides exit 0. Pure. */
import type { ChannelResult, ClaimRow, IntegrityFinding, VerifySummary } from './types.ts';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function summarize(
  channels: readonly ChannelResult[],
  integrity: readonly IntegrityFinding[],
  claims: readonly ClaimRow[],
  /** Set when a run was given but its job conclusions could not be read. */
  claimsError?: string,
): { summary: VerifySummary; summaryLine: string; ok: boolean; outcome: 'ok' | 'problem' | 'unknown' } {
  const count = (v: string) => channels.filter((c) => c.observation.verdict === v).length;
  const summary: VerifySummary = {
    total: channels.length,
    present: count('present'),
    pending: count('pending'),
    absent: count('absent'),
    error: count('error'),
    integrityErrors: integrity.filter((f) => f.severity === 'error').length,
    integrityUnchecked: integrity.filter((f) => f.severity === 'unknown').length,
    contradictions: claims.filter((r) => r.flag === 'green-but-missing' || r.flag === 'red-but-published')
      .length,
  };
  const parts = [
    `${summary.present}/${summary.total} channels live`,
    `${summary.pending} pending`,
    `${summary.absent} missing`,
    plural(summary.error, 'error'),
  ];
  if (summary.integrityErrors > 0) parts.push(plural(summary.integrityErrors, 'integrity problem'));
  if (summary.integrityUnchecked > 0) {
    const why = [
      ...new Set(integrity.flatMap((f) => (f.severity === 'unknown' && f.unchecked ? [f.unchecked] : []))),
    ];
    parts.push(`integrity not checked${why.length ? `: ${why.join('; ')}` : ''}`);
  }
  if (summary.contradictions > 0) parts.push(plural(summary.contradictions, 'job contradiction'));
  if (claimsError !== undefined) parts.push('job conclusions unavailable');
  const allExpectedLive = channels.every((c) => !c.expected || c.observation.verdict === 'present');
  // Asked for claimed vs actual and did not get it: not a clean bill of health.
  const ok =
    allExpectedLive &&
    summary.integrityErrors === 0 &&
    summary.integrityUnchecked === 0 &&
    claimsError === undefined;
  const knownWrong =
    channels.some(
      (c) => c.expected && (c.observation.verdict === 'absent' || c.observation.verdict === 'pending'),
    ) ||
    summary.integrityErrors > 0 ||
    summary.contradictions > 0;
  return {
    summary,
    summaryLine: `Summary: ${parts.join(', ')}`,
    ok,
    // An error is never a "missing": when errors are all that stands between us and ok, say "unknown".
    outcome: ok ? 'ok' : knownWrong ? 'problem' : 'unknown',
  };
}
