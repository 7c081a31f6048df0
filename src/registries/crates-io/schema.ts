/** @module crates.io API shapes (`/api/v1/crates/<name>/<version>`); only the fields we read. */
import { z } from 'zod';

export const CratesIoVersion = z.object({
  crate: z.string(),
  num: z.string(),
  created_at: z.string().optional().catch(undefined),
  checksum: z
    .string()
    .regex(/^[0-9a-f]{64}$/i)
    .optional()
    .catch(undefined),
  dl_path: z.string().optional().catch(undefined),
  yanked: z.boolean().optional().catch(undefined),
});
export type CratesIoVersion = z.infer<typeof CratesIoVersion>;

export const CratesIoVersionResponse = z.object({ version: CratesIoVersion });
export type CratesIoVersionResponse = z.infer<typeof CratesIoVersionResponse>;
