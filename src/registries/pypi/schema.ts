/** @module PyPI JSON API shapes (warehouse docs/user/api/json.md); only the fields we read. */
import { z } from 'zod';

export const PypiFile = z.object({
  filename: z.string(),
  packagetype: z.string().optional().catch(undefined),
  url: z.string(),
  digests: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/i) }).partial(),
  upload_time_iso_8601: z.string().optional().catch(undefined),
  yanked: z.boolean().optional().catch(undefined),
});
export type PypiFile = z.infer<typeof PypiFile>;

/** `GET /pypi/<project>/<version>/json`: the release endpoint (`urls` = files of that release). */
export const PypiRelease = z.object({
  info: z.object({
    name: z.string(),
    version: z.string(),
    yanked: z.boolean().optional().catch(undefined),
    yanked_reason: z.string().nullable().optional().catch(undefined),
  }),
  urls: z.array(PypiFile),
});
export type PypiRelease = z.infer<typeof PypiRelease>;
