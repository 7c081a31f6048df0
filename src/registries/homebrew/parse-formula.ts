/**
 * @module Reads what a Homebrew formula or cask (Ruby) declares without running Ruby: the
 * version, and each download `url` with its `sha256`, including per-OS/arch blocks
 * (`on_macos do … if Hardware::CPU.arm?`, `on_arm do`) and cask `arch`/`sha256 arm:, intel:`.
 * Bottles, resources and patches are skipped: they are not the release's artifacts.
 */

/** One download the formula declares. */
export interface FormulaArtifact {
  /** Download address, `#{version}`/`#{arch}` filled in. */
  url: string;
  /** Lower-case hex; undefined for `:no_check` or a VCS url without a checksum. */
  sha256?: string;
}

export interface ParsedFormula {
  /** `cask "…" do` files are casks; everything else is read as a formula. */
  kind: 'formula' | 'cask';
  /** Explicit `version "…"`, else inferred from the first url; undefined when neither works. */
  version: string | undefined;
  artifacts: FormulaArtifact[];
  /** Why the file cannot be trusted (empty or non-hex sha256, no url, no class); empty when fine. */
  problems: string[];
}

// Blocks whose url/sha256 lines are not the release's download.
const SKIPPED_BLOCKS =
  /^\s*(resource|patch|bottle|head|livecheck|test|def|caveats|postflight|preflight|uninstall|zap)\b/;
const OPENS =
  /(?:\bdo\s*(?:\|[^|]*\|)?\s*$)|(?:^\s*(?:if|unless|case|def|class|module|begin|while|until)\b(?!.*\bend\s*$))/;
const CLOSES = /^\s*end\b/;

const HEX64 = /^[0-9a-f]{64}$/i;

export function parseFormula(text: string): ParsedFormula {
  const kind = /^\s*cask\s+["']/m.test(text) ? 'cask' : 'formula';
  const problems: string[] = [];
  if (kind === 'formula' && !/^\s*class\s+\w+\s*<\s*Formula\b/m.test(text)) {
    problems.push('no `class … < Formula` and no `cask "…" do`: not a formula or cask');
  }
  let version: string | undefined;
  let arch: Record<string, string> | undefined;
  const statements: { type: 'url' | 'sha'; value: string; arch?: Record<string, string> }[] = [];
  const boundary = () => statements.push({ type: 'url', value: '\0boundary' });
  let depth = 0;
  let skipUntil: number | undefined;

  // A statement continued after a trailing comma (`sha256 arm: "…",⏎ intel: "…"`) is one line.
  for (const raw of text.replace(/,[ \t]*\r?\n\s*/g, ', ').split('\n')) {
    const line = raw.replace(/^\s*#.*$/, '');
    if (!line.trim()) continue;
    if (CLOSES.test(line)) {
      depth -= 1;
      if (skipUntil !== undefined && depth < skipUntil) skipUntil = undefined;
      boundary();
      continue;
    }
    const opens = OPENS.test(line);
    if (skipUntil === undefined && opens && SKIPPED_BLOCKS.test(line)) skipUntil = depth + 1;
    if (opens) {
      depth += 1;
      boundary();
    }
    if (skipUntil !== undefined) continue;
    const versionMatch = /^\s*version\s+["']([^"']+)["']/.exec(line);
    if (versionMatch && version === undefined) version = versionMatch[1];
    const archMatch = /^\s*arch\s+(.*)$/.exec(line);
    if (archMatch) arch = keyed(archMatch[1] ?? '');
    const urlMatch = /^\s*url\s+["']([^"']+)["']/.exec(line);
    if (urlMatch?.[1]) statements.push({ type: 'url', value: urlMatch[1] });
    const shaMatch = /^\s*sha256\s+(.*)$/.exec(line);
    if (shaMatch) {
      const rest = (shaMatch[1] ?? '').trim();
      if (rest.startsWith(':no_check')) statements.push({ type: 'sha', value: '\0nocheck' });
      else if (/^["']/.test(rest))
        statements.push({ type: 'sha', value: /^["']([^"']*)["']/.exec(rest)?.[1] ?? '\0bad' });
      else statements.push({ type: 'sha', value: '\0arch', arch: keyed(rest) });
    }
  }
  if (depth !== 0) problems.push(`unbalanced do/end (${depth > 0 ? 'missing' : 'extra'} end)`);

  const pairs = pairUp(statements, problems);
  const resolvedVersion = version ?? inferVersion(pairs[0]?.url);
  const artifacts = pairs.flatMap((pair) => expand(pair, resolvedVersion, arch));
  if (artifacts.length === 0 && problems.length === 0) problems.push('declares no download url');
  return { kind, version: resolvedVersion, artifacts, problems };
}

interface Pair {
  url: string;
  sha: string | undefined;
  shaByArch?: Record<string, string>;
}

/** Pairs each url with the sha256 next to it in the same block (formulas: after; casks: before). */
function pairUp(
  statements: readonly { type: 'url' | 'sha'; value: string; arch?: Record<string, string> }[],
  problems: string[],
): Pair[] {
  const pairs: Pair[] = [];
  let url: string | undefined;
  let sha: { value: string; arch?: Record<string, string> } | undefined;
  const flush = () => {
    if (url !== undefined) pairs.push({ url, sha: undefined });
    url = undefined;
    sha = undefined;
  };
  for (const s of statements) {
    if (s.value === '\0boundary') {
      flush();
      continue;
    }
    if (s.type === 'url') {
      if (url !== undefined) flush();
      if (sha) {
        pairs.push(toPair(s.value, sha, problems));
        sha = undefined;
      } else url = s.value;
    } else if (url !== undefined) {
      pairs.push(toPair(url, s, problems));
      url = undefined;
    } else sha = s;
  }
  flush();
  return pairs;
}

function toPair(
  url: string,
  sha: { value: string; arch?: Record<string, string> },
  problems: string[],
): Pair {
  if (sha.value === '\0arch') {
    const byArch = sha.arch ?? {};
    for (const [key, value] of Object.entries(byArch)) checkSha(value, `${url} (${key})`, problems);
    return { url, sha: undefined, shaByArch: byArch };
  }
  if (sha.value === '\0nocheck') return { url, sha: undefined };
  checkSha(sha.value, url, problems);
  return { url, sha: sha.value.toLowerCase() };
}

function checkSha(value: string, url: string, problems: string[]): void {
  if (value === '\0bad' || value === '') problems.push(`sha256 for ${url} is empty`);
  else if (!HEX64.test(value))
    problems.push(`sha256 for ${url} is not 64 hex digits: "${value.slice(0, 80)}"`);
}

function expand(
  pair: Pair,
  version: string | undefined,
  arch: Record<string, string> | undefined,
): FormulaArtifact[] {
  const withVersion = version ? pair.url.replaceAll('#{version}', version) : pair.url;
  if (pair.shaByArch) {
    return Object.entries(pair.shaByArch).map(([key, sha]) => {
      const url = withVersion.replaceAll('#{arch}', arch?.[key] ?? key);
      return HEX64.test(sha) ? { url, sha256: sha.toLowerCase() } : { url };
    });
  }
  if (arch && withVersion.includes('#{arch}')) {
    return Object.values(arch).map((value) => ({
      url: withVersion.replaceAll('#{arch}', value),
      ...(pair.sha && HEX64.test(pair.sha) ? { sha256: pair.sha } : {}),
    }));
  }
  return [{ url: withVersion, ...(pair.sha && HEX64.test(pair.sha) ? { sha256: pair.sha } : {}) }];
}

/** `arm: "a", intel: "b"` → { arm: 'a', intel: 'b' }. */
function keyed(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+):\s*["']([^"']*)["']/g)) if (m[1]) out[m[1]] = m[2] ?? '';
  return out;
}

/** Homebrew infers a missing `version` from the url; this covers release-download and tarball names. */
export function inferVersion(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const path = url.split(/[?#]/)[0] ?? '';
  const tag =
    /\/(?:releases\/download|archive\/refs\/tags|archive)\/v?(\d[^/]*?)(?:\.tar\.\w+|\.tgz|\.zip)?(?:\/|$)/.exec(
      path,
    );
  if (tag?.[1]) return tag[1];
  const file =
    /[-_]v?(\d+(?:\.\d+)+(?:[-.]?[a-z]+\d*)?)(?:[-_.][a-z0-9_]+)*?\.(?:tar\.\w+|tgz|zip|dmg|pkg)$/i.exec(
      path,
    );
  return file?.[1];
}
