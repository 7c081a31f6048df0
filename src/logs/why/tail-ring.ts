/** @module A fixed-size ring of a step's last lines (for the unknown-failure fallback), and the cited-line shape. */
import type { LogLine } from '../model.ts';
import { evidenceText } from './evidence-text.ts';

/** A line we may cite. */
export interface Cited {
  n: number;
  text: string;
  /** Index into `steps`. */
  step: number;
  /** The line also matched a wrapper (consequence) signature. */
  wrapper?: boolean;
  /** A warning annotation (`##[warning]…` / `Warning: …`): the tool went on after it. */
  warning?: boolean;
}

export interface TailLine extends Cited {
  kind: LogLine['kind'];
  noise: boolean;
  /** Inside the step's own `##[group]Run …` header (the echoed script, `with:`, `env:`). */
  header: boolean;
  /** Matched text (reader's `text`). */
  msg: string;
}

const NOISE_FLAG = 1;
const HEADER_FLAG = 2;

/** The last lines of a step, without allocating per line. */
export class TailRing {
  readonly #lines: (LogLine | undefined)[];
  readonly #flags: Uint8Array;
  #at = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#lines = new Array(capacity);
    this.#flags = new Uint8Array(capacity);
  }

  push(line: LogLine, noise: boolean, header: boolean): void {
    this.#lines[this.#at] = line;
    this.#flags[this.#at] = (noise ? NOISE_FLAG : 0) | (header ? HEADER_FLAG : 0);
    this.#at = (this.#at + 1) % this.#lines.length;
    if (this.#size < this.#lines.length) this.#size++;
  }

  /** Oldest first. */
  toLines(step: number): TailLine[] {
    const out: TailLine[] = [];
    const cap = this.#lines.length;
    for (let i = 0; i < this.#size; i++) {
      const j = (this.#at - this.#size + i + cap) % cap;
      const line = this.#lines[j]!;
      const f = this.#flags[j]!;
      out.push({
        n: line.n,
        text: evidenceText(line),
        step,
        kind: line.kind,
        noise: (f & NOISE_FLAG) !== 0,
        header: (f & HEADER_FLAG) !== 0,
        msg: line.text,
      });
    }
    return out;
  }
}
