/** @module zod shapes of the npm registry responses we read (only the fields we use). */
import * as z from '../../shared/zod.ts';

/** `versions[v].dist`: where the tarball is and its checksums (sha512 SRI, legacy sha1). */
export const NpmDist = z.object({
  tarball: z.string().check(z.minLength(1)),
  shasum: z.catch(z.optional(z.string()), undefined),
  integrity: z.catch(z.optional(z.string()), undefined),
});
export type NpmDist = z.infer<typeof NpmDist>;

/** One version document: an entry of `versions`, or the body of `GET /<name>/<version>`. */
export const NpmVersionManifest = z.object({
  name: z.string(),
  version: z.string(),
  dist: NpmDist,
  deprecated: z.catch(z.optional(z.string()), undefined),
});
export type NpmVersionManifest = z.infer<typeof NpmVersionManifest>;

/**
 * The full packument (`GET /<name>` with `Accept: application/json`). Versions are validated one
 * at a time (old versions of busy packages carry odd shapes we never read); `time` values are
 * strings except `time.unpublished`, an object, when the whole package was unpublished.
 */
export const NpmPackument = z.object({
  name: z.string(),
  versions: z.optional(z.record(z.string(), z.unknown())),
  time: z.catch(z.optional(z.record(z.string(), z.unknown())), undefined),
  'dist-tags': z.catch(z.optional(z.record(z.string(), z.string())), undefined),
});
export type NpmPackument = z.infer<typeof NpmPackument>;

/** `time.unpublished` of a package that was unpublished entirely. */
export const NpmUnpublished = z.object({ time: z.string() });
export type NpmUnpublished = z.infer<typeof NpmUnpublished>;
