/**
 * @module GitHub Releases: the release for the version's tag, its assets and their `digest`
 * (the integrity reference for taps, buckets and manifests). Drafts count as pending.
 */
import { UsageError } from '../../errors.ts';
import { observe, RegistryStatusError } from '../http.ts';
import { checkAnsweredFor } from '../identity.ts';
import type { ArtifactEvidence, RegistryAdapter, RegistryCapabilities } from '../types.ts';
import { GITHUB_ABSENT_IS, listReleases, releaseByTag, repository } from './fetch-release.ts';
import type { GithubRelease, GithubReleaseAsset } from './schema.ts';

/** Tags to try for a version: as given first, then with/without the customary `v`. */
export function candidateTags(version: string): string[] {
  return version.startsWith('v') ? [version, version.slice(1)] : [`v${version}`, version];
}

/** GitHub's asset `state`: `uploaded` when done, `open` while the upload is in progress. */
const isUploading = (a: GithubReleaseAsset): boolean => a.state !== undefined && a.state !== 'uploaded';

function assetEvidence(release: GithubRelease): ArtifactEvidence[] {
  return release.assets.map((a) => {
    const hex = a.digest?.startsWith('sha256:') ? a.digest.slice('sha256:'.length).toLowerCase() : undefined;
    // A draft's assets 404 for everyone without push access; an asset still uploading 404s for everyone.
    const unavailable = release.draft ? 'draft' : isUploading(a) ? 'uploading' : undefined;
    return {
      name: a.name,
      url: a.browser_download_url,
      ...(hex ? { sha256: hex } : {}),
      ...(a.digest ? { digest: a.digest } : {}),
      ...(unavailable ? { unavailable } : {}),
    };
  });
}

const ID = 'github-releases';
const DEFAULT_BASE_URL = 'https://api.github.com';

const CAPABILITIES = {
  seesPending: true,
  exposesChecksums: true,
  needsToken: 'optional',
  tokenEnv: ['GITHUB_TOKEN', 'GH_TOKEN'],
  absentIs: GITHUB_ABSENT_IS,
  notes:
    'Asset `digest` (sha256, assets uploaded since June 2025) is the integrity reference for taps, buckets and manifests. Drafts are pending and visible only with a token that can push; 60 requests/hour without a token.',
} satisfies RegistryCapabilities;

export const githubReleases = {
  id: ID,
  displayName: 'GitHub Releases',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'owner/repo',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe({ id: ID }, pkg, version, ctx, async () => {
      if (!/^[\w.-]+\/[\w.-]+$/.test(pkg)) {
        throw new UsageError(`GitHub Releases: package "${pkg}" must be owner/repo`);
      }
      const base = ctx.baseUrl ?? DEFAULT_BASE_URL;
      const tags = candidateTags(version);
      let firstUrl = '';
      for (const tag of tags) {
        const { url, release } = await releaseByTag(ctx, base, pkg, tag);
        firstUrl ||= url;
        if (!release) continue;
        checkAnsweredFor(
          `GitHub release ${pkg}@${tag}`,
          { version: tag },
          { version: release.tag_name },
          { sameVersion: (_asked, answered) => tags.includes(answered) },
        );
        const artifacts = assetEvidence(release);
        const uploaded = release.assets.filter((a) => !isUploading(a));
        const notes = [
          release.prerelease ? 'prerelease' : '',
          release.assets.length === 0 ? 'the release has no assets' : '',
          uploaded.some((a) => !a.digest) ? 'some assets have no digest (uploaded before June 2025?)' : '',
        ].filter(Boolean);
        if (release.draft) {
          return { verdict: 'pending', url, artifacts, reason: `release ${release.tag_name} is a draft` };
        }
        const when = release.published_at ?? release.created_at;
        const uploading = release.assets.filter(isUploading).map((a) => a.name);
        if (uploading.length > 0) {
          // Published, but those files 404 until their upload finishes: not all there yet.
          return {
            verdict: 'pending',
            url,
            ...(when ? { publishedAt: when } : {}),
            artifacts,
            reason: [
              `release ${release.tag_name} is published; ${uploading.length} of ${release.assets.length} asset(s) still uploading (${uploading.slice(0, 3).join(', ')}${uploading.length > 3 ? ', …' : ''})`,
              ...notes,
            ].join('; '),
          };
        }
        return {
          verdict: 'present',
          url,
          ...(when ? { publishedAt: when } : {}),
          artifacts,
          ...(notes.length ? { reason: notes.join('; ') } : {}),
        };
      }
      // The by-tag endpoint never returns drafts; the list does, for tokens with push access.
      if (ctx.token) {
        const draft = (await listReleases(ctx, base, pkg)).find((r) => r.draft && tags.includes(r.tag_name));
        if (draft) {
          return {
            verdict: 'pending',
            url: firstUrl,
            artifacts: assetEvidence(draft),
            reason: `release ${draft.tag_name} is a draft (not published)`,
          };
        }
      }
      // GitHub answers 404 alike for "no such release" and for every path of a repository the caller
      // cannot see (private without a token, or beyond the token's reach): only a visible repository
      // makes the release absent.
      const { url: repoUrl, repository: seen } = await repository(ctx, base, pkg);
      if (!seen) {
        throw new RegistryStatusError(
          ctx.token
            ? `${pkg} is not visible to the token (private beyond its reach, or does not exist): GitHub answers 404 for both (${repoUrl})`
            : `${pkg} is private or does not exist: give a token (GITHUB_TOKEN) to tell; GitHub answers 404 for both (${repoUrl})`,
          404,
        );
      }
      return {
        verdict: 'absent',
        url: firstUrl,
        reason: `no published release tagged ${tags.join(' or ')} in ${pkg}${ctx.token ? '' : ' (drafts are visible only with a token that can push)'}`,
      };
    });
  },
} satisfies RegistryAdapter;
