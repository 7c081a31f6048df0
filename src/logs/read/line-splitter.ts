/**
 * @module Turns decoded text chunks into raw lines. Splits on `\n` only (a CRLF's `\r` is dropped;
 * a lone `\r` stays inside the line so the parser can render progress bars as a terminal would).
 * Memory stays bounded by the line cap: a line longer than `maxLineLength` is cut, flagged, and the
 * rest of it is skipped up to the next `\n`. A progress bar redrawn with `\r` thousands of times is
 * not cut but compacted first: its first part (which holds the timestamp) and its last redraws are
 * all a terminal would show.
 */

/** Receives each complete raw line (terminator removed). */
export type RawLineSink = (line: string, truncated: boolean) => void;

export class LineSplitter {
  private carry = '';
  /** Skipping the tail of an over-long line until its `\n`. */
  private skipping = false;
  private readonly maxLineLength: number;
  private readonly sink: RawLineSink;

  constructor(maxLineLength: number, sink: RawLineSink) {
    this.maxLineLength = maxLineLength;
    this.sink = sink;
  }

  /** Feeds one decoded chunk; emits every line it completes. */
  push(chunk: string): void {
    const max = this.maxLineLength;
    let start = 0;
    const len = chunk.length;
    while (start < len) {
      const nl = chunk.indexOf('\n', start);
      if (nl === -1) {
        this.keep(chunk, start, len);
        return;
      }
      if (this.skipping) {
        this.skipping = false;
        this.sink(this.carry, true);
        this.carry = '';
      } else if (this.carry.length > 0) {
        const line = this.carry + chunk.slice(start, nl);
        this.carry = '';
        this.finish(line);
      } else {
        let end = nl;
        if (end > start && chunk.charCodeAt(end - 1) === 13) end--;
        if (end - start <= max) this.sink(chunk.slice(start, end), false);
        else this.finish(chunk.slice(start, end));
      }
      start = nl + 1;
    }
  }

  /** Ends the input. Returns true when a last line without terminator was emitted. */
  end(): boolean {
    if (this.skipping) {
      this.skipping = false;
      this.sink(this.carry, true);
      this.carry = '';
      return true;
    }
    if (this.carry.length > 0) {
      const line = this.carry;
      this.carry = '';
      this.finish(line);
      return true;
    }
    return false;
  }

  /** A whole line that may be too long or may end in a CRLF's `\r`. */
  private finish(line: string): void {
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.length > this.maxLineLength) line = compactCarriageReturns(line);
    if (line.length > this.maxLineLength) this.sink(line.slice(0, this.maxLineLength), true);
    else this.sink(line, false);
  }

  private keep(chunk: string, start: number, end: number): void {
    if (this.skipping) return;
    this.carry += chunk.slice(start, end);
    // Allow one extra char: it may be the `\r` of a CRLF split across chunks.
    if (this.carry.length > this.maxLineLength + 1) {
      this.carry = compactCarriageReturns(this.carry);
      if (this.carry.length > this.maxLineLength + 1) {
        this.carry = this.carry.slice(0, this.maxLineLength);
        this.skipping = true;
      }
    }
  }
}

/** `a\rb\rc\rd` → `a\rc\rd`: the first part and the last two redraws (the last may be unfinished). */
export function compactCarriageReturns(s: string): string {
  const first = s.indexOf('\r');
  if (first === -1) return s;
  const last = s.lastIndexOf('\r');
  const prev = last > 0 ? s.lastIndexOf('\r', last - 1) : -1;
  if (prev <= first) return s;
  return s.slice(0, first + 1) + s.slice(prev + 1);
}
