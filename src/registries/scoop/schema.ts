/**
 * @module Scoop app manifest (bucket/<app>.json), only the fields we read: `version`, and
 * `url`/`hash` at the top or per `architecture` (64bit, 32bit, arm64). Both may be arrays.
 */
import * as z from '../../shared/zod.ts';

const OneOrMany = z.union([z.string(), z.array(z.string())]);

export const ScoopArchitecture = z.looseObject({
  url: z.optional(OneOrMany),
  hash: z.optional(OneOrMany),
});
export type ScoopArchitecture = z.infer<typeof ScoopArchitecture>;

export const ScoopManifest = z.looseObject({
  version: z.string().check(z.minLength(1)),
  url: z.optional(OneOrMany),
  hash: z.optional(OneOrMany),
  architecture: z.optional(
    z.looseObject({
      '64bit': z.optional(ScoopArchitecture),
      '32bit': z.optional(ScoopArchitecture),
      arm64: z.optional(ScoopArchitecture),
    }),
  ),
});
export type ScoopManifest = z.infer<typeof ScoopManifest>;
