/** @module Go module proxy `@v/<version>.info` (go help goproxy). */
import { z } from 'zod';

export const GoVersionInfo = z.object({ Version: z.string(), Time: z.string().optional().catch(undefined) });
export type GoVersionInfo = z.infer<typeof GoVersionInfo>;
