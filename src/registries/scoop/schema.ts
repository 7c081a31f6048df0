/**
 * @module Scoop app manifest (bucket/<app>.json), only the fields we read: `version`, and
 * `url`/`hash` at the top or per `architecture` (64bit, 32bit, arm64). Both may be arrays.
 */
import { z } from 'zod';

const OneOrMany = z.union([z.string(), z.array(z.string())]);

export const ScoopArchitecture = z.looseObject({
  url: OneOrMany.optional(),
  hash: OneOrMany.optional(),
});
export type ScoopArchitecture = z.infer<typeof ScoopArchitecture>;

export const ScoopManifest = z.looseObject({
  version: z.string().min(1),
  url: OneOrMany.optional(),
  hash: OneOrMany.optional(),
  architecture: z
    .looseObject({
      '64bit': ScoopArchitecture.optional(),
      '32bit': ScoopArchitecture.optional(),
      arm64: ScoopArchitecture.optional(),
    })
    .optional(),
});
export type ScoopManifest = z.infer<typeof ScoopManifest>;
