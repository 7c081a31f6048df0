/** @module Scoop manifest → downloads with checksums (url[i] goes with hash[i]). */
import { fileNameOf } from '../git/git-channel.ts';
import type { ArtifactEvidence } from '../types.ts';
import type { ScoopArchitecture, ScoopManifest } from './schema.ts';

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The manifest's downloads. Scoop's `url#/rename.ext` trick is dropped from the url (it is not
 * part of the address). Bare hex is sha256 (Scoop's default); `sha512:`/`sha1:`/`md5:` go in
 * `digest`. Problems (empty or unreadable hash, url/hash count mismatch) are returned, not thrown.
 */
export function manifestArtifacts(manifest: ScoopManifest): {
  artifacts: ArtifactEvidence[];
  problems: string[];
} {
  const problems: string[] = [];
  const artifacts: ArtifactEvidence[] = [];
  const sources: [string, ScoopArchitecture][] = [['', manifest]];
  for (const [arch, spec] of Object.entries(manifest.architecture ?? {})) {
    if (spec && typeof spec === 'object') sources.push([arch, spec as ScoopArchitecture]);
  }
  for (const [arch, spec] of sources) {
    const urls = list(spec.url);
    const hashes = list(spec.hash);
    const where = arch ? `architecture.${arch}` : 'top level';
    if (hashes.length > 0 && hashes.length !== urls.length) {
      problems.push(`${where}: ${urls.length} url(s) but ${hashes.length} hash(es)`);
    }
    urls.forEach((raw, i) => {
      const url = raw.replace(/#\/.*$/, '');
      const name = fileNameOf(url);
      const artifact: ArtifactEvidence = { ...(name ? { name } : {}), url };
      const hash = hashes[i]?.trim();
      if (hash !== undefined) {
        const parsed = parseHash(hash);
        if (typeof parsed === 'string') problems.push(`${where}: hash for ${url} ${parsed}`);
        else Object.assign(artifact, parsed);
      }
      artifacts.push(artifact);
    });
  }
  if (artifacts.length === 0) problems.push('declares no url (neither top level nor per architecture)');
  return { artifacts, problems };
}

const LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha512: 128, sha1: 40, md5: 32 };

function parseHash(hash: string): { sha256: string } | { digest: string } | string {
  if (hash === '') return 'is empty';
  const match = /^(?:(sha256|sha512|sha1|md5):)?([0-9a-f]+)$/i.exec(hash);
  const algorithm = (match?.[1] ?? 'sha256').toLowerCase();
  const hex = match?.[2]?.toLowerCase();
  if (!hex || hex.length !== LENGTHS[algorithm])
    return `is not a ${algorithm} in hex: "${hash.slice(0, 80)}"`;
  return algorithm === 'sha256' ? { sha256: hex } : { digest: `${algorithm}:${hex}` };
}
