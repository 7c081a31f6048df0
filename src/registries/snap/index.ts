/** @module Snap Store: a version is live when some channel of the channel map serves it. */
import { UsageError } from '../../errors.ts';
import { getJson, joinUrl, observe } from '../http.ts';
import { checkAnsweredFor } from '../identity.ts';
import type { RegistryAdapter, RegistryCapabilities } from '../types.ts';
import { SnapInfo } from './schema.ts';

const FIELDS = 'version,revision,created-at,download';

/**
 * snapd's rule for a snap name (snap/naming ValidateSnap): 2 to 40 characters of `a-z`, `0-9` and
 * `-`, at least one letter, no leading, trailing or doubled `-`.
 */
export function isSnapName(name: string): boolean {
  return (
    name.length >= 2 &&
    name.length <= 40 &&
    /^[a-z0-9-]*[a-z][a-z0-9-]*$/.test(name) &&
    !name.startsWith('-') &&
    !name.endsWith('-') &&
    !name.includes('--')
  );
}

const ID = 'snap';
const DEFAULT_BASE_URL = 'https://api.snapcraft.io';

const CAPABILITIES = {
  seesPending: false,
  exposesChecksums: false,
  needsToken: 'no',
  tokenEnv: [],
  // The store answers {"error-list":[{"code":"resource-not-found",…}]}.
  absentIs: 'json-404',
  notes:
    'Only released revisions are public: an upload in manual review or not yet released to a channel is invisible (reported absent with that caveat). Downloads carry sha3-384, not sha256.',
} satisfies RegistryCapabilities;

export const snap = {
  id: ID,
  displayName: 'Snap Store',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'snap name, e.g. `shipwatch`',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe({ id: ID }, pkg, version, ctx, async () => {
      // Bad input, not a registry answer: exit 2, and never a 404 that would read "absent".
      if (!isSnapName(pkg)) {
        throw new UsageError(
          `'${pkg}' is not a valid Snap Store snap name (2 to 40 lower-case letters, digits and single '-' between them, at least one letter)`,
        );
      }
      const url = joinUrl(
        ctx.baseUrl ?? DEFAULT_BASE_URL,
        `/v2/snaps/info/${encodeURIComponent(pkg)}?fields=${encodeURIComponent(FIELDS)}`,
      );
      // The store answers 400 "Snap-Device-Series header is required" without it.
      const result = await getJson(ctx, url, SnapInfo, {
        what: `Snap Store info for ${pkg}`,
        headers: { 'snap-device-series': '16', accept: 'application/json' },
        absentIs: CAPABILITIES.absentIs,
      });
      if (!result.found) {
        return { verdict: 'absent', url, reason: `the Snap Store has no snap named ${pkg} (404)` };
      }
      // Snap names are lower-case; the store answers with the name it looked up.
      checkAnsweredFor(`Snap Store info for ${pkg}`, { name: pkg }, { name: result.data.name });
      const entries = result.data['channel-map'].filter((e) => e.version === version);
      if (entries.length === 0) {
        const live = [...new Set(result.data['channel-map'].map((e) => e.version))].slice(0, 5).join(', ');
        return {
          verdict: 'absent',
          url,
          reason: `no channel serves ${version} (live: ${live || 'none'}); a revision in review or not released to a channel is not visible publicly`,
        };
      }
      const released = entries
        .flatMap((e) => (e.channel['released-at'] ? [e.channel['released-at']] : []))
        .sort();
      const channels = [...new Set(entries.map((e) => `${e.channel.track}/${e.channel.risk}`))];
      const seen = new Set<string>();
      const artifacts = entries.flatMap((e) => {
        if (!e.download || seen.has(e.download.url)) return [];
        seen.add(e.download.url);
        return [
          {
            name: `${pkg}_${e.revision}_${e.channel.architecture}.snap`,
            url: e.download.url,
            ...(e.download['sha3-384'] ? { digest: `sha3-384:${e.download['sha3-384']}` } : {}),
          },
        ];
      });
      return {
        verdict: 'present',
        url,
        ...(released[0] ? { publishedAt: released[0] } : {}),
        artifacts,
        reason: `released to ${channels.join(', ')}`,
      };
    });
  },
} satisfies RegistryAdapter;
