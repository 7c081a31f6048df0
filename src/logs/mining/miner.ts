/**
 * @module The streaming template miner. Not a Drain tree: Drain's similarity threshold merges
 * `VM Started` with `VM Paused` yet splits a user name it has seen twice; here lines are grouped
 * exactly after masking, and a position becomes `<*>` only when its values behave like data.
 *
 * Two stages:
 *  1. streaming (the hot path): one pass over each line finds its whitespace tokens, masks those
 *     holding anything special (digits, delimiters: masking.ts) and hashes the masked sequence;
 *     lines with the same masked sequence share a cluster (one hash lookup, verified in place);
 *  2. merging (when templates are read, and from time to time while streaming): clusters of the
 *     same length that differ in exactly one position are merged into one template with `<*>`
 *     there when that position behaves like a variable: many different values, or several
 *     values mostly seen once (names, hosts). Two or three alternatives of a word seen again and
 *     again (`VM Started` / `VM Paused`) stay separate: they are wording, not data. The first
 *     word of a line (after a leading `##[group]`-like tag) is never merged: it names the
 *     message. Repeated until nothing merges; then a template with a wildcard absorbs the
 *     clusters it covers.
 *
 * Memory grows with the number of distinct masked lines, not with lines; per cluster we keep its
 * tokens, counters and at most three example lines. Ids returned by `add` are stable; after a
 * merge several ids name the same template, and `resolve(id)` gives the surviving one. */
import {
  compileMasking,
  DEFAULT_MASKING,
  detach,
  type Masker,
  type MaskingConfig,
  WILDCARD,
} from './masking.ts';

/** One mined template. */
export interface MinedTemplate {
  /** Stable id (`T1`, `T2`...): the id of the first cluster of the template. */
  id: string;
  /** The template, `<*>` for each variable. */
  template: string;
  /** Lines that matched it. */
  count: number;
  /** Line number of the first match. */
  firstLine: number;
  /** Line number of the last match. */
  lastLine: number;
  /** Up to three lines that matched (the first ones), as mined: message text, marker kept. */
  examples: string[];
}

/** Options of the miner; every field has a universal default. */
export interface MinerOptions {
  /** Masking rules (data); defaults to DEFAULT_MASKING. */
  masking?: MaskingConfig;
  /** A position needs at least this many different values to be a variable... Default 3. */
  minDistinctValues?: number;
  /** ...or when it has this many different values, however often each was seen. Default 6. */
  manyValues?: number;
  /** ...or when at least this share of its values were seen once (0..1). Default 0.5. */
  onceShare?: number;
  /** At most this many example lines per template. Default 3. */
  maxExamples?: number;
  /** Merge while streaming once this many clusters exist (then at twice that...). Default 20,000. */
  compactAt?: number;
}

interface Cluster {
  /** Index in #clusters; the public id is `T${index + 1}`. */
  index: number;
  /** The masked tokens of the lines that land here (exact match key; never changes). */
  key: string[];
  /** The template's tokens (generalised by merges). */
  tokens: string[];
  count: number;
  firstLine: number;
  lastLine: number;
  examples: string[];
  /** Union-find parent index (itself when it is a surviving template). */
  parent: number;
}

export class TemplateMiner {
  readonly #maskSpecial: Masker;
  readonly #special: Uint8Array;
  readonly #maxWordLength: number;
  readonly #minDistinct: number;
  readonly #maxExamples: number;
  readonly #manyValues: number;
  readonly #onceShare: number;
  readonly #clusters: Cluster[] = [];
  /** Hash of the masked token sequence → cluster indices (verified token by token). Grows with
   *  distinct masked lines. */
  readonly #exact = new Map<number, number[]>();
  // Scratch for the line being added: token bounds, and the masked text of tokens that changed.
  #starts = new Int32Array(256);
  #ends = new Int32Array(256);
  #masked: (string | undefined)[] = [];
  #count = 0;
  #compactAt: number;
  #dirty = false;
  /** Set during #merge: lines per root cluster. */
  #totals = new Float64Array(0);

  constructor(options: MinerOptions = {}) {
    const masking = compileMasking(options.masking ?? DEFAULT_MASKING);
    this.#maskSpecial = masking.maskSpecial;
    this.#special = masking.special;
    this.#maxWordLength = masking.maxWordLength;
    this.#minDistinct = options.minDistinctValues ?? 3;
    this.#maxExamples = options.maxExamples ?? 3;
    this.#manyValues = options.manyValues ?? 6;
    this.#onceShare = options.onceShare ?? 0.5;
    this.#compactAt = options.compactAt ?? 20_000;
  }

  /** Adds one line (its message text); returns the id of its cluster (see `resolve`). */
  add(text: string, line: number): string {
    return `T${this.addIndex(text, line) + 1}`;
  }

  /**
   * Like `add`, but returns the cluster index (0-based), for callers that store many ids.
   * `lead` is a leading tag word that belongs to the line but not to `text` (`##[error]` of a
   * GitHub line whose text has the marker stripped): it is the line's first token, never masked,
   * and saves building `lead + ' ' + text` for every line.
   */
  addIndex(text: string, line: number, lead?: string): number {
    const hash = this.#scan(text, lead);
    let bucket = this.#exact.get(hash);
    let cluster: Cluster | undefined;
    if (bucket !== undefined) {
      for (const i of bucket) {
        const c = this.#clusters[i]!;
        if (this.#sameKey(text, c.key)) {
          cluster = c;
          break;
        }
      }
    }
    if (cluster === undefined) {
      const index = this.#clusters.length;
      const key = this.#scratchTokens(text);
      cluster = {
        index,
        key,
        tokens: [...key],
        count: 0,
        firstLine: line,
        lastLine: line,
        examples: [],
        parent: index,
      };
      this.#clusters.push(cluster);
      if (bucket === undefined) {
        bucket = [];
        this.#exact.set(hash, bucket);
      }
      bucket.push(index);
      this.#dirty = true;
      if (this.#clusters.length >= this.#compactAt) {
        this.#merge();
        this.#compactAt *= 2;
      }
    }
    cluster.count++;
    cluster.lastLine = line;
    if (cluster.examples.length < this.#maxExamples) {
      cluster.examples.push(lead === undefined ? detach(text) : `${lead} ${text}`);
    }
    return cluster.index;
  }

  /** The surviving template id for an id returned by `add` (after merges). */
  resolve(id: string): string {
    return `T${this.resolveIndex(Number(id.slice(1)) - 1) + 1}`;
  }

  /** The surviving cluster index for an index returned by `addIndex`. */
  resolveIndex(index: number): number {
    if (this.#dirty) this.#merge();
    return this.#find(index);
  }

  /** The final templates, in order of first appearance. */
  templates(): MinedTemplate[] {
    if (this.#dirty) this.#merge();
    const out = new Map<number, MinedTemplate>();
    for (const c of this.#clusters) {
      const root = this.#find(c.index);
      const r = this.#clusters[root]!;
      let t = out.get(root);
      if (t === undefined) {
        t = {
          id: `T${root + 1}`,
          template: renderTemplate(r.tokens),
          count: 0,
          firstLine: c.firstLine,
          lastLine: c.lastLine,
          examples: [],
        };
        out.set(root, t);
      }
      t.count += c.count;
      t.firstLine = Math.min(t.firstLine, c.firstLine);
      t.lastLine = Math.max(t.lastLine, c.lastLine);
      for (const e of c.examples) if (t.examples.length < this.#maxExamples) t.examples.push(e);
    }
    return [...out.values()].sort((a, b) => a.firstLine - b.firstLine);
  }

  /**
   * The hot path: one pass over the line finds its tokens, masks those that hold anything special
   * (digits, delimiters...) and hashes the masked sequence (FNV-1a). Plain words are hashed as they
   * are scanned and never sliced. Fills the scratch arrays for #sameKey / #scratchTokens.
   */
  #scan(text: string, lead: string | undefined): number {
    const special = this.#special;
    const maxWord = this.#maxWordLength;
    const maskedOut = this.#masked;
    let starts = this.#starts;
    let ends = this.#ends;
    let hash = 0x811c9dc5;
    let count = 0;
    if (lead !== undefined) {
      maskedOut[0] = lead;
      starts[0] = 0;
      ends[0] = 0;
      let h = 0x811c9dc5;
      for (let k = 0; k < lead.length; k++) h = Math.imul(h ^ lead.charCodeAt(k), 0x01000193);
      hash = Math.imul(Math.imul(hash ^ h, 0x01000193) ^ 0x1f, 0x01000193);
      count = 1;
    }
    const n = text.length;
    let i = 0;
    // Position of the first whitespace other than a space (-1: none), looked up on first need.
    let otherWs = -2;
    while (i < n) {
      let code = text.charCodeAt(i);
      if (code === 32 || (code >= 9 && code <= 13)) {
        i++;
        continue;
      }
      const start = i;
      let plain = true;
      let th = 0x811c9dc5;
      // Plain part of the token: hash as we go.
      for (;;) {
        if (code >= 128 || special[code] === 1) {
          plain = false;
          break;
        }
        th = Math.imul(th ^ code, 0x01000193);
        if (++i === n) break;
        code = text.charCodeAt(i);
        if (code === 32 || (code >= 9 && code <= 13)) break;
      }
      // Rest of a special token: just find its end (the next space, natively, unless a tab or
      // other whitespace comes first).
      if (!plain) {
        if (otherWs === -2) otherWs = text.search(OTHER_WHITESPACE);
        const space = text.indexOf(' ', i);
        const end = space < 0 ? n : space;
        if (otherWs < 0 || otherWs >= end) i = end;
        else {
          while (++i < n) {
            code = text.charCodeAt(i);
            if (code === 32 || (code >= 9 && code <= 13)) break;
          }
        }
      }
      if (count === starts.length) {
        this.#grow();
        starts = this.#starts;
        ends = this.#ends;
      }
      starts[count] = start;
      ends[count] = i;
      if (plain && i - start > maxWord) {
        // A plain word: unchanged by masking, hashed as scanned, never sliced.
        maskedOut[count] = undefined;
        hash = Math.imul(hash ^ th, 0x01000193);
      } else {
        const token = start === 0 && i === n ? text : text.slice(start, i);
        // A short plain word only needs the word rules: maskSpecial goes straight to them.
        const programSlot = count === 0 || (count === 1 && isTag(maskedOut[0]));
        const masked = programSlot && isProgramName(token) ? token : this.#maskSpecial(token);
        maskedOut[count] = masked;
        let h = 0x811c9dc5;
        for (let k = 0; k < masked.length; k++) h = Math.imul(h ^ masked.charCodeAt(k), 0x01000193);
        hash = Math.imul(hash ^ h, 0x01000193);
      }
      hash = Math.imul(hash ^ 0x1f, 0x01000193);
      count++;
    }
    this.#count = count;
    return hash;
  }

  #grow(): void {
    const starts = new Int32Array(this.#starts.length * 2);
    starts.set(this.#starts);
    this.#starts = starts;
    const ends = new Int32Array(this.#ends.length * 2);
    ends.set(this.#ends);
    this.#ends = ends;
  }

  /** Whether the scanned line's masked tokens equal `key`. */
  #sameKey(text: string, key: readonly string[]): boolean {
    const count = this.#count;
    if (key.length !== count) return false;
    for (let t = 0; t < count; t++) {
      const masked = this.#masked[t];
      const k = key[t]!;
      if (masked !== undefined) {
        if (masked !== k) return false;
      } else {
        const start = this.#starts[t]!;
        if (this.#ends[t]! - start !== k.length || !text.startsWith(k, start)) return false;
      }
    }
    return true;
  }

  /** The scanned line's masked tokens, as strings of their own. */
  #scratchTokens(text: string): string[] {
    const out: string[] = [];
    for (let t = 0; t < this.#count; t++) {
      out.push(detach(this.#masked[t] ?? text.slice(this.#starts[t]!, this.#ends[t]!)));
    }
    return out;
  }

  #find(index: number): number {
    let i = index;
    while (this.#clusters[i]!.parent !== i) {
      const p = this.#clusters[i]!.parent;
      this.#clusters[i]!.parent = this.#clusters[p]!.parent;
      i = p;
    }
    return i;
  }

  /** Merges clusters into templates until nothing changes (see the module comment). */
  #merge(): void {
    this.#dirty = false;
    // Lines per surviving template (its own clusters included), for the value statistics.
    this.#totals = new Float64Array(this.#clusters.length);
    for (const c of this.#clusters) this.#totals[this.#find(c.index)]! += c.count;
    for (;;) {
      const roots = this.#clusters.filter((c) => c.parent === c.index);
      let changed = this.#mergeOnePosition(roots);
      changed = this.#absorbCovered(roots.filter((c) => c.parent === c.index)) || changed;
      if (!changed) return;
    }
  }

  #mergeOnePosition(roots: Cluster[]): boolean {
    let changed = false;
    const byLength = groupBy(roots, (c) => c.tokens.length);
    for (const group of byLength.values()) {
      if (group.length < 2) continue;
      const n = group[0]!.tokens.length;
      for (let pos = 0; pos < n; pos++) {
        const bySignature = groupBy(
          group.filter((c) => c.parent === c.index),
          (c) => signature(c.tokens, pos),
        );
        for (const members of bySignature.values()) {
          if (members.length < 2 || !this.#isVariable(members, pos)) continue;
          const target = members.reduce((a, b) => (a.index < b.index ? a : b));
          let merged = target.tokens[pos]!;
          for (const m of members) {
            if (m === target) continue;
            if (m.tokens[pos] !== merged) merged = mergeTokens(merged, m.tokens[pos]!);
            m.parent = target.index;
            this.#totals[target.index]! += this.#totals[m.index]!;
          }
          target.tokens[pos] = merged;
          changed = true;
        }
      }
    }
    return changed;
  }

  #isVariable(members: Cluster[], pos: number): boolean {
    // The first word of a message names what happened (Drain's assumption too); a line that is
    // nothing but this one word has no context to call it a variable in. After a leading tag
    // (`##[group]`, `[command]`, `[INFO]`) the first word is the one after it, if it is a word.
    if (isProtected(members[0]!.tokens, pos)) return false;
    const counts = new Map<string, number>();
    for (const m of members)
      counts.set(m.tokens[pos]!, (counts.get(m.tokens[pos]!) ?? 0) + this.#totals[m.index]!);
    if (counts.size < this.#minDistinct) return false;
    // Many values, or values mostly seen once, are data (user names, hosts); a few values seen
    // again and again are wording (states, verbs, daemon names).
    if (counts.size >= this.#manyValues) return true;
    let once = 0;
    for (const c of counts.values()) if (c === 1) once++;
    return once / counts.size >= this.#onceShare;
  }

  /** Templates with wildcards absorb the clusters of the same length they cover. */
  #absorbCovered(roots: Cluster[]): boolean {
    let changed = false;
    const byLength = groupBy(roots, (c) => c.tokens.length);
    for (const group of byLength.values()) {
      // Only templates with some constant wording may absorb others: `<*>` alone covers anything.
      const general = group.filter(
        (c) => c.tokens.some((t) => t.includes(WILDCARD)) && c.tokens.some((t) => !t.includes(WILDCARD)),
      );
      if (general.length === 0 || group.length < 2) continue;
      // Most general first, so a line goes to the widest template that covers it.
      general.sort((a, b) => wildCount(b.tokens) - wildCount(a.tokens) || a.index - b.index);
      // A first word must be equal (coversFirst), so candidates are looked up by it: no n² scan.
      const byFirst = new Map<
        string,
        { g: Cluster; match: ((token: string) => boolean)[]; wild: number }[]
      >();
      const wildFirst: { g: Cluster; match: ((token: string) => boolean)[]; wild: number }[] = [];
      for (const g of general) {
        const entry = { g, match: tokenMatchers(g.tokens), wild: wildCount(g.tokens) };
        const first = g.tokens[0] ?? '';
        const list = byFirst.get(first);
        if (list === undefined) byFirst.set(first, [entry]);
        else list.push(entry);
        if (first.includes(WILDCARD)) wildFirst.push(entry);
      }
      for (const c of group) {
        if (c.parent !== c.index) continue;
        const first = c.tokens[0] ?? '';
        const candidates = byFirst.get(first) ?? [];
        const all = first.includes(WILDCARD) ? [...candidates, ...wildFirst] : candidates;
        const cWild = wildCount(c.tokens);
        for (const { g, match, wild } of all) {
          if (g === c || g.parent !== g.index || wild <= cWild) continue;
          const firstOk =
            (!isProtected(c.tokens, 0) || coversFirst(g.tokens[0], c.tokens[0])) &&
            (!isProtected(c.tokens, 1) || coversFirst(g.tokens[1], c.tokens[1]));
          if (firstOk && match.every((m, i) => m(c.tokens[i]!))) {
            c.parent = g.index;
            this.#totals[g.index]! += this.#totals[c.index]!;
            changed = true;
            break;
          }
        }
      }
    }
    return changed;
  }
}

const OTHER_WHITESPACE = /[\t\n\v\f\r]/;

/** `/usr/bin/tar:` opening a line names the program speaking (`prog: message`), not a variable. */
function isProgramName(token: string): boolean {
  if (token.length < 3 || token.charCodeAt(0) !== 47 || token.charCodeAt(token.length - 1) !== 58)
    return false;
  for (let i = 1; i < token.length - 1; i++) {
    const code = token.charCodeAt(i);
    if (code === 58 || (code >= 48 && code <= 57)) return false;
  }
  return true;
}

/** As in merging, a first word is wording: only a first token that is itself variable is covered. */
/** A token that is only a bracketed tag: `##[group]`, `[command]`, `[INFO]`. */
function isTag(token: string | undefined): boolean {
  if (token === undefined) return false;
  const c = token.charCodeAt(0);
  return (c === 35 || c === 91) && /^#*\[[A-Za-z][\w-]*\]$/.test(token);
}

/** The first word of a message (after a leading tag) names what happened: never a variable. */
function isProtected(tokens: readonly string[], pos: number): boolean {
  if (pos === 0) return true;
  return pos === 1 && isTag(tokens[0]) && isWord(tokens[1]);
}

/** A word of wording (`Run`, `Operating`), not a path, file or value. */
function isWord(token: string | undefined): boolean {
  return token !== undefined && /^[A-Za-z][A-Za-z_-]*:?$/.test(token);
}

function coversFirst(general: string | undefined, token: string | undefined): boolean {
  if (general === undefined || token === undefined || general === token) return true;
  return token.includes(WILDCARD);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list === undefined) map.set(k, [item]);
    else list.push(item);
  }
  return map;
}

function signature(tokens: readonly string[], pos: number): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++) s += i === pos ? '\u0002\u0001' : `${tokens[i]}\u0001`;
  return s;
}

function wildCount(tokens: readonly string[]): number {
  let n = 0;
  for (const t of tokens) if (t.includes(WILDCARD)) n++;
  return n;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tokenMatchers(tokens: readonly string[]): ((token: string) => boolean)[] {
  return tokens.map((t) => {
    if (t === WILDCARD) return () => true;
    if (!t.includes(WILDCARD)) return (token: string) => token === t;
    const re = new RegExp(`^${t.split(WILDCARD).map(escapeRegExp).join('.*')}$`, 's');
    return (token: string) => re.test(token);
  });
}

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code >= 128
  );
}

/** Two different tokens → `<*>` framed by the punctuation they share at both ends. */
export function mergeTokens(a: string, b: string): string {
  if (a === b) return a;
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  // Cut the shared prefix back to just after its last delimiter: `user=ro|ot` → `user=`.
  while (p > 0 && isWordChar(a.charCodeAt(p - 1))) p--;
  // Never keep half of a wildcard on either side.
  if (a.endsWith('<', p) || a.endsWith('<*', p)) p = a.lastIndexOf('<', p - 1);
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  while (s > 0 && isWordChar(a.charCodeAt(a.length - s))) s--;
  if (a.startsWith('>', a.length - s) || a.startsWith('*>', a.length - s)) {
    s = a.length - (a.indexOf('>', a.length - s) + 1);
  }
  return collapseWildcards(`${a.slice(0, p)}${WILDCARD}${a.slice(a.length - s)}`);
}

function collapseWildcards(s: string): string {
  let out = s;
  while (out.includes('<*><*>')) out = out.replaceAll('<*><*>', WILDCARD);
  return out;
}

/** Joins template tokens into the template string. */
export function renderTemplate(tokens: readonly string[]): string {
  return collapseWildcards(tokens.join(' '));
}
