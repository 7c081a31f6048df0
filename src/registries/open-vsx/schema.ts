/** @module Open VSX `GET /api/{namespace}/{extension}/{version}` (openvsx RegistryAPI); only the fields we read. */
import { z } from 'zod';

export const OpenVsxExtension = z.object({
  namespace: z.string(),
  name: z.string(),
  version: z.string(),
  timestamp: z.string().optional().catch(undefined),
  targetPlatform: z.string().optional().catch(undefined),
  preRelease: z.boolean().optional().catch(undefined),
  /** Links: `download` (the VSIX), `sha256` (a text file holding the VSIX's hex sha256), … */
  files: z.record(z.string(), z.string()).optional().catch(undefined),
  error: z.string().optional().catch(undefined),
});
export type OpenVsxExtension = z.infer<typeof OpenVsxExtension>;
