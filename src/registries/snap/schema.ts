/** @module Snap Store `GET /v2/snaps/info/<name>` shapes (snapd store/store.go); only the fields we read. */
import * as z from '../../shared/zod.ts';

export const SnapChannelMapEntry = z.object({
  channel: z.object({
    architecture: z.string(),
    name: z.string(),
    'released-at': z.catch(z.optional(z.string()), undefined),
    risk: z.string(),
    track: z.string(),
  }),
  'created-at': z.catch(z.optional(z.string()), undefined),
  revision: z.number(),
  version: z.string(),
  download: z.catch(
    z.optional(z.object({ url: z.string(), 'sha3-384': z.catch(z.optional(z.string()), undefined) })),
    undefined,
  ),
});
export type SnapChannelMapEntry = z.infer<typeof SnapChannelMapEntry>;

export const SnapInfo = z.object({
  name: z.string(),
  'snap-id': z.catch(z.optional(z.string()), undefined),
  'channel-map': z.array(SnapChannelMapEntry),
});
export type SnapInfo = z.infer<typeof SnapInfo>;
