/** @module Snap Store `GET /v2/snaps/info/<name>` shapes (snapd store/store.go); only the fields we read. */
import { z } from 'zod';

export const SnapChannelMapEntry = z.object({
  channel: z.object({
    architecture: z.string(),
    name: z.string(),
    'released-at': z.string().optional().catch(undefined),
    risk: z.string(),
    track: z.string(),
  }),
  'created-at': z.string().optional().catch(undefined),
  revision: z.number(),
  version: z.string(),
  download: z
    .object({ url: z.string(), 'sha3-384': z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
export type SnapChannelMapEntry = z.infer<typeof SnapChannelMapEntry>;

export const SnapInfo = z.object({
  name: z.string(),
  'snap-id': z.string().optional().catch(undefined),
  'channel-map': z.array(SnapChannelMapEntry),
});
export type SnapInfo = z.infer<typeof SnapInfo>;
