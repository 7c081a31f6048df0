/**
 * @module The CLI's logger: what the core logs at `warn` is meant for the user (a token withheld from
 * a host, a config fallback) and goes to stderr as one `warning:` line; `debug`/`info` go there only
 * with SHIPWATCH_DEBUG=1; everything is redacted. `error` is for the core's own failures that it
 * recovered from; commands report their errors through the CLI's error boundary, not here.
 */
import { redact } from '../shared/redact.ts';
import type { Logger } from '../shared/logger.ts';
import type { Colors, Writer } from './io.ts';

export function stderrLogger(
  stderr: Writer,
  paint: Colors,
  env: Readonly<Record<string, string | undefined>>,
): Logger {
  const debug = env.SHIPWATCH_DEBUG === '1';
  // Sixteen channels behind one foreign mirror would say the same warning sixteen times: once is enough.
  const warned = new Set<string>();
  const line = (label: string, meta: Record<string, unknown>, message: string, withMeta: boolean) => {
    const details = withMeta && Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
    stderr.write(`${label}: ${redact(`${message}${details}`)}\n`);
  };
  return {
    debug(meta, message) {
      if (debug) line(paint.gray('debug'), meta, message, true);
    },
    info(meta, message) {
      if (debug) line(paint.gray('info'), meta, message, true);
    },
    warn(meta, message) {
      if (warned.has(message)) return;
      warned.add(message);
      line(paint.yellow('warning'), meta, message, debug);
    },
    error: (meta, message) => line(paint.red('error'), meta, message, debug),
  };
}
