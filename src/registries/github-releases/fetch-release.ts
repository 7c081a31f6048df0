/** @module The GitHub requests: release by tag, and the release list (the only place drafts show). */
import { RegistryUnavailableError } from '../../errors.ts';
import { httpRequest, joinUrl, parseBody, RegistryStatusError } from '../http.ts';
import type { AbsentSignal, RegistryContext } from '../types.ts';
import { GithubRelease, GithubReleaseList, GithubRepository } from './schema.ts';
import type * as z from '../../shared/zod.ts';

/** What a genuine GitHub REST "not found" looks like; the adapter declares the same in its capabilities. */
export const GITHUB_ABSENT_IS = 'json-404' satisfies AbsentSignal;

/** The validated body, or undefined for 404. */
async function githubGet<T>(
  ctx: RegistryContext,
  url: string,
  schema: z.ZodMiniType<T>,
  what: string,
): Promise<T | undefined> {
  const response = await httpRequest(ctx, url, {
    what,
    // GitHub's REST API (and GHES, and our simulator) answers 404 with {"message":"Not Found",…}.
    absentIs: GITHUB_ABSENT_IS,
    headers: {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(ctx.token ? { authorization: `Bearer ${ctx.token}` } : {}),
    },
    pass: [403],
  });
  if (response.notFound) return undefined;
  if (response.status === 403) {
    // GitHub signals an exhausted primary or secondary rate limit with 403, not only 429.
    const remaining = response.headers.get('x-ratelimit-remaining');
    const retry = response.headers.get('retry-after');
    if (remaining === '0' || retry !== null || /rate limit/i.test(response.body)) {
      const reset = response.headers.get('x-ratelimit-reset');
      const when = reset ? `, resets at ${new Date(Number(reset) * 1000).toISOString()}` : '';
      throw new RegistryUnavailableError(
        `${what}: GitHub API rate limit exceeded (403${when}); set GITHUB_TOKEN for 5,000 requests/hour`,
        403,
      );
    }
    throw new RegistryStatusError(
      `${what}: ${response.url} answered 403 (token lacks access to this repository?)`,
      403,
    );
  }
  return parseBody(response.body, schema, `${what} (${response.url})`);
}

export async function releaseByTag(
  ctx: RegistryContext,
  base: string,
  repo: string,
  tag: string,
): Promise<{ url: string; release: GithubRelease | undefined }> {
  const url = joinUrl(base, `/repos/${repo}/releases/tags/${encodeURIComponent(tag)}`);
  return { url, release: await githubGet(ctx, url, GithubRelease, `GitHub release ${repo}@${tag}`) };
}

/** First page of releases; drafts appear here (and only here) for tokens with push access. */
export async function listReleases(
  ctx: RegistryContext,
  base: string,
  repo: string,
): Promise<GithubReleaseList> {
  const url = joinUrl(base, `/repos/${repo}/releases?per_page=30`);
  return (await githubGet(ctx, url, GithubReleaseList, `GitHub releases of ${repo}`)) ?? [];
}

/** The repository, or undefined when GitHub answers 404 (no such repository, or one this caller cannot see). */
export async function repository(
  ctx: RegistryContext,
  base: string,
  repo: string,
): Promise<{ url: string; repository: GithubRepository | undefined }> {
  const url = joinUrl(base, `/repos/${repo}`);
  return { url, repository: await githubGet(ctx, url, GithubRepository, `GitHub repository ${repo}`) };
}
