/**
 * @module NuGet (nuget.org v3): presence from the flat container version list, publish time and
 * listing state from the registration leaf.
 */
import { UsageError } from '../../errors.ts';
import { getJson, joinUrl, observe } from '../http.ts';
import { dropTagPrefix, withNote } from '../identity.ts';
import type { ObservationBody } from '../http.ts';
import type { RegistryAdapter, RegistryContext } from '../types.ts';
import { normalizeNugetVersion } from './normalize-version.ts';
import { isNugetPackageId, packageIdProblem } from './package-id.ts';
import { NugetRegistrationLeaf, NugetVersionIndex } from './schema.ts';

const ID = 'nuget';
const DEFAULT_BASE_URL = 'https://api.nuget.org';

export const nuget = {
  id: ID,
  displayName: 'NuGet',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'package id, e.g. `Newtonsoft.Json`',
  capabilities: {
    seesPending: false,
    exposesChecksums: false,
    needsToken: 'no',
    tokenEnv: [],
    // The flat container is blob storage (nuget.org: Azure XML `BlobNotFound`); self-hosted feeds answer otherwise.
    absentIs: 'any-404',
    notes:
      'A push is validated for minutes before the flat container lists it; that window reads absent. Unlisted versions are reported present with a note. No sha256 is exposed (the nupkg is signed instead).',
  },
  check(pkg, version, ctx) {
    return observe({ id: ID }, pkg, version, ctx, async () => {
      // Bad input, not a registry answer: exit 2, and never a 404 that would read "absent".
      if (!isNugetPackageId(pkg)) throw new UsageError(packageIdProblem('NuGet', pkg));
      // `dotnet pack` refuses a `v` (NuGetVersion does not parse one): a tag name means its version.
      const asked = dropTagPrefix(version, 'NuGet versions never start with v');
      return withNote(await lookUp(pkg, asked.version, ctx), asked.note);
    });
  },
} satisfies RegistryAdapter;

async function lookUp(pkg: string, version: string, ctx: RegistryContext): Promise<ObservationBody> {
  const base = ctx.baseUrl ?? DEFAULT_BASE_URL;
  const id = pkg.toLowerCase();
  const v = normalizeNugetVersion(version);
  const url = joinUrl(base, `/v3-flatcontainer/${encodeURIComponent(id)}/index.json`);
  const index = await getJson(ctx, url, NugetVersionIndex, { what: `NuGet versions of ${pkg}` });
  if (!index.found) {
    return { verdict: 'absent', url, reason: `NuGet has no package ${pkg} (404)` };
  }
  if (!index.data.versions.some((x) => x.toLowerCase() === v)) {
    return {
      verdict: 'absent',
      url,
      reason: `NuGet lists ${index.data.versions.length} versions of ${pkg}, not ${v}`,
    };
  }
  const nupkg = joinUrl(base, `/v3-flatcontainer/${encodeURIComponent(id)}/${v}/${id}.${v}.nupkg`);
  const leafUrl = joinUrl(base, `/v3/registration5-gz-semver2/${encodeURIComponent(id)}/${v}.json`);
  const artifacts = [{ name: `${id}.${v}.nupkg`, url: nupkg }];
  // The flat container already proved presence; the leaf only adds time and listing state.
  const leaf = await getJson(ctx, leafUrl, NugetRegistrationLeaf, {
    what: `NuGet registration of ${pkg} ${v}`,
  }).catch((error: unknown) => error as Error);
  if (leaf instanceof Error) {
    return {
      verdict: 'present',
      url,
      artifacts,
      reason: `listed; publish time unknown (${leaf.message})`,
    };
  }
  if (!leaf.found) {
    return {
      verdict: 'present',
      url,
      artifacts,
      reason: 'listed in the flat container; registration not updated yet',
    };
  }
  const unlisted = leaf.data.listed === false;
  // Unlisted packages carry the 1900 sentinel as their publish time.
  const published =
    leaf.data.published && !leaf.data.published.startsWith('1900-') ? leaf.data.published : undefined;
  return {
    verdict: 'present',
    url,
    ...(published ? { publishedAt: published } : {}),
    artifacts,
    ...(unlisted ? { reason: 'unlisted (restorable when pinned, hidden from search)' } : {}),
  };
}
