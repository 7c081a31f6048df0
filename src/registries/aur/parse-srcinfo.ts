/**
 * @module `.SRCINFO` (what makepkg --printsrcinfo writes, and the AUR requires in every push):
 * the pkgbase section's version and its sources paired with their checksums by position,
 * per architecture (`source_x86_64` ↔ `sha256sums_x86_64`).
 */
import { fileNameOf } from '../git/git-channel.ts';
import type { ArtifactEvidence } from '../types.ts';

export interface SrcInfo {
  /** `[epoch:]pkgver-pkgrel`, as the RPC spells `Version`. */
  version: string | undefined;
  /** Remote sources (http/https/ftp) with their checksum; local files and VCS sources left out. */
  artifacts: ArtifactEvidence[];
  /** Why the file cannot be trusted (no pkgbase, sums that do not line up); empty when fine. */
  problems: string[];
}

const SUMS = [
  'sha256sums',
  'sha512sums',
  'b2sums',
  'sha1sums',
  'md5sums',
  'sha384sums',
  'sha224sums',
  'cksums',
];
const HEX = /^[0-9a-f]+$/i;

export function parseSrcInfo(text: string): SrcInfo {
  const values = new Map<string, string[]>();
  const problems: string[] = [];
  let sawBase = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf(' = ');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 3).trim();
    if (key === 'pkgbase') sawBase = true;
    // Split packages cannot change sources: the pkgbase section is all we need.
    if (key === 'pkgname') break;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  if (!sawBase) problems.push('no `pkgbase = …` line: not a .SRCINFO');
  const pkgver = values.get('pkgver')?.[0];
  const pkgrel = values.get('pkgrel')?.[0];
  const epoch = values.get('epoch')?.[0];
  if (sawBase && (!pkgver || !pkgrel)) problems.push('no pkgver/pkgrel');
  const version =
    pkgver && pkgrel ? `${epoch && epoch !== '0' ? `${epoch}:` : ''}${pkgver}-${pkgrel}` : undefined;

  const artifacts: ArtifactEvidence[] = [];
  for (const [key, sources] of values) {
    const suffix = /^source(_.+)?$/.exec(key);
    if (!suffix) continue;
    const arch = suffix[1] ?? '';
    const algorithm = SUMS.find((s) => values.has(`${s}${arch}`));
    if (!algorithm) {
      // makepkg refuses a source array without checksums ("Integrity checks are missing").
      problems.push(`${key} has no checksum array (${SUMS[0]}${arch} or another algorithm)`);
      continue;
    }
    const sums = values.get(`${algorithm}${arch}`) ?? [];
    if (sums.length !== sources.length) {
      problems.push(`${key} has ${sources.length} entries but ${algorithm}${arch} has ${sums.length}`);
      continue;
    }
    sources.forEach((entry, i) => {
      const url = entry.includes('::') ? entry.slice(entry.indexOf('::') + 2) : entry;
      if (!/^(?:https?|ftp):\/\//i.test(url)) return;
      const name = entry.includes('::') ? entry.slice(0, entry.indexOf('::')) : fileNameOf(url);
      const artifact: ArtifactEvidence = { ...(name ? { name } : {}), url };
      const sum = sums[i]?.trim() ?? '';
      if (sum !== 'SKIP') {
        if (!HEX.test(sum))
          problems.push(`${algorithm}${arch}[${i}] for ${url} is not hex: "${sum.slice(0, 80)}"`);
        else if (algorithm === 'sha256sums') {
          if (sum.length !== 64) problems.push(`sha256sums${arch}[${i}] for ${url} is not 64 hex digits`);
          else artifact.sha256 = sum.toLowerCase();
        } else artifact.digest = `${algorithm.replace(/sums$/, '')}:${sum.toLowerCase()}`;
      }
      artifacts.push(artifact);
    });
  }
  return { version, artifacts, problems };
}
