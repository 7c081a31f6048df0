/**
 * @module AUR RPC v5 (aurweb `aurweb/routers/rpc.py`): the `info` envelope and the package
 * fields we read. Errors come back as `type: "error"` with an `error` message.
 */
import * as z from '../../shared/zod.ts';

export const AurPackage = z.looseObject({
  Name: z.string().check(z.minLength(1)),
  PackageBase: z.string().check(z.minLength(1)),
  /** `[epoch:]pkgver-pkgrel`. */
  Version: z.string().check(z.minLength(1)),
  /** Epoch seconds of the last push to the package base. */
  LastModified: z.optional(z.nullable(z.number().check(z.int()))),
  /** Epoch seconds when flagged out of date, or null. */
  OutOfDate: z.optional(z.nullable(z.number().check(z.int()))),
  URLPath: z.optional(z.nullable(z.string())),
});
export type AurPackage = z.infer<typeof AurPackage>;

export const AurRpcResponse = z.looseObject({
  version: z.optional(z.number().check(z.int())),
  type: z.string(),
  resultcount: z.number().check(z.int(), z.nonnegative()),
  results: z.array(AurPackage),
  error: z.optional(z.string()),
});
export type AurRpcResponse = z.infer<typeof AurRpcResponse>;
