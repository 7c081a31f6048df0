/** @module The text we cite for a line: as it stands in the log, minus the prefixes a reader adds. */
import { timestampLength } from '../read/parse-line.ts';
import type { LogLine } from '../model.ts';

/**
 * A copy of `s` that does not share memory with the string it was cut from. Line texts are slices of
 * the reader's 256 KB chunks; keeping a slice keeps its whole chunk alive, so anything kept for the
 * result (evidence, step names) is copied.
 */
export function detach(s: string): string {
  return s.length === 0 ? '' : Buffer.from(s, 'utf8').toString('utf8');
}

/** The raw line without a `job<TAB>step<TAB>` prefix, a BOM and a runner timestamp (a detached copy). */
export function evidenceText(line: LogLine): string {
  let s = line.raw;
  if (line.job !== undefined || line.step !== undefined) {
    const a = s.indexOf('\t');
    const b = a >= 0 ? s.indexOf('\t', a + 1) : -1;
    if (b >= 0) s = s.slice(b + 1);
  }
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  const tl = timestampLength(s, 0);
  if (tl > 0) s = s.slice(tl);
  return detach(s);
}
