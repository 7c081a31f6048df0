/** @module zod shapes of the npm registry responses we read (only the fields we use). */
import { z } from 'zod';

/** `versions[v].dist`: where the tarball is and its checksums (sha512 SRI, legacy sha1). */
export const NpmDist = z.object({
  tarball: z.string().min(1),
  shasum: z.string().optional().catch(undefined),
  integrity: z.string().optional().catch(undefined),
});
export type NpmDist = z.infer<typeof NpmDist>;

/** One version document: an entry of `versions`, or the body of `GET /<name>/<version>`. */
export const NpmVersionManifest = z.object({
  name: z.string(),
  version: z.string(),
  dist: NpmDist,
  deprecated: z.string().optional().catch(undefined),
});
export type NpmVersionManifest = z.infer<typeof NpmVersionManifest>;

/**
 * The full packument (`GET /<name>` with `Accept: application/json`). Versions are validated one
 * at a time (old versions of busy packages carry odd shapes we never read); `time` values are
 * strings except `time.unpublished`, an object, when the whole package was unpublished.
 */
export const NpmPackument = z.object({
  name: z.string(),
  versions: z.record(z.string(), z.unknown()).optional(),
  time: z.record(z.string(), z.unknown()).optional().catch(undefined),
  'dist-tags': z.record(z.string(), z.string()).optional().catch(undefined),
});
export type NpmPackument = z.infer<typeof NpmPackument>;

/** `time.unpublished` of a package that was unpublished entirely. */
export const NpmUnpublished = z.object({ time: z.string() });
export type NpmUnpublished = z.infer<typeof NpmUnpublished>;
