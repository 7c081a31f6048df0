/** @module VS Code Marketplace `extensionquery` response; only the fields we read. */
import * as z from '../../shared/zod.ts';

export const MarketplaceVersion = z.object({
  version: z.string(),
  targetPlatform: z.catch(z.optional(z.string()), undefined),
  lastUpdated: z.catch(z.optional(z.string()), undefined),
  files: z.catch(z.optional(z.array(z.object({ assetType: z.string(), source: z.string() }))), undefined),
});
export type MarketplaceVersion = z.infer<typeof MarketplaceVersion>;

export const MarketplaceExtension = z.object({
  extensionName: z.string(),
  publisher: z.object({ publisherName: z.string() }),
  versions: z.catch(z.optional(z.array(MarketplaceVersion)), undefined),
});
export type MarketplaceExtension = z.infer<typeof MarketplaceExtension>;

export const MarketplaceQueryResponse = z.object({
  results: z.array(z.object({ extensions: z.array(MarketplaceExtension) })),
});
export type MarketplaceQueryResponse = z.infer<typeof MarketplaceQueryResponse>;
