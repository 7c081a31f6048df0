/**
 * @module `--json`: one JSON object per event per line, the last one `{"type":"final",...}`.
 */
import type { Writer } from '../../cli/io.ts';
import { redact } from '../../shared/redact.ts';
import type { WatchEvent } from '../events.ts';
import type { WatchView } from './view.ts';

export function ndjsonView(out: Writer): WatchView {
  return {
    handle(event: WatchEvent) {
      // Redacted again on the way out: no event should hold a secret, and this makes sure.
      out.write(`${redact(JSON.stringify(event))}\n`);
    },
    close() {},
  };
}
