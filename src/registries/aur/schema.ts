/**
 * @module AUR RPC v5 (aurweb `aurweb/routers/rpc.py`): the `info` envelope and the package
 * fields we read. Errors come back as `type: "error"` with an `error` message.
 */
import { z } from 'zod';

export const AurPackage = z.looseObject({
  Name: z.string().min(1),
  PackageBase: z.string().min(1),
  /** `[epoch:]pkgver-pkgrel`. */
  Version: z.string().min(1),
  /** Epoch seconds of the last push to the package base. */
  LastModified: z.number().int().nullable().optional(),
  /** Epoch seconds when flagged out of date, or null. */
  OutOfDate: z.number().int().nullable().optional(),
  URLPath: z.string().nullable().optional(),
});
export type AurPackage = z.infer<typeof AurPackage>;

export const AurRpcResponse = z.looseObject({
  version: z.number().int().optional(),
  type: z.string(),
  resultcount: z.number().int().nonnegative(),
  results: z.array(AurPackage),
  error: z.string().optional(),
});
export type AurRpcResponse = z.infer<typeof AurRpcResponse>;
