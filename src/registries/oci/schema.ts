/** @module zod shapes of the OCI distribution API answers we read (manifests, token, errors, config). */
import * as z from '../../shared/zod.ts';

const Digest = z.string().check(z.regex(/^sha(?:256|512):[a-f0-9]{64,128}$/));

/** A content descriptor (manifest entry, config, layer). */
export const OciDescriptor = z.object({
  mediaType: z.optional(z.string()),
  digest: Digest,
  size: z.number().check(z.int(), z.nonnegative()),
  platform: z.catch(
    z.optional(z.object({ architecture: z.string(), os: z.string(), variant: z.optional(z.string()) })),
    undefined,
  ),
});
export type OciDescriptor = z.infer<typeof OciDescriptor>;

/** An OCI image index or Docker manifest list: one manifest per platform (plus attestations). */
export const OciImageIndex = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.optional(z.string()),
  manifests: z.array(OciDescriptor),
});
export type OciImageIndex = z.infer<typeof OciImageIndex>;

/** An OCI image manifest or Docker v2 schema 2 manifest: one config blob plus layers. */
export const OciImageManifest = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.optional(z.string()),
  config: OciDescriptor,
  layers: z.array(OciDescriptor),
});
export type OciImageManifest = z.infer<typeof OciImageManifest>;

export const OciManifest = z.union([OciImageIndex, OciImageManifest]);
export type OciManifest = z.infer<typeof OciManifest>;

/** The image config blob; `created` is the only publish time an OCI registry keeps. */
export const OciImageConfig = z.object({
  created: z.catch(z.optional(z.string()), undefined),
  architecture: z.catch(z.optional(z.string()), undefined),
  os: z.catch(z.optional(z.string()), undefined),
});
export type OciImageConfig = z.infer<typeof OciImageConfig>;

/** Token endpoint answer (Docker token spec: `token`, OAuth2 style: `access_token`). */
export const OciTokenResponse = z
  .object({
    token: z.optional(z.string().check(z.minLength(1))),
    access_token: z.optional(z.string().check(z.minLength(1))),
  })
  .check(z.refine((t) => t.token !== undefined || t.access_token !== undefined, 'no token in the answer'));
export type OciTokenResponse = z.infer<typeof OciTokenResponse>;

/** Error envelope: `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}`. */
export const OciErrors = z.object({
  errors: z.array(z.object({ code: z.string(), message: z.catch(z.optional(z.string()), undefined) })),
});
export type OciErrors = z.infer<typeof OciErrors>;
