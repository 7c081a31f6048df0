/**
 * @module What `shipwatch watch` and `shipwatch demo` run after flag parsing (lazy-imported):
 * picks the view (NDJSON, live TTY, append-only lines), wires Ctrl-C, restores the terminal on
 * every way out, and turns the result into an exit code.
 */
import type { CliIo } from '../cli/io.ts';
import { ExitError } from '../errors.ts';
import { GitHubRequestError } from '../github/errors.ts';
import { printableLine } from '../shared/printable.ts';
import type { WatchEvent } from './events.ts';
import { liveView } from './views/live-view.ts';
import { linesView } from './views/lines-view.ts';
import { ndjsonView } from './views/ndjson-view.ts';
import type { WatchView } from './views/view.ts';
import type { WatchResult } from './watch-run.ts';

export interface WatchSession {
  onEvent: (event: WatchEvent) => void;
  signal: AbortSignal;
}

/**
 * The live view moves the cursor, so it needs a TTY that understands cursor control: not TERM=dumb
 * (Emacs shell, log viewers that allocate a pty), which gets the append-only lines instead.
 * NO_COLOR turns colour off (io.color) but keeps the redraw: it is about colour only (no-color.org).
 */
function chooseView(io: CliIo, json: boolean): WatchView {
  // JSON escapes control characters itself; the text views get every string made printable.
  if (json) return ndjsonView(io.stdout);
  if (io.stdoutIsTTY && io.context.env.TERM !== 'dumb') {
    const { columns, rows } = io.stdout as { columns?: number; rows?: number };
    return printableView(
      liveView(
        io.stdout,
        io.color,
        typeof columns === 'number' && columns > 0 ? columns : 100,
        typeof rows === 'number' && rows > 0 ? rows : 0,
      ),
    );
  }
  return printableView(linesView(io.stdout, io.color));
}

/**
 * Job and step names come from a workflow file (a pull request can edit it), reasons and log lines
 * from the API and the logs: an escape sequence among them could clear the screen, move the cursor
 * over a verdict or set the window title. The text views only ever see printable strings.
 */
function printableView(view: WatchView): WatchView {
  return { ...view, handle: (event) => view.handle(printableDeep(event)) };
}

function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printableLine(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableDeep(v)])) as T;
  }
  return value;
}

/** Runs `body` with a view and an interrupt signal; exits with the watch's code (0 returns normally). */
export async function withWatchSession(
  io: CliIo,
  json: boolean,
  body: (session: WatchSession) => Promise<WatchResult>,
): Promise<void> {
  const view = chooseView(io, json);
  const controller = new AbortController();
  const unregister = io.onInterrupt(() => controller.abort());
  let result: WatchResult;
  // Event times run on the watch's clock (the scenario clock in the demo); an error has no clock of
  // its own, so it carries the time of the last event before it.
  let lastT = 0;
  try {
    result = await body({
      onEvent: (event) => {
        lastT = Math.max(lastT, event.t);
        view.handle(event);
      },
      signal: controller.signal,
    });
  } catch (error) {
    if (json && error instanceof Error) {
      const limit =
        error instanceof GitHubRequestError && error.rateLimit && error.retryAt
          ? { retryAfterSec: error.rateLimit.waitSec, retryAt: error.retryAt }
          : {};
      view.handle({ type: 'error', t: lastT, message: error.message, ...limit });
    }
    throw error;
  } finally {
    view.close();
    unregister();
  }
  if (result.exitCode !== 0) throw new ExitError(result.exitCode, result.final.summary);
}
