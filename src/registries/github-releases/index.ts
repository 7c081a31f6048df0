/**
 * @module GitHub Releases: the release for the version's tag, its assets and their `digest`
 * (the integrity reference for taps, buckets and manifests). Drafts count as pending.
 */
import { UsageError } from '../../errors.ts';
import { observe } from '../http.ts';
import { checkAnsweredFor } from '../identity.ts';
import type { ArtifactEvidence, RegistryAdapter, RegistryCapabilities } from '../types.ts';
import { GITHUB_ABSENT_IS, listReleases, releaseByTag } from './fetch-release.ts';
import type { GithubRelease } from './schema.ts';

/** Tags to try for a version: as given first, then with/without the customary `v`. */
export function candidateTags(version: string): string[] {
  return version.startsWith('v') ? [version, version.slice(1)] : [`v${version}`, version];
}

function assetEvidence(release: GithubRelease): ArtifactEvidence[] {
  // A draft's assets 404 for everyone without push access: listed, not downloadable.
  const draft = release.draft ? { unavailable: 'draft' as const } : {};
  return release.assets
    .filter((a) => a.state === undefined || a.state === 'uploaded')
    .map((a) => {
      const hex = a.digest?.startsWith('sha256:')
        ? a.digest.slice('sha256:'.length).toLowerCase()
        : undefined;
      return {
        name: a.name,
        url: a.browser_download_url,
        ...(hex ? { sha256: hex } : {}),
        ...(a.digest ? { digest: a.digest } : {}),
        ...draft,
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
        const notes = [
          release.prerelease ? 'prerelease' : '',
          artifacts.length === 0 ? 'the release has no assets' : '',
          release.assets.length > artifacts.length
            ? `${release.assets.length - artifacts.length} asset(s) still uploading`
            : '',
          artifacts.length > 0 && artifacts.some((a) => !a.sha256)
            ? 'some assets have no digest (uploaded before June 2025?)'
            : '',
        ].filter(Boolean);
        if (release.draft) {
          return { verdict: 'pending', url, artifacts, reason: `release ${release.tag_name} is a draft` };
        }
        const when = release.published_at ?? release.created_at;
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
      return {
        verdict: 'absent',
        url: firstUrl,
        reason: `no published release tagged ${tags.join(' or ')} in ${pkg}${ctx.token ? '' : ' (drafts, and private repositories, are visible only with a token)'}`,
      };
    });
  },
} satisfies RegistryAdapter;
