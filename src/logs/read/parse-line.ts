/**
 * @module One raw line → LogLine, for each log shape. This is the hot path of every log command
 * (a million lines per second is the budget), so it looks at first characters before it reaches for
 * a regular expression, and the regular expressions only run on the few lines that need them.
 */
import type { LineKind, LogFormat, LogLine } from '../model.ts';

/** ESC-introduced sequences: CSI (colours, cursor moves), OSC (titles, links), and 2-char escapes. */
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;

/** `[25](https://github.com/o/r/actions/runs/1/job/2#step:5:26)`: the Actions page turned digits of
 *  the line into a line link when the text was pasted into an issue. The digits are the original text. */
const WEB_STEP_LINK = /\[(\d+)\]\(https?:\/\/[^)\s]*#step:\d+:\d+\)/g;

const MARKERS: Readonly<Record<string, LineKind>> = {
  group: 'group',
  endgroup: 'endgroup',
  error: 'error',
  warning: 'warning',
  notice: 'notice',
  debug: 'debug',
  command: 'command',
};

/** How the web page renders `##[error]` and friends. */
const WEB_PREFIXES: readonly (readonly [string, LineKind])[] = [
  ['Error: ', 'error'],
  ['Warning: ', 'warning'],
  ['Notice: ', 'notice'],
];

export function stripAnsi(s: string): string {
  return s.indexOf('\x1b') === -1 ? s : s.replace(ANSI, '');
}

/** What a terminal shows of a line rewritten with lone `\r` (progress bars): the last non-empty part. */
export function renderCarriageReturns(s: string): string {
  if (s.indexOf('\r') === -1) return s;
  const parts = s.split('\r');
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (p.length > 0) return p;
  }
  return '';
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length of a `2025-08-20T21:04:54.1234567Z ` prefix at `start` (0 if none). Lenient on the
 *  fraction so a runner that prints fewer digits still parses. */
export function timestampLength(s: string, start: number): number {
  if (
    s.length < start + 20 ||
    s.charCodeAt(start + 4) !== 45 ||
    s.charCodeAt(start + 10) !== 84 ||
    !isDigit(s.charCodeAt(start)) ||
    s.charCodeAt(start + 13) !== 58
  ) {
    return 0;
  }
  const z = s.indexOf('Z', start + 19);
  if (z === -1 || z > start + 35) return 0;
  if (z + 1 === s.length) return z + 1 - start;
  return s.charCodeAt(z + 1) === 32 ? z + 2 - start : 0;
}

/** Mutable result of classifying a message: kind + text without its marker. */
interface Classified {
  /** What the marker said the line is. */
  kind: LineKind;
  /** The message without its marker. */
  text: string;
}

/** `##[kind]text`, `[command]text`, `::kind params::text`. */
function classifyMarkers(msg: string, out: Classified): void {
  const c0 = msg.charCodeAt(0);
  if (c0 === 35 /* # */ && msg.charCodeAt(1) === 35 && msg.charCodeAt(2) === 91) {
    const close = msg.indexOf(']', 3);
    if (close !== -1) {
      const kind = MARKERS[msg.slice(3, close)];
      if (kind !== undefined) {
        out.kind = kind;
        out.text = msg.slice(close + 1);
        return;
      }
    }
  } else if (c0 === 91 /* [ */ && msg.startsWith('[command]')) {
    out.kind = 'command';
    out.text = msg.slice(9);
    return;
  } else if (c0 === 58 /* : */ && msg.charCodeAt(1) === 58) {
    // Workflow command echoed verbatim: `::error file=a.ts,line=3::message`.
    const end = msg.indexOf('::', 2);
    if (end !== -1) {
      const space = msg.indexOf(' ', 2);
      const name = msg.slice(2, space !== -1 && space < end ? space : end);
      const kind = MARKERS[name];
      if (kind !== undefined && kind !== 'command') {
        out.kind = kind;
        out.text = msg.slice(end + 2);
        return;
      }
    }
  }
  out.kind = 'output';
  out.text = msg;
}

/** Per-source settings of the parser. */
export interface LineParserOptions {
  /** The shape every line of this source has (detected once, from the first lines). */
  format: LogFormat;
  /** Text is the raw line; no prefix or marker is removed. */
  plain: boolean;
  /** Lines start with their line number (see detectLayout); it is removed from `text`. */
  numbered?: boolean;
  /** Set on every line (zip entries): the job the entry belongs to. */
  job?: string;
  /** Set on every line (zip step files): the step named by the entry's file name. */
  step?: string;
}

/** Parses lines of one source. Keeps the last job/step strings of `--log-failed` prefixes so equal
 *  prefixes share one string. */
export class LineParser {
  private readonly format: LogFormat;
  private readonly plain: boolean;
  private readonly numbered: boolean;
  private readonly job: string | undefined;
  private readonly step: string | undefined;
  private lastPrefix = '';
  private lastJob: string | undefined;
  private lastStep: string | undefined;
  private readonly scratch: Classified = { kind: 'output', text: '' };

  constructor(options: LineParserOptions) {
    this.format = options.format;
    this.plain = options.plain;
    this.numbered = options.numbered ?? false;
    this.job = options.job;
    this.step = options.step;
  }

  /** `line` is the raw line without terminator; `first` marks the first line of a file (BOM). */
  parse(line: string, n: number, truncated: boolean): LogLine {
    let raw = stripAnsi(line);
    if (n === 1 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (this.plain) {
      return mk(n, raw, raw, 'output', undefined, this.job, this.step, truncated);
    }
    let job = this.job;
    let step = this.step;
    let msg = raw;
    if (this.numbered) msg = stripNumber(msg);
    if (this.format === 'gh-log-failed') {
      const t1 = raw.indexOf('\t');
      const t2 = t1 === -1 ? -1 : raw.indexOf('\t', t1 + 1);
      if (t2 !== -1) {
        const prefix = raw.slice(0, t2);
        if (prefix !== this.lastPrefix) {
          this.lastPrefix = prefix;
          this.lastJob = raw.slice(0, t1);
          this.lastStep = raw.slice(t1 + 1, t2);
        }
        job = this.lastJob;
        step = this.lastStep;
        msg = raw.slice(t2 + 1);
      }
    }
    // Each step file of a run starts with a BOM, and `--log-failed` keeps it after the prefix.
    if (msg.charCodeAt(0) === 0xfeff) msg = msg.slice(1);
    let timestamp: string | undefined;
    const tl = timestampLength(msg, 0);
    if (tl > 0) {
      timestamp = msg.charCodeAt(tl - 1) === 32 ? msg.slice(0, tl - 1) : msg.slice(0, tl);
      msg = msg.slice(tl);
    }
    const out = this.scratch;
    if (this.format === 'github-web-copy') {
      if (msg.indexOf('#step:') !== -1) msg = msg.replace(WEB_STEP_LINK, '$1');
      classifyWeb(msg, out);
    } else {
      classifyMarkers(msg, out);
    }
    return mk(n, renderCarriageReturns(out.text), raw, out.kind, timestamp, job, step, truncated);
  }
}

/** `12<TAB>text` → `text`. */
function stripNumber(s: string): string {
  let i = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === 0 || i === s.length) return s;
  const c = s.charCodeAt(i);
  return c === 9 || c === 32 ? s.slice(i + 1) : s;
}

function classifyWeb(msg: string, out: Classified): void {
  classifyMarkers(msg, out);
  if (out.kind !== 'output') return;
  const c0 = msg.charCodeAt(0);
  if (c0 === 69 || c0 === 87 || c0 === 78) {
    for (const [prefix, kind] of WEB_PREFIXES) {
      if (msg.startsWith(prefix)) {
        out.kind = kind;
        out.text = msg.slice(prefix.length);
        return;
      }
    }
  }
  // The page shows a step's `##[group]Run x` header as `Run x`, sometimes after one space.
  const lead = c0 === 32 ? 1 : 0;
  if (msg.startsWith('Run ', lead) && msg.length > lead + 4 && msg.charCodeAt(lead + 4) !== 32) {
    out.kind = 'group';
    out.text = msg.slice(lead);
  }
}

function mk(
  n: number,
  text: string,
  raw: string,
  kind: LineKind,
  timestamp: string | undefined,
  job: string | undefined,
  step: string | undefined,
  truncated: boolean,
): LogLine {
  // One object shape for every line keeps property access monomorphic in consumers.
  return { n, text, raw, kind, timestamp, job, step, truncated: truncated || undefined };
}
