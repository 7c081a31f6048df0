/**
 * @module Masking: turns the obvious variables of one whitespace-separated token into `<*>` before
 * clustering. The rules are data (names, regex sources, replacements) so a user can extend or
 * replace them; `DEFAULT_MASKING` is the one universal default.
 *
 * How a token is masked, in order:
 *  1. the token is cut into pieces at delimiter characters (`delimiters`), keeping the
 *     delimiters, so `uid=0`, `(HWID=1973)`, `10.1.2.3:50010` or `[173.234.31.186]` keep their
 *     punctuation around the variable, the way hand-labelled templates write it;
 *  2. where a piece starts (token start, or after a delimiter other than `/`), span rules
 *     (`scope: 'span'`: URLs, paths) are tried first; a match swallows its whole span, delimiters
 *     included, so a path is one variable;
 *  3. otherwise the piece (minus trailing sentence dots, which stay) is tested against the piece
 *     rules (`scope: 'piece'`), whole-piece anchored; the first match replaces the piece.
 */

/** One masking rule. */
export interface MaskRule {
  /** Short stable name (`url`, `path`, `has-digit`...), for tests and masking files. */
  name: string;
  /** What the rule is for, in plain words. */
  description: string;
  /** `span`: tried where a piece starts, may run across delimiters; `piece`: a whole piece. */
  scope: 'span' | 'piece';
  /** Regular expression source; a piece rule must match the whole piece (anchors are added). */
  pattern: string;
  /** Replacement (`$1` etc. refer to groups); `<*>` marks the variable part. */
  replace: string;
  /** Regex flags (`i`); `g`/`y` are not allowed. */
  flags?: string;
  /** Fast pre-check: the rule is only tried on tokens (span) or pieces containing this text. */
  requires?: string;
  /** Fast pre-check: the rule can only match pieces holding a digit. */
  needsDigit?: boolean;
  /** Fast pre-check: the rule can only match pieces up to this many characters. */
  maxLength?: number;
}

/** A complete masking configuration. */
export interface MaskingConfig {
  /** Characters that cut a token into pieces (kept in the output). */
  delimiters: string;
  /** Tested in order; the first matching rule of a scope wins. */
  rules: MaskRule[];
}

/** The placeholder written for a variable. */
export const WILDCARD = '<*>';

/**
 * The universal default. Nothing here is specific to one system: it masks the shapes that are
 * variables in any log (numbers, hex, ids with digits, IPs, paths, URLs, booleans/null).
 */
export const DEFAULT_MASKING: MaskingConfig = {
  delimiters: '=:,;()[]{}<>"\'|@#/',
  rules: [
    {
      name: 'url',
      description: 'scheme://anything up to a quote or closing bracket: keeps the scheme, masks the rest',
      scope: 'span',
      pattern: '([A-Za-z][A-Za-z0-9+.-]*://)[^\\s"\'\\])>,;]*',
      replace: `$1${WILDCARD}`,
      requires: '://',
    },
    {
      name: 'iso-timestamp',
      description: 'an ISO 8601 date-time written as one word (`2025-08-20T21:04:54.1234567Z`)',
      scope: 'span',
      pattern: '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?',
      replace: WILDCARD,
      requires: 'T',
      needsDigit: true,
    },
    {
      name: 'path',
      description:
        'absolute, relative or home paths (/a/b, ./a, ../a//b, ~/a, …/a as elided in logs) up to a delimiter',
      scope: 'span',
      pattern: '(?:~|\\.{1,3})?(?:/+[^/\\s:,;()\\[\\]{}<>"\'|=]+)+/*',
      replace: WILDCARD,
      requires: '/',
    },
    {
      name: 'windows-path',
      description: 'a Windows path (`C:\\Windows\\system32\\x.dll`, `\\\\server\\share`) up to a delimiter',
      scope: 'span',
      pattern:
        '(?:[A-Za-z]:|\\\\\\\\[^\\\\\\s:,;()\\[\\]{}<>"\'|=]+)(?:\\\\[^\\\\\\s:,;()\\[\\]{}<>"\'|=]*)+',
      replace: WILDCARD,
      requires: '\\',
    },
    {
      name: 'hostname',
      description: 'a host name of three or more labels under a common top-level domain (`ns1.example.com`)',
      scope: 'piece',
      pattern:
        '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.){2,}(?:com|net|org|edu|gov|mil|int|io|co|us|uk|de|fr|nl|eu|jp|cn|kr|tw|hk|ru|br|in|au|ca|ch|se|it|es|pl|info|biz|dev|app|cloud|local|internal|lan)',
      replace: WILDCARD,
      flags: 'i',
      requires: '.',
    },
    {
      name: 'word-dot-number',
      description: 'a word, dots, then an integer (`core.2275`, `enabled.....1`): only the number varies',
      scope: 'piece',
      pattern: '([A-Za-z]*(?:[-_][A-Za-z]+)*\\.+)(\\d+)',
      replace: `$1${WILDCARD}`,
      needsDigit: true,
    },
    {
      name: 'word-dash-number',
      description: 'a single word, a dash, then a number (`node-129`, `jetty-6.1.26`)',
      scope: 'piece',
      pattern: '([A-Za-z]{2,}-)(\\d+(?:\\.\\d+)*)',
      replace: `$1${WILDCARD}`,
      needsDigit: true,
    },
    {
      name: 'has-digit',
      description:
        'numbers, hex, versions, durations, IPs, ids, shas, timestamps: a piece that starts with a ' +
        'digit, has a digit after a non-letter, ends in two or more digits (`bglio559`), or is hex ' +
        'of 6+ characters. Digits inside a name stay (`ssh2`, `jk2_init`, `log4j`, `Brcm43xx`).',
      scope: 'piece',
      pattern: '\\d.*|.*[^A-Za-z]\\d.*|.*\\d\\d|(?=[0-9a-fA-F]{6,}$)[a-fA-F]*\\d[0-9a-fA-F]*',
      replace: WILDCARD,
      needsDigit: true,
    },
    {
      name: 'calendar',
      description: 'day and month names, as in timestamps (`Fri Jun 17 07:07:00 2005`)',
      scope: 'piece',
      pattern: 'Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec',
      replace: WILDCARD,
      maxLength: 3,
    },
    {
      name: 'boolean-null',
      description: 'true, false, null: values, not wording',
      scope: 'piece',
      pattern: 'true|false|null',
      flags: 'i',
      replace: WILDCARD,
      maxLength: 5,
    },
  ],
};

interface CompiledRule {
  re: RegExp;
  replace: string;
  requires: string | undefined;
  needsDigit: boolean;
  maxLength: number | undefined;
  /** The replacement as literal text and group numbers, expanded without another regex pass. */
  parts: (string | number)[];
}

function replacementParts(replace: string): (string | number)[] {
  return replace.split(/\$(\d)/).map((part, i) => (i % 2 === 1 ? Number(part) : part));
}

function expand(parts: readonly (string | number)[], m: RegExpExecArray): string {
  let out = '';
  for (const p of parts) out += typeof p === 'number' ? (m[p] ?? '') : p;
  return out;
}

/**
 * A copy of `s` that does not keep alive the (large) string it was sliced from. V8 makes slices of
 * 13+ characters point into their parent: a cached token sliced from a line sliced from a 256 KiB
 * read chunk would pin the whole chunk. Used only where strings are kept (caches, templates).
 */
export function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** A compiled masker: maps a token to its masked form. */
export type Masker = (token: string) => string;

const CACHE_LIMIT = 65_536;
const CACHE_MAX_TOKEN = 24;

/** A compiled configuration, with what the miner's hot path needs to skip plain words. */
export interface CompiledMasking {
  mask: Masker;
  /** `mask` for a token already known to hold a special character (skips the plain-word check). */
  maskSpecial: Masker;
  /** 1 for ASCII codes that make a token worth masking (digits, delimiters, `:`, `/`...). */
  special: Uint8Array;
  /** Tokens without special characters (and all ASCII) longer than this are never changed. */
  maxWordLength: number;
}

/** Compiles a config into a fast token masker (with a bounded cache of recent tokens). */
export function createMasker(config: MaskingConfig = DEFAULT_MASKING): Masker {
  return compileMasking(config).mask;
}

export function compileMasking(config: MaskingConfig = DEFAULT_MASKING): CompiledMasking {
  const spanRules: CompiledRule[] = [];
  const pieceRules: CompiledRule[] = [];
  for (const rule of config.rules) {
    if (rule.flags && /[gy]/.test(rule.flags)) {
      throw new Error(`masking rule ${rule.name}: flags g and y are not allowed`);
    }
    const common = {
      replace: rule.replace,
      requires: rule.requires,
      needsDigit: rule.needsDigit ?? false,
      maxLength: rule.maxLength,
      parts: replacementParts(rule.replace),
    };
    if (rule.scope === 'span') {
      spanRules.push({ re: new RegExp(rule.pattern, `${rule.flags ?? ''}y`), ...common });
    } else {
      pieceRules.push({ re: new RegExp(`^(?:${rule.pattern})$`, rule.flags ?? ''), ...common });
    }
  }
  const isDelimiter = new Uint8Array(128);
  for (const ch of config.delimiters) {
    const code = ch.charCodeAt(0);
    if (code < 128) isDelimiter[code] = 1;
  }
  // Pieces without a digit only need the rules that can match words (booleans, day names...).
  const wordRules = pieceRules.filter((r) => !r.needsDigit);
  // A plain word longer than every word rule allows is left alone without a lookup.
  // (A word rule that requires some text only sees tokens holding it: that text is special.)
  let maxWordLength = wordRules.reduce(
    (max, r) => (r.requires !== undefined ? max : Math.max(max, r.maxLength ?? Number.POSITIVE_INFINITY)),
    0,
  );
  const special = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) special[c] = 1;
  special[58] = 1;
  special[47] = 1;
  for (let c = 0; c < 128; c++) if (isDelimiter[c] === 1) special[c] = 1;
  for (const r of wordRules) {
    if (r.requires !== undefined)
      for (const ch of r.requires) if (ch.charCodeAt(0) < 128) special[ch.charCodeAt(0)] = 1;
  }
  for (const r of spanRules) {
    if (r.needsDigit) continue;
    // A span rule that may match a word without digits: its required text makes a token special;
    // without one, every token must be looked at.
    if (r.requires === undefined) maxWordLength = Number.POSITIVE_INFINITY;
    else for (const ch of r.requires) if (ch.charCodeAt(0) < 128) special[ch.charCodeAt(0)] = 1;
  }

  const maskPiece = (piece: string, hasDigit: boolean): string => {
    let end = piece.length;
    while (end > 0 && piece.charCodeAt(end - 1) === 46) end--;
    if (end === 0) return piece;
    const core = end === piece.length ? piece : piece.slice(0, end);
    const rules = hasDigit ? pieceRules : wordRules;
    for (const rule of rules) {
      if (rule.maxLength !== undefined && end > rule.maxLength) continue;
      if (rule.requires !== undefined && !core.includes(rule.requires)) continue;
      const m = rule.re.exec(core);
      if (m !== null) return expand(rule.parts, m) + piece.slice(end);
    }
    return piece;
  };

  // Span rules whose required text the current token holds (computed once per token).
  const applicable: CompiledRule[] = [];
  const trySpan = (token: string, at: number): { text: string; end: number } | undefined => {
    for (const rule of applicable) {
      rule.re.lastIndex = at;
      const m = rule.re.exec(token);
      if (m !== null && m[0].length > 0) return { text: expand(rule.parts, m), end: at + m[0].length };
    }
    return undefined;
  };

  const maskUncached = (token: string): string => {
    applicable.length = 0;
    for (const r of spanRules) if (r.requires === undefined || token.includes(r.requires)) applicable.push(r);
    let out = '';
    let start = 0;
    let digit = false;
    let pieceStart = true;
    let i = 0;
    while (i < token.length) {
      if (pieceStart && applicable.length > 0) {
        pieceStart = false;
        const span = trySpan(token, i);
        if (span !== undefined) {
          out += span.text;
          i = span.end;
          start = i;
          digit = false;
          continue;
        }
      }
      const code = token.charCodeAt(i);
      if (code < 128 && isDelimiter[code] === 1) {
        if (i > start) out += maskPiece(token.slice(start, i), digit);
        out += token[i];
        start = i + 1;
        digit = false;
        pieceStart = code !== 47;
      } else if (code >= 48 && code <= 57) {
        digit = true;
      }
      i++;
    }
    if (start < token.length) out += maskPiece(token.slice(start), digit);
    // A comma-separated list of variables is one variable.
    while (out.includes('<*>,<*>')) out = out.replaceAll('<*>,<*>', WILDCARD);
    return out;
  };

  let cache = new Map<string, string>();
  const mask = (token: string): string => {
    // Fast path: most tokens are plain words (ASCII, nothing special); of those only the short
    // ones a word rule could match (`Jun`, `true`, `null`) need the rules.
    let plain = true;
    const n = token.length;
    for (let i = 0; i < n; i++) {
      const code = token.charCodeAt(i);
      if (code >= 128 || special[code] === 1) {
        plain = false;
        break;
      }
    }
    if (plain && n > maxWordLength) return token;
    return maskSpecial(token);
  };
  const maskSpecial = (token: string): string => {
    // Long tokens (paths, ids) and tokens holding digits (numbers, versions, hashes) rarely
    // repeat: caching them would only churn the cache. Words and punctuation do repeat.
    const n = token.length;
    if (n > CACHE_MAX_TOKEN) return maskUncached(token);
    for (let i = 0; i < n; i++) {
      const code = token.charCodeAt(i);
      if (code >= 48 && code <= 57) return maskUncached(token);
    }
    const hit = cache.get(token);
    if (hit !== undefined) return hit;
    const masked = detach(maskUncached(token));
    if (cache.size >= CACHE_LIMIT) cache = new Map();
    cache.set(masked === token ? masked : detach(token), masked);
    return masked;
  };
  return { mask, maskSpecial, special, maxWordLength };
}
