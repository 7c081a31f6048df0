/**
 * @module The non-TTY view: append-only lines (CI logs, pipes), one per meaningful change.
 */
import type { Colors, Writer } from '../../cli/io.ts';
import { redact } from '../../shared/redact.ts';
import type { JobView, WatchEvent } from '../events.ts';
import {
  formatDuration,
  startText,
  requestsText,
  roleColor,
  roleText,
  formatWait,
  stateText,
  statusIcon,
  webhookText,
} from './format.ts';
import type { WatchView } from './view.ts';

export function diagnosisLines(event: Extract<WatchEvent, { type: 'diagnosis' }>, colors: Colors): string[] {
  // The API's step name is the one the Actions page shows; the log only knows its `Run ...` title.
  const name = event.apiStep ?? event.failingStep;
  const step = name
    ? `step '${name}'${event.exitCode === null ? '' : ` (exit ${event.exitCode})`}`
    : 'failing step not found';
  const cause = event.causeTitle ?? 'no known cause matched; see the log';
  const lines = [`${colors.red('why')} ${colors.bold(event.job)}: ${step}: ${cause}`];
  if (event.evidence) lines.push(`    line ${event.evidence.line}: ${event.evidence.text.trim()}`);
  return lines;
}

function jobLine(job: JobView): string {
  const parts = [`${statusIcon(job)} ${job.name}: ${stateText(job)}`];
  if (job.status === 'completed' && job.durationSec !== null)
    parts.push(`after ${formatDuration(job.durationSec)}`);
  if (job.step) parts.push(job.status === 'completed' ? `(failed step: ${job.step})` : `(step: ${job.step})`);
  return parts.join(' ');
}

export function linesView(out: Writer, colors: Colors): WatchView {
  const write = (line: string) => out.write(`${redact(line)}\n`);
  const stamp = (t: number) => colors.dim(`[${t.toFixed(1).padStart(6)}s]`);
  let polls = 0;
  let slowed = false;
  return {
    handle(event) {
      switch (event.type) {
        case 'start':
          write(startText(event));
          if (event.webhookUrl) write(webhookText(event.webhookUrl, event.safetyPollSec));
          break;
        case 'webhook-rejected':
          write(`${stamp(event.t)} ${colors.yellow('webhook rejected')}: ${event.message}`);
          break;
        case 'run':
          write(
            `${stamp(event.t)} run ${event.run.id} "${event.run.name}" at ${event.run.headSha.slice(0, 7)}${event.run.attempt > 1 ? ` (attempt ${event.run.attempt})` : ''}: ${event.run.conclusion ?? event.run.status}`,
          );
          break;
        case 'workflow': {
          write(`${stamp(event.t)} workflow ${event.file}: ${event.jobs.length} jobs`);
          for (const job of event.jobs) {
            if (job.needs.length > 0) write(`    ${job.id} needs ${job.needs.join(', ')}`);
          }
          for (const problem of event.problems) write(`    problem: ${problem}`);
          break;
        }
        case 'workflow-unavailable':
          write(`${stamp(event.t)} ${colors.yellow('warning')}: workflow file unavailable: ${event.message}`);
          break;
        case 'job':
          write(`${stamp(event.t)} ${jobLine(event.job)}`);
          break;
        case 'role':
          if (event.role !== 'running' && event.role !== 'queued') {
            const text = roleText({
              name: event.job,
              role: event.role,
              chain: event.chain,
              causedBy: event.causedBy,
              inferred: event.inferred,
            });
            write(
              `${stamp(event.t)}   ${event.job} → ${roleColor(colors, event.role)(text)}: ${event.reason}`,
            );
          }
          break;
        case 'diagnosis':
          for (const line of diagnosisLines(event, colors)) write(`${stamp(event.t)} ${line}`);
          break;
        case 'log-unavailable':
          write(`${stamp(event.t)} ${colors.yellow('no log')} for ${event.job}: ${event.message}`);
          break;
        case 'rate-limit':
          write(`${stamp(event.t)} ${colors.yellow('rate limit')}: ${event.message}`);
          break;
        case 'retry':
          write(
            `${stamp(event.t)} ${colors.yellow('retrying')} in ${formatWait(event.waitSec)}: ${event.message}`,
          );
          break;
        case 'poll':
          // An append-only log cannot show a live footer: the budget every 20 polls instead.
          polls += 1;
          // The budget's slowdown once when it starts (a watch that looks stuck otherwise).
          if (event.slowedBy && !slowed) write(`${stamp(event.t)} ${colors.yellow(event.slowedBy.message)}`);
          slowed = event.slowedBy !== undefined;
          if (polls % 20 === 0) write(`${stamp(event.t)} ${colors.dim(requestsText(event.requests))}`);
          break;
        case 'error':
          break;
        case 'interrupted':
          write(`${stamp(event.t)} interrupted`);
          break;
        case 'final': {
          write('');
          for (const job of event.jobs) {
            const role = roleText({
              name: job.name,
              role: job.role,
              chain: [],
              causedBy: job.causedBy,
              inferred: false,
            });
            const needs = job.needs.length > 0 ? colors.dim(` (needs ${job.needs.join(', ')})`) : '';
            write(
              `  ${job.name}: ${job.conclusion ?? 'not finished'} · ${roleColor(colors, job.role)(role)}${needs}`,
            );
          }
          write(requestsText(event.requests));
          write(`Summary: ${event.summary}`);
          break;
        }
      }
    },
    close() {},
  };
}
