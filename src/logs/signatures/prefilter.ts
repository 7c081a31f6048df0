/**
 * @module A cheap pre-test that keeps `why` fast on million-line logs: from each pattern's source we
 * extract words that any match must contain as whole tokens; a line is only tried against the
 * patterns whose words it contains. Patterns without such a word are tried on every line.
 */

/** Splits a line (already lower-cased) the same way anchor words are cut from patterns. */
export function tokenize(lower: string): string[] {
  return lower.split(/[^a-z0-9]+/);
}

/** safe: a boundary (\\b, \\s, ^, $); open: start/end of the pattern; glued: a construct that may
 *  put letters or digits right next to the literal (quantifier, group, class, ., \\w, \\S). */
type Edge = 'safe' | 'open' | 'glued';

interface Run {
  text: string;
  left: Edge;
  right: Edge;
}

/** Common words make poor anchors (they select many lines); used only when nothing better exists. */
const COMMON = new Set([
  'the',
  'this',
  'that',
  'not',
  'for',
  'with',
  'and',
  'are',
  'was',
  'has',
  'from',
  'error',
  'err',
  'npm',
  'failed',
  'code',
]);

const WORD_ESCAPES = new Set(['b', 's', 'W']);
const META_ESCAPES = new Set([
  'd',
  'D',
  'w',
  'W',
  's',
  'S',
  'b',
  'B',
  'n',
  'r',
  't',
  'f',
  'v',
  'u',
  'x',
  'p',
  'P',
  'k',
  'c',
]);

/** Top-level alternatives of a pattern source (split on `|` outside groups and classes). */
function splitAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** Literal runs that every match of this (alternation-free at top level) source must contain. */
function literalRuns(source: string): Run[] {
  const runs: Run[] = [];
  let text = '';
  let left = 'open' as Edge;
  // the boundary in force before the last close (for an optional \s* that may match nothing)
  let beforeLast = 'open' as Edge;
  const close = (right: Edge) => {
    if (text) runs.push({ text, left, right });
    beforeLast = text ? 'glued' : left;
    text = '';
    left = right;
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (META_ESCAPES.has(next) || /[0-9]/.test(next)) {
        close(WORD_ESCAPES.has(next) ? 'safe' : 'glued');
        if (next === 'u' || next === 'x' || next === 'p' || next === 'P' || next === 'k') {
          // skip the escape's argument: \u{..}, \xHH, \p{..}, \k<..>
          if (source[i + 1] === '{' || source[i + 1] === '<') {
            const end = source.indexOf(source[i + 1] === '{' ? '}' : '>', i);
            if (end > 0) i = end;
          } else if (next === 'x') i += 2;
          else if (next === 'u') i += 4;
        }
      } else {
        text += next;
      }
      continue;
    }
    if (ch === '(' || ch === '[') {
      // skip the whole group/class; it may be optional or an alternation
      let depth = 0;
      let inClass = false;
      for (; i < source.length; i++) {
        const c = source[i];
        if (c === '\\') {
          i++;
          continue;
        }
        if (inClass) {
          if (c === ']') {
            inClass = false;
            if (depth === 0) break;
          }
          continue;
        }
        if (c === '[') inClass = true;
        else if (c === '(') depth++;
        else if (c === ')') {
          depth--;
          if (depth === 0) break;
        }
      }
      close('glued');
      continue;
    }
    if (ch === '*' || ch === '?' || ch === '+' || ch === '{') {
      if (!text) {
        // quantifier on an escape/group/class that already closed the run: a repeated \s/\b keeps the
        // boundary; one that may be absent leaves the boundary that came before it
        const mayBeAbsent = ch === '*' || ch === '?' || (ch === '{' && !/^\{0*[1-9]/.test(source.slice(i)));
        if (left === 'safe' && mayBeAbsent) left = beforeLast;
      } else {
        // the previous char may be absent (or repeated): drop it from the run
        text = text.slice(0, -1);
        close('glued');
      }
      if (ch === '{') {
        const end = source.indexOf('}', i);
        if (end > 0) i = end;
      }
      if (source[i + 1] === '?') i++;
      continue;
    }
    if (ch === '^' || ch === '$') {
      close('safe');
      continue;
    }
    if (ch === '.') {
      close('glued');
      continue;
    }
    text += ch;
  }
  close('open');
  return runs;
}

/** Score of a candidate anchor word: higher is better; 0 = unusable. */
function score(word: string, leftEdge: Edge | undefined, rightEdge: Edge | undefined): number {
  if (leftEdge === 'glued' || rightEdge === 'glued') return 0;
  const open = leftEdge === 'open' || rightEdge === 'open';
  return (COMMON.has(word) ? 0 : 1000) + (open ? 0 : 500) + word.length;
}

/** Words (≥2 chars) of a run with their score. */
function runWords(run: Run): { word: string; score: number }[] {
  const lower = run.text.toLowerCase();
  const words: { word: string; score: number }[] = [];
  const re = /[a-z0-9]+/g;
  for (let m = re.exec(lower); m; m = re.exec(lower)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length < 2) continue;
    const s = score(m[0], start === 0 ? run.left : undefined, end === lower.length ? run.right : undefined);
    if (s > 0) words.push({ word: m[0], score: s });
  }
  return words;
}

/**
 * Words of which at least one must appear as a token of any line the pattern matches (one per
 * top-level alternative), or undefined when the pattern has no usable word. A word bounded on both
 * sides is preferred (and a rare word over a common one); failing that, a word at the very start or
 * end of the pattern is used: it then only misses
 * a line where that word is glued to other letters or digits ("xnpm"), which the test that compares
 * this pre-filter with plain matching over the corpus and all examples watches for.
 */
export function anchorWords(source: string): string[] | undefined {
  const anchors: string[] = [];
  for (const alternative of splitAlternatives(source)) {
    let best = '';
    let bestScore = 0;
    for (const run of literalRuns(alternative)) {
      for (const { word, score: s } of runWords(run)) {
        if (s > bestScore) {
          best = word;
          bestScore = s;
        }
      }
    }
    if (!best) return undefined;
    anchors.push(best);
  }
  return anchors;
}

/** How many literal characters any match of the pattern must contain (the smallest over top-level
 *  alternatives): a measure of how specific a pattern is. */
export function literalLength(source: string): number {
  let min = Number.POSITIVE_INFINITY;
  for (const alternative of splitAlternatives(source)) {
    const n = literalRuns(alternative).reduce((s, r) => s + r.text.length, 0);
    if (n < min) min = n;
  }
  return Number.isFinite(min) ? min : 0;
}

/** All words a match must contain as whole tokens (bounded on both sides), for a pattern without
 *  top-level alternation; empty otherwise. Checked after the anchor, before running the pattern. */
export function requiredWords(source: string): string[] {
  const alternatives = splitAlternatives(source);
  if (alternatives.length !== 1) return [];
  const words = new Set<string>();
  for (const run of literalRuns(alternatives[0]!)) {
    const lower = run.text.toLowerCase();
    const re = /[a-z0-9]+/g;
    for (let m = re.exec(lower); m; m = re.exec(lower)) {
      const start = m.index;
      const end = start + m[0].length;
      const leftOk = start > 0 || run.left === 'safe';
      const rightOk = end < lower.length || run.right === 'safe';
      if (leftOk && rightOk && m[0].length >= 2) words.add(m[0]);
    }
  }
  return [...words];
}
