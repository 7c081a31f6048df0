/** @module Open VSX `GET /api/{namespace}/{extension}/{version}` (openvsx RegistryAPI); only the fields we read. */
import * as z from '../../shared/zod.ts';

export const OpenVsxExtension = z.object({
  namespace: z.string(),
  name: z.string(),
  version: z.string(),
  timestamp: z.catch(z.optional(z.string()), undefined),
  targetPlatform: z.catch(z.optional(z.string()), undefined),
  preRelease: z.catch(z.optional(z.boolean()), undefined),
  /** Links: `download` (the VSIX), `sha256` (a text file holding the VSIX's hex sha256), … */
  files: z.catch(z.optional(z.record(z.string(), z.string())), undefined),
  error: z.catch(z.optional(z.string()), undefined),
});
export type OpenVsxExtension = z.infer<typeof OpenVsxExtension>;
