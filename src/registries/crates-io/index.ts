/** @module crates.io: the version endpoint (User-Agent mandatory) with the `.crate` sha256 checksum. */
import { UsageError } from '../../errors.ts';
import { getJson, joinUrl, observe, USER_AGENT } from '../http.ts';
import type { ObservationBody } from '../http.ts';
import { checkAnsweredFor, dropTagPrefix, withNote } from '../identity.ts';
import type { RegistryAdapter, RegistryCapabilities, RegistryContext } from '../types.ts';
import { CratesIoVersionResponse } from './schema.ts';

/** crates.io treats `-` and `_`, and case, as the same crate name (`serde_json` = `Serde-JSON`). */
export function sameCrateName(asked: string, answered: string): boolean {
  const canonical = (n: string): string => n.toLowerCase().replace(/-/g, '_');
  return canonical(asked) === canonical(answered);
}

/** Semver equality: build metadata does not make another version (crates.io refuses 1.0.0+a beside 1.0.0+b). */
export function sameCrateVersion(asked: string, answered: string): boolean {
  const core = (v: string): string => v.split('+')[0] ?? v;
  return core(asked) === core(answered);
}

/** What crates.io accepts on publish: an ASCII letter, then letters, digits, `-`, `_`; at most 64 characters. */
const CRATE_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

const ID = 'crates-io';
const DEFAULT_BASE_URL = 'https://crates.io';

const CAPABILITIES = {
  seesPending: false,
  exposesChecksums: true,
  needsToken: 'no',
  tokenEnv: [],
  // crates.io (and cargo's registry web API for alternative registries) answers {"errors":[{"detail":…}]}.
  absentIs: 'json-404',
  notes:
    'sha256 of the .crate file. The API refuses requests without an identifying User-Agent (403) and asks for at most 1 request/s. Yanked versions are reported present with a note.',
} satisfies RegistryCapabilities;

export const cratesIo = {
  id: ID,
  displayName: 'crates.io',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'crate name, e.g. `serde`',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe({ id: ID }, pkg, version, ctx, async () => {
      // Bad input, not a registry answer: exit 2, and never a 404 that would read "absent".
      if (!CRATE_NAME.test(pkg)) {
        throw new UsageError(
          `'${pkg}' is not a valid crates.io crate name (an ASCII letter, then letters, digits, '-', '_'; at most 64 characters)`,
        );
      }
      // Cargo versions are semver, which has no `v`: a tag name (`$GITHUB_REF_NAME`) means its version.
      const asked = dropTagPrefix(version, 'crate versions are semver, without a v');
      return withNote(await lookUp(pkg, asked.version, ctx), asked.note);
    });
  },
} satisfies RegistryAdapter;

async function lookUp(pkg: string, version: string, ctx: RegistryContext): Promise<ObservationBody> {
  const base = ctx.baseUrl ?? DEFAULT_BASE_URL;
  const url = joinUrl(base, `/api/v1/crates/${encodeURIComponent(pkg)}/${encodeURIComponent(version)}`);
  // The crawler policy rejects anonymous clients with 403; the UA must name us and a contact point.
  const what = `crates.io version ${pkg} ${version}`;
  const result = await getJson(ctx, url, CratesIoVersionResponse, {
    what,
    headers: { accept: 'application/json', 'user-agent': USER_AGENT },
    absentIs: CAPABILITIES.absentIs,
  });
  if (!result.found) {
    return { verdict: 'absent', url, reason: `crates.io has no version ${version} of ${pkg} (404)` };
  }
  const v = result.data.version;
  checkAnsweredFor(
    what,
    { name: pkg, version },
    { name: v.crate, version: v.num },
    { sameName: sameCrateName, sameVersion: sameCrateVersion },
  );
  const download = joinUrl(base, v.dl_path ?? `/api/v1/crates/${pkg}/${v.num}/download`);
  return {
    verdict: 'present',
    url,
    ...(v.created_at ? { publishedAt: v.created_at } : {}),
    artifacts: [
      {
        name: `${v.crate}-${v.num}.crate`,
        url: download,
        ...(v.checksum ? { sha256: v.checksum.toLowerCase() } : {}),
      },
    ],
    ...(v.yanked ? { reason: 'yanked (new dependents cannot select it)' } : {}),
  };
}
