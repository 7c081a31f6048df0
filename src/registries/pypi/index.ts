/** @module PyPI: the release JSON endpoint answers present (files with sha256), yanked, or 404. */
import { getJson, joinUrl, observe } from '../http.ts';
import type { RegistryAdapter, RegistryCapabilities } from '../types.ts';
import { PypiRelease } from './schema.ts';

const ID = 'pypi';
const DEFAULT_BASE_URL = 'https://pypi.org';

const CAPABILITIES = {
  seesPending: false,
  exposesChecksums: true,
  needsToken: 'no',
  tokenEnv: [],
  // Warehouse answers {"message":"Not Found"}; a mirror that answers HTML here does not implement the per-version JSON API.
  absentIs: 'json-404',
  notes:
    'sha256 of each wheel/sdist (comparable with a GitHub asset only when the same file is attached). Yanked releases are reported present with the yank reason. Uploads are visible at once; there is no pending state.',
} satisfies RegistryCapabilities;

export const pypi = {
  id: ID,
  displayName: 'PyPI',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'project name, e.g. `requests`',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe({ id: ID }, pkg, version, ctx, async () => {
      const url = joinUrl(
        ctx.baseUrl ?? DEFAULT_BASE_URL,
        `/pypi/${encodeURIComponent(pkg)}/${encodeURIComponent(version)}/json`,
      );
      const result = await getJson(ctx, url, PypiRelease, {
        what: `PyPI release ${pkg} ${version}`,
        headers: { accept: 'application/json' },
        absentIs: CAPABILITIES.absentIs,
      });
      if (!result.found) {
        return { verdict: 'absent', url, reason: `PyPI has no release ${version} of ${pkg} (404)` };
      }
      const files = result.data.urls;
      if (files.length === 0) {
        return {
          verdict: 'absent',
          url,
          reason: `PyPI lists release ${version} of ${pkg} but it has no files`,
        };
      }
      const times = files.flatMap((f) => (f.upload_time_iso_8601 ? [f.upload_time_iso_8601] : [])).sort();
      const { info } = result.data;
      const yanked = info.yanked === true;
      return {
        verdict: 'present',
        url,
        ...(times[0] ? { publishedAt: times[0] } : {}),
        artifacts: files.map((f) => ({
          name: f.filename,
          url: f.url,
          ...(f.digests.sha256 ? { sha256: f.digests.sha256.toLowerCase() } : {}),
        })),
        ...(yanked
          ? {
              reason: `yanked${info.yanked_reason ? `: ${info.yanked_reason}` : ''} (pip skips it unless pinned)`,
            }
          : {}),
      };
    });
  },
} satisfies RegistryAdapter;
