/** @module PyPI JSON API shapes (warehouse docs/user/api/json.md); only the fields we read. */
import * as z from '../../shared/zod.ts';

export const PypiFile = z.object({
  filename: z.string(),
  packagetype: z.catch(z.optional(z.string()), undefined),
  url: z.string(),
  digests: z.partial(z.object({ sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/i)) })),
  upload_time_iso_8601: z.catch(z.optional(z.string()), undefined),
  yanked: z.catch(z.optional(z.boolean()), undefined),
});
export type PypiFile = z.infer<typeof PypiFile>;

/** `GET /pypi/<project>/<version>/json`: the release endpoint (`urls` = files of that release). */
export const PypiRelease = z.object({
  info: z.object({
    name: z.string(),
    version: z.string(),
    yanked: z.catch(z.optional(z.boolean()), undefined),
    yanked_reason: z.catch(z.optional(z.nullable(z.string())), undefined),
  }),
  urls: z.array(PypiFile),
});
export type PypiRelease = z.infer<typeof PypiRelease>;
