/**
 * @module Integrity: every artifact a channel declares that lives under a GitHub Release download
 * URL (tap formula, Scoop manifest, Winget installer, AUR source, …) must name an existing asset of
 * the release being verified, and its sha256 must equal that asset's `digest`. A release URL of
 * another repository is an error; any other URL of a tap, bucket, Winget or AUR is "not checked".
 * Pure: works on ChannelObservation.artifacts, so any adapter that fills them takes part.
 */
import { candidateTags } from '../registries/github-releases/index.ts';
import type { ArtifactEvidence, ChannelObservation } from '../registries/types.ts';
import type { IntegrityFinding } from './types.ts';

/** `https://github.com/<owner>/<repo>/releases/download/<tag>/<asset>` split into parts. */
export interface ReleaseAssetUrl {
  repo: string;
  tag: string;
  asset: string;
}

export function parseReleaseAssetUrl(url: string): ReleaseAssetUrl | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const m = /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/.exec(parsed.pathname);
  if (!m) return undefined;
  const [, owner, repo, tag, asset] = m.map((p) => decodeURIComponent(p ?? ''));
  return { repo: `${owner}/${repo}`.toLowerCase(), tag: tag ?? '', asset: asset ?? '' };
}

export interface IntegrityReference {
  /** `owner/repo` of the release. */
  repo: string;
  /** The GitHub Releases observation for the verified tag. */
  observation: ChannelObservation | undefined;
}

function assetOf(reference: ChannelObservation, name: string): ArtifactEvidence | undefined {
  return reference.artifacts?.find((a) => a.name === name || parseReleaseAssetUrl(a.url)?.asset === name);
}

/** Channels whose artifacts are meant to be the product's GitHub release assets. */
const RELEASE_POINTING: ReadonlySet<string> = new Set(['homebrew', 'scoop', 'winget', 'aur']);

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** Short cause for the summary line; the finding's message carries the full reason. */
function whyUnreadable(release: ChannelObservation | undefined): string {
  if (!release) return 'the GitHub release was not looked up';
  if (/rate limit/i.test(release.reason ?? '')) return 'GitHub API rate limit';
  return `the GitHub release could not be read${release.httpStatus ? ` (HTTP ${release.httpStatus})` : ''}`;
}

/** Checks each channel's release-asset URLs against the release's asset digests. */
export function checkIntegrity(
  channels: readonly { name: string; observation: ChannelObservation }[],
  reference: IntegrityReference,
): IntegrityFinding[] {
  const findings: IntegrityFinding[] = [];
  const repo = reference.repo.toLowerCase();
  const release = reference.observation;
  const releaseTags = new Set(
    (release?.artifacts ?? []).flatMap((a) => {
      const tag = parseReleaseAssetUrl(a.url)?.tag;
      return tag ? [tag] : [];
    }),
  );
  // github.com, or the host the release's own assets live on (GitHub Enterprise Server).
  const releaseHosts = new Set([
    'github.com',
    ...(release?.artifacts ?? []).map((a) => hostOf(a.url)).filter(Boolean),
  ]);
  // The adapter's only pending is a draft, or a published release with an upload in progress.
  const draft =
    release?.verdict === 'pending' && !release.artifacts?.some((a) => a.unavailable === 'uploading');
  const draftTags = new Set(release ? candidateTags(release.version) : []);
  for (const { name, observation } of channels) {
    if (observation.channel === 'github-releases') continue;
    for (const artifact of observation.artifacts ?? []) {
      const declared = artifact.sha256?.toLowerCase();
      const base = { channel: name, url: artifact.url, ...(declared ? { declared } : {}) };
      const parsed = parseReleaseAssetUrl(artifact.url);
      const target = parsed && releaseHosts.has(hostOf(artifact.url)) ? parsed : undefined;
      if (target && target.repo !== repo) {
        findings.push({
          ...base,
          kind: 'foreign-release',
          severity: 'error',
          message: `points at a release of ${target.repo}, not ${reference.repo}: users install another repository's build`,
        });
        continue;
      }
      if (!target) {
        // npm tarballs, PyPI files, … live on their registry by design; a tap or manifest should not.
        if (RELEASE_POINTING.has(observation.channel)) {
          findings.push({
            ...base,
            kind: 'outside-release',
            severity: 'warning',
            message: `points outside the release of ${reference.repo} (${hostOf(artifact.url) || 'not a URL'}): not checked`,
          });
        }
        continue;
      }
      if (release?.verdict === 'absent') {
        findings.push({
          ...base,
          kind: 'no-reference',
          severity: 'error',
          message: `release ${target.tag} is absent${release.reason ? ` (${release.reason})` : ''}: installs will fail with 404`,
        });
        continue;
      }
      if (!release || release.verdict === 'error') {
        // Not checked is not "fine": the outcome becomes unknown (exit 4) unless something is known wrong.
        const unchecked = whyUnreadable(release);
        findings.push({
          ...base,
          kind: 'no-reference',
          severity: 'unknown',
          unchecked,
          message: `cannot check ${target.asset}: ${release?.reason ?? unchecked}`,
        });
        continue;
      }
      if (draft) {
        // Checked before the tag: a draft's own asset URLs may name an `untagged-…` placeholder.
        const intoDraft = draftTags.has(target.tag) || releaseTags.has(target.tag);
        findings.push({
          ...base,
          kind: intoDraft ? 'draft-release' : 'wrong-tag',
          severity: 'error',
          message: intoDraft
            ? `points at release ${target.tag}, which is a draft: public downloads fail until it is published`
            : `points at release ${target.tag}, not ${release.version} (itself still a draft; stale ${observation.channel} entry?)`,
        });
        continue;
      }
      if (releaseTags.size > 0 && !releaseTags.has(target.tag)) {
        findings.push({
          ...base,
          kind: 'wrong-tag',
          severity: 'error',
          message: `points at release ${target.tag}, not ${[...releaseTags].join('/')} (stale ${observation.channel} entry?)`,
        });
        continue;
      }
      const asset = assetOf(release, target.asset);
      if (!asset) {
        findings.push({
          ...base,
          kind: 'missing-asset',
          severity: 'error',
          message: `release ${target.tag} has no asset named ${target.asset}: installs will fail with 404`,
        });
        continue;
      }
      if (asset.unavailable === 'uploading') {
        // Transient, not wrong: the file 404s until GitHub finishes the upload (then it has a digest).
        findings.push({
          ...base,
          kind: 'asset-uploading',
          severity: 'unknown',
          unchecked: 'release asset still uploading',
          message: `${target.asset} is still uploading to release ${target.tag}: downloads 404 until it finishes (retry in a minute)`,
        });
        continue;
      }
      const actual = asset.sha256?.toLowerCase();
      const withActual = { ...base, ...(actual ? { actual } : {}) };
      if (!declared) {
        findings.push({
          ...withActual,
          kind: 'no-checksum-declared',
          severity: 'warning',
          message: `${target.asset}: the channel declares no sha256 to compare`,
        });
      } else if (!actual) {
        findings.push({
          ...withActual,
          kind: 'unverifiable',
          severity: 'warning',
          message: `${target.asset}: the release asset has no digest (uploaded before GitHub computed digests)`,
        });
      } else if (declared !== actual) {
        findings.push({
          ...withActual,
          kind: 'checksum-mismatch',
          severity: 'error',
          message: `${target.asset}: declares sha256 ${declared.slice(0, 12)}…, the release asset is ${actual.slice(0, 12)}…`,
        });
      } else {
        findings.push({
          ...withActual,
          kind: 'verified',
          severity: 'ok',
          message: `${target.asset}: sha256 matches the release asset`,
        });
      }
    }
  }
  return findings;
}
