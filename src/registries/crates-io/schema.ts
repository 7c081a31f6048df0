/** @module crates.io API shapes (`/api/v1/crates/<name>/<version>`); only the fields we read. */
import * as z from '../../shared/zod.ts';

export const CratesIoVersion = z.object({
  crate: z.string(),
  num: z.string(),
  created_at: z.catch(z.optional(z.string()), undefined),
  checksum: z.catch(z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/i))), undefined),
  dl_path: z.catch(z.optional(z.string()), undefined),
  yanked: z.catch(z.optional(z.boolean()), undefined),
});
export type CratesIoVersion = z.infer<typeof CratesIoVersion>;

export const CratesIoVersionResponse = z.object({ version: CratesIoVersion });
export type CratesIoVersionResponse = z.infer<typeof CratesIoVersionResponse>;
