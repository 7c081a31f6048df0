/**
 * @module Which log shape a text is, from its first non-empty lines (zip and gzip are recognised
 * earlier, by magic bytes). Order matters: a `--log-failed` line also holds a timestamp, and a
 * web copy may hold `##[` markers a person pasted in.
 */
import type { LogFormat } from '../model.ts';
import { stripAnsi, timestampLength } from './parse-line.ts';

/** How many non-empty lines are enough to decide. */
const SAMPLE = 40;

const LOG_FAILED = /^[^\t]+\t[^\t]*\t\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;
const WEB_STEP_LINK = /\]\(https?:\/\/[^)\s]*\/actions\/runs\/\d+\/job\/\d+#step:\d+:\d+\)/;
const WEB_RUN_HEADER = /^ ?Run [^\s]/;
const MARKER = /^\uFEFF?(?:##\[(?:group|endgroup|error|warning|notice|debug|command)\]|\[command\])/;

/** Decides the format from the start of a log (any number of lines; only the first ones are read). */
export function detectFormat(head: string): LogFormat {
  const sample: string[] = [];
  let start = 0;
  while (sample.length < SAMPLE && start < head.length) {
    let nl = head.indexOf('\n', start);
    if (nl === -1) nl = head.length;
    const line = stripAnsi(head.slice(start, nl)).replace(/\r$/, '');
    if (line.trim().length > 0) sample.push(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    start = nl + 1;
  }
  if (sample.length === 0) return 'plain';
  let logFailed = 0;
  let stamped = 0;
  let markers = 0;
  let web = false;
  for (const line of sample) {
    if (LOG_FAILED.test(line)) logFailed++;
    else if (timestampLength(line, 0) > 0) stamped++;
    else if (MARKER.test(line)) markers++;
    if (!web && line.includes('#step:') && WEB_STEP_LINK.test(line)) web = true;
  }
  // Majorities, not unanimity: excerpts often begin or end with a partial or hand-added line.
  if (logFailed * 2 >= sample.length) return 'gh-log-failed';
  if ((stamped + markers) * 2 >= sample.length && stamped + markers > 0) return 'github-actions';
  if (web || WEB_RUN_HEADER.test(sample[0]!)) return 'github-web-copy';
  if (stamped + markers > 0 && (stamped + markers) * 4 >= sample.length) return 'github-actions';
  return 'plain';
}
