/** @module GitHub REST release and release-asset shapes; only the fields we read. */
import { z } from 'zod';

export const GithubReleaseAsset = z.object({
  name: z.string(),
  browser_download_url: z.string(),
  state: z.string().optional().catch(undefined),
  size: z.number().optional().catch(undefined),
  /** `sha256:<hex>` since June 2025; null on older assets. */
  digest: z.string().nullable().optional().catch(null),
});
export type GithubReleaseAsset = z.infer<typeof GithubReleaseAsset>;

export const GithubRelease = z.object({
  tag_name: z.string(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  created_at: z.string().nullable().optional().catch(null),
  published_at: z.string().nullable().optional().catch(null),
  html_url: z.string().optional().catch(undefined),
  immutable: z.boolean().optional().catch(undefined),
  assets: z.array(GithubReleaseAsset),
});
export type GithubRelease = z.infer<typeof GithubRelease>;

export const GithubReleaseList = z.array(GithubRelease);
export type GithubReleaseList = z.infer<typeof GithubReleaseList>;
