/**
 * @module Checksums in the notations registries and users write them (`sha256:<hex>`, bare hex,
 * SRI `sha512-<base64>`, Chocolatey's `sha512:<base64>`), read as (algorithm, bytes) so that
 * `--digest` compares like with like: the same bytes in hex and in base64 are one checksum, and a
 * sha256 is never compared with a sha512.
 */

/** The algorithms `--digest` understands. */
// sha3-384: what the Snap Store publishes for a snap; only with its prefix (bare 96-digit hex is sha384).
export type DigestAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'sha3-384';

/** One checksum, canonical: the algorithm and its bytes as lower-case hex. */
export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  /** The digest bytes, lower-case hex (so `sha256:AB…` and `sha256-q…` compare as strings). */
  hex: string;
}

const BYTES: Readonly<Record<DigestAlgorithm, number>> = {
  sha1: 20,
  sha256: 32,
  sha384: 48,
  sha512: 64,
  'sha3-384': 48,
};
const BY_HEX_LENGTH: Readonly<Record<number, DigestAlgorithm>> = {
  40: 'sha1',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
};

/**
 * One checksum in any accepted notation, or undefined: bare hex (algorithm by its length: 40 sha1,
 * 64 sha256, 96 sha384, 128 sha512), `<alg>:<hex>`, `<alg>:<base64>`, SRI `<alg>-<base64>` (an
 * SRI `?options` suffix is ignored); sha3-384 (Snap's checksum) only with its prefix. The hex or
 * base64 must hold exactly the algorithm's length.
 */
export function parseDigest(text: string): ParsedDigest | undefined {
  const value = text.trim();
  if (/^[0-9a-f]+$/i.test(value)) {
    const algorithm = BY_HEX_LENGTH[value.length];
    return algorithm ? { algorithm, hex: value.toLowerCase() } : undefined;
  }
  const match = /^(sha3-384|sha(?:1|256|384|512))([:-])(.+)$/i.exec(value);
  if (!match) return undefined;
  const algorithm = match[1]?.toLowerCase() as DigestAlgorithm;
  const body = (match[3] ?? '').replace(/\?.*$/, '');
  const bytes = BYTES[algorithm];
  if (/^[0-9a-f]+$/i.test(body) && body.length === bytes * 2) return { algorithm, hex: body.toLowerCase() };
  // Standard base64 (SRI, NuGet/Chocolatey hashes), and the URL-safe alphabet for good measure.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(body)) return undefined;
  const decoded = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return decoded.length === bytes ? { algorithm, hex: decoded.toString('hex') } : undefined;
}

/** `sha256:<hex>`: how a canonical checksum is shown. */
export function formatDigest(digest: ParsedDigest): string {
  return `${digest.algorithm}:${digest.hex}`;
}

/**
 * The algorithm a channel's checksum names, for messages (`sha3-384:…` → `sha3-384`, an SRI
 * `sha512-…` → `sha512`), whether or not we can compare it.
 */
export function digestAlgorithmName(text: string): string {
  const parsed = parseDigest(text);
  if (parsed) return parsed.algorithm;
  const value = text.trim();
  const colon = value.indexOf(':');
  if (colon > 0) return value.slice(0, colon).toLowerCase();
  return /^([a-z0-9]+(?:-\d+)?)-/i.exec(value)?.[1]?.toLowerCase() ?? 'an unknown algorithm';
}
