/**
 * @module Matches log lines against the knowledge base. Each line is lower-cased and tokenised once;
 * only patterns whose anchor word occurs in it are considered, and of those only the ones whose other
 * required words occur too are run (see prefilter.ts). Noise patterns are tried first: a noise line
 * is never a cause, so matching stops at the first noise hit.
 */
import type { KnowledgeBase, LoadedSignature } from './load.ts';
import { anchorWords, literalLength, requiredWords } from './prefilter.ts';

/** One signature that matched one line. */
export interface SignatureHit {
  signature: LoadedSignature;
  /** Named capture groups of the pattern that matched. */
  groups: Record<string, string>;
  /** Literal characters of the pattern that matched: a longer literal is a more specific claim. */
  specificity: number;
}

interface PatternRef {
  index: number;
  signature: LoadedSignature;
  regex: RegExp;
  specificity: number;
  /** Words that must all be tokens of the line (besides the anchor). */
  required: string[];
}

const NONE: SignatureHit[] = [];
const byIndex = (a: PatternRef, b: PatternRef) => a.index - b.index;

export class SignatureMatcher {
  readonly #byWord = new Map<string, PatternRef[]>();
  readonly #always: PatternRef[] = [];
  readonly #patterns: PatternRef[] = [];
  /** Stamp per pattern: the line counter at which it was last considered (avoids a Set per line). */
  readonly #tried: Int32Array;
  #stamp = 0;
  /** Scratch arrays reused for every line. */
  readonly #tokens: string[] = [];
  readonly #candidates: PatternRef[] = [];
  /** The noise pattern that matched most recently (tried first on the next line). */
  #lastNoise: PatternRef | undefined;

  constructor(kb: KnowledgeBase) {
    // Noise first, so a noise line stops matching early.
    const ordered = [
      ...kb.signatures.filter((s) => s.role === 'noise'),
      ...kb.signatures.filter((s) => s.role !== 'noise'),
    ];
    for (const signature of ordered) {
      signature.regexes.forEach((regex, i) => {
        const source = signature.patterns[i]!;
        const ref: PatternRef = {
          index: this.#patterns.length,
          signature,
          regex,
          specificity: literalLength(source),
          required: requiredWords(source),
        };
        this.#patterns.push(ref);
        const anchors = anchorWords(source);
        if (!anchors) {
          this.#always.push(ref);
          return;
        }
        for (const word of new Set(anchors)) {
          const list = this.#byWord.get(word);
          if (list) list.push(ref);
          else this.#byWord.set(word, [ref]);
        }
      });
    }
    this.#tried = new Int32Array(this.#patterns.length).fill(-1);
  }

  /** Patterns that are tried on every line because no anchor word could be derived. */
  get unanchoredPatterns(): string[] {
    return this.#always.map((r) => r.regex.source);
  }

  /**
   * Signatures matching `text`, each once. When a noise signature matches, only that hit is returned
   * (unless `all` is set, for tests).
   */
  match(text: string, all = false): SignatureHit[] {
    // Noise comes in runs (thousands of tar lines): try the pattern that matched the last noise line
    // first, before tokenising. Same answer (a noise line is only ever reported as that noise).
    const last = this.#lastNoise;
    if (!all && last !== undefined) {
      const m = last.regex.exec(text);
      if (m !== null)
        return [
          {
            signature: last.signature,
            groups: m.groups ? { ...m.groups } : {},
            specificity: last.specificity,
          },
        ];
    }
    const stamp = ++this.#stamp;
    const lower = text.toLowerCase();
    // Tokenise by hand (no arrays from split, no closures): this runs on every line of the log.
    const tokens = this.#tokens;
    tokens.length = 0;
    const candidates = this.#candidates;
    candidates.length = 0;
    const byWord = this.#byWord;
    const tried = this.#tried;
    let start = -1;
    const len = lower.length;
    for (let i = 0; i <= len; i++) {
      const c = i < len ? lower.charCodeAt(i) : 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0 && i - start >= 2) {
        const token = lower.slice(start, i);
        tokens.push(token);
        const refs = byWord.get(token);
        if (refs !== undefined) {
          for (let k = 0; k < refs.length; k++) {
            const ref = refs[k]!;
            if (tried[ref.index] === stamp) continue;
            tried[ref.index] = stamp;
            candidates.push(ref);
          }
        }
      }
      start = -1;
    }
    if (candidates.length === 0 && this.#always.length === 0) return NONE;
    if (candidates.length > 1) candidates.sort(byIndex);
    let hits: SignatureHit[] | undefined;
    const lists = [candidates, this.#always];
    for (let l = 0; l < 2; l++) {
      const list = lists[l]!;
      for (let k = 0; k < list.length; k++) {
        const ref = list[k]!;
        if (hits?.some((h) => h.signature === ref.signature)) continue;
        const hit = this.#try(ref, text, tokens);
        if (hit === undefined) continue;
        if (!all && ref.signature.role === 'noise') {
          this.#lastNoise = ref;
          return [hit];
        }
        if (hits === undefined) hits = [hit];
        else hits.push(hit);
      }
    }
    return hits ?? NONE;
  }

  #try(ref: PatternRef, text: string, tokens: readonly string[]): SignatureHit | undefined {
    const required = ref.required;
    if (required.length > 1) {
      for (let i = 0; i < required.length; i++) if (!tokens.includes(required[i]!)) return undefined;
    }
    const m = ref.regex.exec(text);
    if (m === null) return undefined;
    return {
      signature: ref.signature,
      groups: m.groups ? { ...m.groups } : {},
      specificity: ref.specificity,
    };
  }

  /** Reference implementation without the pre-filter (tests compare the two). */
  matchNaive(text: string): string[] {
    const ids: string[] = [];
    for (const ref of this.#patterns) {
      if (ids.includes(ref.signature.id)) continue;
      if (ref.regex.test(text)) ids.push(ref.signature.id);
    }
    return ids;
  }
}
