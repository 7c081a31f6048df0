/**
 * @module The TTY view: a block of job rows redrawn in place, with permanent lines (diagnoses,
 * warnings) printed above it as they come. The cursor is hidden while drawing and always shown
 * again by close(), which the command calls on every way out (end, error, Ctrl-C).
 */
import type { Colors, Writer } from '../../cli/io.ts';
import { redact } from '../../shared/redact.ts';
import type { JobView, RequestsView, RunView, WatchEvent } from '../events.ts';
import { diagnosisLines } from './lines-view.ts';
import {
  formatDuration,
  formatWait,
  requestsText,
  roleColor,
  roleText,
  startText,
  stateText,
  statusIcon,
  truncate,
  webhookText,
} from './format.ts';
import type { WatchView } from './view.ts';

export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';
const CLEAR_DOWN = '\x1b[0J';
const up = (n: number) => (n > 0 ? `\x1b[${n}F` : '\r');

/** The needs graph as one line per job that others need: `hub → a, b, c`. */
export function needsGraph(jobs: readonly { id: string; needs: string[] }[]): string[] {
  const dependents = new Map<string, string[]>();
  for (const job of jobs) {
    for (const need of job.needs) dependents.set(need, [...(dependents.get(need) ?? []), job.id]);
  }
  return [...dependents].map(([need, those]) => `needs: ${need} → ${those.join(', ')}`);
}

/** Which rows to keep when the block is taller than the terminal: failures first, then what runs. */
function interest(job: JobView): number {
  if (job.role === 'root-cause' || job.role === 'independent-failure') return 0;
  if (job.role === 'cascade' || job.conclusion === 'failure') return 1;
  if (job.status === 'in_progress') return 2;
  if (job.status !== 'completed') return 3;
  return 4;
}

export function liveView(out: Writer, colors: Colors, columns = 100, rows = 0): WatchView {
  const jobs = new Map<number, JobView>();
  let run: RunView | undefined;
  let requests: RequestsView | undefined;
  let nextPoll: number | null = null;
  let slowed = false;
  let nowMs: number | undefined;
  let graph: string[] = [];
  let blockLines = 0;
  let closed = false;
  let started = false;
  const width = Math.max(40, columns - 1);

  function block(): string[] {
    const lines: string[] = [];
    if (run)
      lines.push(
        colors.bold(truncate(`run ${run.id} "${run.name}" · ${run.conclusion ?? run.status}`, width)),
      );
    const nameWidth = Math.min(32, Math.max(8, ...[...jobs.values()].map((j) => j.name.length)));
    // A block taller than the terminal cannot be redrawn in place (the cursor cannot go above the
    // top line): past `rows`, the needs graph goes, then the least interesting jobs, counted.
    const fixed = lines.length + (requests ? 1 : 0);
    const budget = rows > 0 ? Math.max(3, rows - 1 - fixed) : Number.POSITIVE_INFINITY;
    const showGraph = jobs.size + graph.length <= budget;
    let shown = [...jobs.values()];
    if (shown.length > budget) {
      const keep = new Set(
        [...shown]
          .map((job, index) => ({ job, index }))
          .sort((a, b) => interest(a.job) - interest(b.job) || a.index - b.index)
          .slice(0, budget - 1)
          .map((x) => x.job),
      );
      shown = shown.filter((job) => keep.has(job));
    }
    for (const job of shown) {
      const cells = [
        statusIcon(job),
        job.name.padEnd(nameWidth),
        stateText(job).padEnd(11),
        (job.conclusion === 'skipped' || (job.status !== 'in_progress' && job.status !== 'completed')
          ? ''
          : formatDuration(liveDuration(job))
        ).padStart(6),
        roleText(job).padEnd(24),
        job.step ? `· ${job.step}` : '',
      ];
      lines.push(roleColor(colors, job.role)(truncate(cells.join(' ').trimEnd(), width)));
    }
    if (shown.length < jobs.size) {
      lines.push(
        colors.dim(
          truncate(`… ${jobs.size - shown.length} more jobs (every job is in the summary at the end)`, width),
        ),
      );
    }
    if (showGraph) for (const edge of graph) lines.push(colors.dim(truncate(edge, width)));
    if (requests) {
      const poll =
        nextPoll === null
          ? ''
          : ` · next poll ${formatWait(nextPoll)}${slowed ? ' (rate-limit budget)' : ''}`;
      lines.push(colors.dim(truncate(`${requestsText(requests)}${poll}`, width)));
    }
    return lines;
  }

  function liveDuration(job: JobView): number | null {
    if (job.status !== 'in_progress' || !job.startedAt || nowMs === undefined) return job.durationSec;
    const start = Date.parse(job.startedAt);
    return Number.isFinite(start) ? Math.max(0, Math.round((nowMs - start) / 1000)) : job.durationSec;
  }

  function draw(permanent: string[] = []): void {
    if (closed) return;
    let text = started ? `${up(blockLines)}${CLEAR_DOWN}` : HIDE_CURSOR;
    started = true;
    for (const line of permanent) text += `${line}\n`;
    const lines = block();
    blockLines = lines.length;
    for (const line of lines) text += `${line}\n`;
    out.write(redact(text));
  }

  return {
    handle(event: WatchEvent) {
      switch (event.type) {
        case 'start':
          draw([
            colors.dim(startText(event)),
            ...(event.webhookUrl ? [colors.dim(webhookText(event.webhookUrl, event.safetyPollSec))] : []),
          ]);
          break;
        case 'webhook-rejected':
          draw([colors.yellow(`webhook rejected: ${event.message}`)]);
          break;
        case 'run':
          run = event.run;
          draw();
          break;
        case 'workflow':
          graph = needsGraph(event.jobs);
          draw(event.problems.map((p) => colors.yellow(`workflow problem: ${p}`)));
          break;
        case 'workflow-unavailable':
          draw([colors.yellow(`workflow file unavailable: ${event.message}`)]);
          break;
        case 'job':
          jobs.set(event.job.id, event.job);
          break;
        case 'role':
          break;
        case 'diagnosis':
          draw(diagnosisLines(event, colors));
          break;
        case 'log-unavailable':
          draw([colors.yellow(`no log for ${event.job}: ${event.message}`)]);
          break;
        case 'rate-limit':
          draw([colors.yellow(`rate limit: ${event.message}`)]);
          break;
        case 'retry':
          draw([colors.yellow(`retrying in ${formatWait(event.waitSec)}: ${event.message}`)]);
          break;
        case 'poll': {
          requests = event.requests;
          nextPoll = event.nextPollSec;
          nowMs = Date.parse(event.now);
          // The reason once when the budget starts to set the pace; the status line keeps a reminder.
          const announce = event.slowedBy && !slowed ? [colors.yellow(event.slowedBy.message)] : [];
          slowed = event.slowedBy !== undefined;
          draw(announce);
          break;
        }
        case 'error':
        case 'interrupted':
          break;
        case 'final': {
          requests = event.requests;
          nextPoll = null;
          slowed = false;
          draw();
          const lines = [`Summary: ${event.summary}`];
          out.write(redact(`${lines.join('\n')}\n`));
          blockLines = 0;
          started = false;
          break;
        }
      }
    },
    close() {
      if (closed) return;
      closed = true;
      out.write(SHOW_CURSOR);
    },
  };
}
