/** @module PyPI: the release JSON endpoint answers present (files with sha256), yanked, or 404. */
import { UsageError } from '../../errors.ts';
import { getJson, joinUrl, observe } from '../http.ts';
import { checkAnsweredFor } from '../identity.ts';
import type { RegistryAdapter, RegistryCapabilities } from '../types.ts';
import { canonicalPep440 } from './pep440.ts';
import { PypiRelease } from './schema.ts';

/** PEP 503 name normalisation: case and runs of `-`, `_`, `.` do not make another project. */
export function pep503Name(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * One release for PyPI: equal PEP 440 canonical forms (`1.0` = `1.0.0`, `1.0-rc1` = `1.0rc1`), as
 * Warehouse itself resolves the per-version URL. A string that is not a PEP 440 version is compared
 * as written (up to case and a leading `v`).
 */
export function samePypiVersion(asked: string, answered: string): boolean {
  const simple = (v: string): string =>
    v
      .trim()
      .toLowerCase()
      .replace(/^v(?=\d)/, '');
  const a = canonicalPep440(asked);
  const b = canonicalPep440(answered);
  return a !== undefined && b !== undefined ? a === b : simple(asked) === simple(answered);
}

/** PEP 508 project names: ASCII letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
const PROJECT_NAME = /^(?:[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

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
      // Bad input, not a registry answer: exit 2, and never a 404 that would read "absent".
      if (!PROJECT_NAME.test(pkg)) {
        throw new UsageError(
          `'${pkg}' is not a valid PyPI project name (ASCII letters, digits, '.', '_', '-', starting and ending with a letter or digit)`,
        );
      }
      const url = joinUrl(
        ctx.baseUrl ?? DEFAULT_BASE_URL,
        `/pypi/${encodeURIComponent(pkg)}/${encodeURIComponent(version)}/json`,
      );
      const what = `PyPI release ${pkg} ${version}`;
      const result = await getJson(ctx, url, PypiRelease, {
        what,
        headers: { accept: 'application/json' },
        absentIs: CAPABILITIES.absentIs,
      });
      if (!result.found) {
        return { verdict: 'absent', url, reason: `PyPI has no release ${version} of ${pkg} (404)` };
      }
      checkAnsweredFor(
        what,
        { name: pkg, version },
        { name: result.data.info.name, version: result.data.info.version },
        { sameName: (a, b) => pep503Name(a) === pep503Name(b), sameVersion: samePypiVersion },
      );
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
