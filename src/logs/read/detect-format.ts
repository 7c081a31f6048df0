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
const WEB_STEP_LINK = /\]\(https?:\/\/[^)\s]*\/actions\/runs\/\d+\/job\/\d+[^)\s]*#step:\d+:\d+\)/;
/** The page shows each step's duration above its `Run x` header: `2s`, `1m 3s`, `1h 2m 3s`. */
const WEB_DURATION = /^(?:\d+h )?(?:\d+m )?\d+s$/;
/** `12<TAB>text` / `12 text`: line numbers copied along with the text. */
const NUMBER_PREFIX = /^(\d+)[\t ]/;
const WEB_RUN_HEADER = /^ ?Run [^\s]/;
const MARKER = /^\uFEFF?(?:##\[(?:group|endgroup|error|warning|notice|debug|command)\]|\[command\])/;

/** What detection found out about a text. */
export interface Layout {
  format: LogFormat;
  /** Every line starts with its own line number (a web copy that took the gutter along). */
  numbered: boolean;
}

/** Decides the format from the start of a log (any number of lines; only the first ones are read). */
export function detectFormat(head: string): LogFormat {
  return detectLayout(head).format;
}

export function detectLayout(head: string): Layout {
  const sample: string[] = [];
  let start = 0;
  while (sample.length < SAMPLE && start < head.length) {
    let nl = head.indexOf('\n', start);
    if (nl === -1) nl = head.length;
    const line = stripAnsi(head.slice(start, nl)).replace(/\r$/, '');
    if (line.trim().length > 0) sample.push(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    start = nl + 1;
  }
  if (sample.length === 0) return { format: 'plain', numbered: false };
  if (isNumbered(sample)) {
    const inner = detectLayout(sample.map((l) => l.replace(NUMBER_PREFIX, '')).join('\n'));
    // Numbered lines come from the page; what is left after the numbers says nothing more.
    return { format: inner.format === 'plain' ? 'github-web-copy' : inner.format, numbered: true };
  }
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
  const format = ((): LogFormat => {
    if (logFailed * 2 >= sample.length) return 'gh-log-failed';
    if ((stamped + markers) * 2 >= sample.length && stamped + markers > 0) return 'github-actions';
    const first = WEB_DURATION.test(sample[0]!) && sample.length > 1 ? sample[1]! : sample[0]!;
    if (web || WEB_RUN_HEADER.test(first)) return 'github-web-copy';
    if (stamped + markers > 0 && (stamped + markers) * 4 >= sample.length) return 'github-actions';
    return 'plain';
  })();
  return { format, numbered: false };
}

/** At least 5 lines, 90% of them numbered, each number one more than the line before's. */
function isNumbered(sample: readonly string[]): boolean {
  if (sample.length < 5) return false;
  let ok = 0;
  let prev = -1;
  for (const line of sample) {
    const m = NUMBER_PREFIX.exec(line);
    if (!m) continue;
    const n = Number(m[1]);
    if (prev === -1 || n === prev + 1) ok++;
    prev = n;
  }
  return ok * 10 >= sample.length * 9;
}
