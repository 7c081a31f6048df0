/**
 * @module Turns decoded text chunks into raw lines. Splits on `\n` only (a CRLF's `\r` is dropped;
 * a lone `\r` stays inside the line so the parser can render progress bars as a terminal would).
 * Memory stays bounded by the line cap: a line longer than `maxLineLength` is cut, flagged, and the
 * rest of it is skipped up to the next `\n`.
 */

/** Receives each complete raw line (terminator removed). */
export type RawLineSink = (line: string, truncated: boolean) => void;

export class LineSplitter {
  private carry = '';
  /** Skipping the tail of an over-long line until its `\n`. */
  private skipping = false;
  private readonly maxLineLength: number;
  private readonly sink: RawLineSink;
  /** Number of lines emitted so far. */
  count = 0;

  constructor(maxLineLength: number, sink: RawLineSink) {
    this.maxLineLength = maxLineLength;
    this.sink = sink;
  }

  /** Feeds one decoded chunk; emits every line it completes. */
  push(chunk: string): void {
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
        this.emit(this.carry, true);
      } else if (this.carry.length > 0) {
        const line = this.carry + chunk.slice(start, nl);
        this.carry = '';
        if (line.length > this.maxLineLength) this.emit(line.slice(0, this.maxLineLength), true);
        else this.emit(line, false);
      } else if (nl - start > this.maxLineLength) {
        this.emit(chunk.slice(start, start + this.maxLineLength), true);
      } else {
        this.emit(chunk.slice(start, nl), false);
      }
      this.carry = '';
      start = nl + 1;
    }
  }

  /** Ends the input. Returns true when a last line without terminator was emitted. */
  end(): boolean {
    if (this.skipping || this.carry.length > 0) {
      const truncated = this.skipping;
      this.skipping = false;
      this.emit(this.carry, truncated);
      this.carry = '';
      return true;
    }
    return false;
  }

  private keep(chunk: string, start: number, end: number): void {
    if (this.skipping) return;
    this.carry += chunk.slice(start, end);
    if (this.carry.length > this.maxLineLength) {
      this.carry = this.carry.slice(0, this.maxLineLength);
      this.skipping = true;
    }
  }

  private emit(line: string, truncated: boolean): void {
    this.count++;
    // A CRLF terminator: the `\r` belongs to the terminator, not the line.
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    this.sink(line, truncated);
  }
}
