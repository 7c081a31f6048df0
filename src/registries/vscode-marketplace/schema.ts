/** @module VS Code Marketplace `extensionquery` response; only the fields we read. */
import { z } from 'zod';

export const MarketplaceVersion = z.object({
  version: z.string(),
  targetPlatform: z.string().optional().catch(undefined),
  lastUpdated: z.string().optional().catch(undefined),
  files: z
    .array(z.object({ assetType: z.string(), source: z.string() }))
    .optional()
    .catch(undefined),
});
export type MarketplaceVersion = z.infer<typeof MarketplaceVersion>;

export const MarketplaceExtension = z.object({
  extensionName: z.string(),
  publisher: z.object({ publisherName: z.string() }),
  versions: z.array(MarketplaceVersion).optional().catch(undefined),
});
export type MarketplaceExtension = z.infer<typeof MarketplaceExtension>;

export const MarketplaceQueryResponse = z.object({
  results: z.array(z.object({ extensions: z.array(MarketplaceExtension) })),
});
export type MarketplaceQueryResponse = z.infer<typeof MarketplaceQueryResponse>;
