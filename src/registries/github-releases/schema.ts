/** @module GitHub REST release and release-asset shapes; only the fields we read. */
import * as z from '../../shared/zod.ts';

export const GithubReleaseAsset = z.object({
  name: z.string(),
  browser_download_url: z.string(),
  state: z.catch(z.optional(z.string()), undefined),
  size: z.catch(z.optional(z.number()), undefined),
  /** `sha256:<hex>` since June 2025; null on older assets. */
  digest: z.catch(z.optional(z.nullable(z.string())), null),
});
export type GithubReleaseAsset = z.infer<typeof GithubReleaseAsset>;

export const GithubRelease = z.object({
  tag_name: z.string(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  created_at: z.catch(z.optional(z.nullable(z.string())), null),
  published_at: z.catch(z.optional(z.nullable(z.string())), null),
  html_url: z.catch(z.optional(z.string()), undefined),
  immutable: z.catch(z.optional(z.boolean()), undefined),
  assets: z.array(GithubReleaseAsset),
});
export type GithubRelease = z.infer<typeof GithubRelease>;

export const GithubReleaseList = z.array(GithubRelease);
export type GithubReleaseList = z.infer<typeof GithubReleaseList>;

/** `GET /repos/{owner}/{repo}`: only asked to tell "no such release" from "a repository we cannot see". */
export const GithubRepository = z.object({
  full_name: z.string(),
  private: z.catch(z.optional(z.boolean()), undefined),
});
export type GithubRepository = z.infer<typeof GithubRepository>;
