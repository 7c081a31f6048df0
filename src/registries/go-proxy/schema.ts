/** @module Go module proxy `@v/<version>.info` (go help goproxy). */
import * as z from '../../shared/zod.ts';

export const GoVersionInfo = z.object({
  Version: z.string(),
  Time: z.catch(z.optional(z.string()), undefined),
});
export type GoVersionInfo = z.infer<typeof GoVersionInfo>;
