/**
 * @module Matches log lines against the knowledge base. Each line is lower-cased and tokenised once;
 * only patterns whose anchor words occur in it are run (see prefilter.ts).
 */
import type { KnowledgeBase, LoadedSignature } from './load.ts';
import { anchorWords, literalLength, tokenize } from './prefilter.ts';

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
}

export class SignatureMatcher {
  readonly #byWord = new Map<string, PatternRef[]>();
  readonly #always: PatternRef[] = [];
  readonly #patterns: PatternRef[] = [];
  /** Stamp per pattern: the line counter at which it was last tried (avoids a Set per line). */
  readonly #tried: Int32Array;
  #stamp = 0;

  constructor(kb: KnowledgeBase) {
    for (const signature of kb.signatures) {
      signature.regexes.forEach((regex, i) => {
        const ref: PatternRef = {
          index: this.#patterns.length,
          signature,
          regex,
          specificity: literalLength(signature.patterns[i]!),
        };
        this.#patterns.push(ref);
        const anchors = anchorWords(signature.patterns[i]!);
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

  /** All signatures matching `text`, in knowledge-base order, each once. */
  match(text: string): SignatureHit[] {
    const stamp = ++this.#stamp;
    const candidates: PatternRef[] = [];
    for (const token of tokenize(text.toLowerCase())) {
      if (token.length < 2) continue;
      const refs = this.#byWord.get(token);
      if (!refs) continue;
      for (const ref of refs) {
        if (this.#tried[ref.index] === stamp) continue;
        this.#tried[ref.index] = stamp;
        candidates.push(ref);
      }
    }
    const hits: SignatureHit[] = [];
    const seen = new Set<string>();
    const tryRef = (ref: PatternRef) => {
      if (seen.has(ref.signature.id)) return;
      const m = ref.regex.exec(text);
      if (!m) return;
      seen.add(ref.signature.id);
      hits.push({ signature: ref.signature, groups: { ...(m.groups ?? {}) }, specificity: ref.specificity });
    };
    if (candidates.length > 1) candidates.sort((a, b) => a.index - b.index);
    for (const ref of candidates) tryRef(ref);
    for (const ref of this.#always) tryRef(ref);
    return hits;
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
