/**
 * @module Small text helpers shared by the terminal views.
 */
import type { Colors } from '../../cli/io.ts';
import type { JobRole } from '../analysis.ts';
import type { JobView, RequestsView } from '../events.ts';

/** A wait as the user reads it: `39.5 s`, `4 s` (waits come from float arithmetic on clocks). */
export function formatWait(sec: number): string {
  return `${Math.round(sec * 10) / 10} s`;
}

export function formatDuration(sec: number | null): string {
  if (sec === null) return '';
  const m = Math.floor(sec / 60);
  const s = sec % 60;
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

export function statusIcon(job: Pick<JobView, 'status' | 'conclusion'>): string {
  if (job.status !== 'completed') return job.status === 'in_progress' ? '●' : '○';
  switch (job.conclusion) {
    case 'success':
      return '✓';
    case 'skipped':
      return '-';
    case 'cancelled':
      return '⊘';
    default:
      return '✗';
  }
}

export function stateText(job: Pick<JobView, 'status' | 'conclusion'>): string {
  return job.status === 'completed' ? (job.conclusion ?? 'completed') : job.status;
}

export function roleText(job: Pick<JobView, 'name' | 'role' | 'chain' | 'causedBy' | 'inferred'>): string {
  if (!job.role) return '';
  let text: string = job.role;
  if (job.role === 'cascade') {
    // The chain starts at the job itself and ends at the cause: show the way back to the cause.
    const chain = job.chain[0] === job.name ? job.chain.slice(1) : job.chain;
    const path = chain.length > 0 ? chain.join(' ← ') : job.causedBy.join(', ');
    if (path) text += ` ← ${path}`;
  }
  if (job.inferred) text += ' (inferred)';
  return text;
}

export function roleColor(colors: Colors, role: JobRole | null): (s: string) => string {
  switch (role) {
    case 'root-cause':
      return (s) => colors.bold(colors.red(s));
    case 'independent-failure':
      return colors.red;
    case 'cascade':
      return colors.yellow;
    case 'succeeded':
      return colors.green;
    case 'running':
      return colors.cyan;
    case 'skipped-by-condition':
    case 'queued':
    case 'cancelled':
      return colors.gray;
    default:
      return (s) => s;
  }
}

export function requestsText(r: RequestsView): string {
  const budget =
    r.rateLimitRemaining === null
      ? 'rate limit: unknown'
      : `rate limit remaining ${r.rateLimitRemaining}${r.rateLimitLimit === null ? '' : `/${r.rateLimitLimit}`}`;
  // A rate extrapolated from a few seconds says nothing; show it once there is a minute behind it.
  const rate = r.elapsedSec >= 60 ? ` · ${r.perHour}/h` : '';
  return `requests ${r.total} (304: ${r.notModified})${rate} · ${budget}`;
}

export function truncate(text: string, width: number): string {
  if (width <= 1 || text.length <= width) return text;
  return `${text.slice(0, width - 1)}…`;
}

/** The opening line: where we watch and with which token source (never the token). */
export function startText(event: { repo: string; apiUrl: string; tokenSource: string }): string {
  const anonymous =
    event.tokenSource === 'none' && /^https:\/\/api\.github\.com\/?$/.test(event.apiUrl)
      ? ' — no token: GitHub allows 60 requests/hour; set GH_TOKEN or run `gh auth login`'
      : '';
  return `Watching ${event.repo} via ${event.apiUrl} (token: ${event.tokenSource})${anonymous}`;
}

/** The webhook mode's second start line. */
export function webhookText(url: string, safetyPollSec: number | undefined): string {
  const safety = safetyPollSec ? `; safety poll of the run every ${safetyPollSec} s` : '';
  return `Receiving workflow_job / workflow_run webhooks at ${url}${safety}`;
}
