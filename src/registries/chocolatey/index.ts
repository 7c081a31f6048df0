/**
 * @module Chocolatey Community Repository: the OData entity for (id, version). A version waiting for
 * moderation is served with `Published` = 1900-01-01 (the repository's sentinel) → pending; an
 * approved version with that date is unlisted → present, said in the reason.
 */
import { RegistryResponseError, UsageError } from '../../errors.ts';
import { httpRequest, joinUrl, observe } from '../http.ts';
import { checkAnsweredFor, dropTagPrefix, sameIgnoringCase, withNote } from '../identity.ts';
import { normalizeNugetVersion } from '../nuget/normalize-version.ts';
import { isNugetPackageId, packageIdProblem } from '../nuget/package-id.ts';
import type { ObservationBody } from '../http.ts';
import type { RegistryAdapter } from '../types.ts';
import { parseODataEntry } from './parse-entry.ts';
import { ChocolateyPackage } from './schema.ts';

/** Edm.DateTime has no zone; the gallery stores UTC. */
function odataTime(value: string): string {
  const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

const odataString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const ID = 'chocolatey';
const DEFAULT_BASE_URL = 'https://community.chocolatey.org';

export const chocolatey = {
  id: ID,
  displayName: 'Chocolatey Community Repository',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'package id, e.g. `git`',
  capabilities: {
    seesPending: true,
    exposesChecksums: false,
    needsToken: 'no',
    tokenEnv: [],
    // Its 404 body is not documented (OData XML on the community repository; Nexus, ProGet and chocolatey.server differ).
    absentIs: 'any-404',
    notes:
      'Pending = pushed and waiting for moderation (status Submitted, or Published 1900-01-01 without an approval); an approved version with Published 1900-01-01 is unlisted and reported present with a note; Rejected is reported absent. The nupkg hash is SHA-512 of the nupkg, not the installer; the installer checksum sits inside the package.',
  },
  check(pkg, askedVersion, ctx) {
    // As NuGet: versions never start with v (a tag name passed as the version).
    const read = dropTagPrefix(askedVersion, 'Chocolatey versions never start with v');
    const version = read.version;
    const lookUp = async (): Promise<ObservationBody> => {
      // Chocolatey packages are nupkgs: NuGet's id rule. Bad input is exit 2, never a 404 read as "absent".
      if (!isNugetPackageId(pkg)) throw new UsageError(packageIdProblem('Chocolatey', pkg));
      const base = ctx.baseUrl ?? DEFAULT_BASE_URL;
      const url = joinUrl(
        base,
        `/api/v2/Packages(Id=${encodeURIComponent(odataString(pkg))},Version=${encodeURIComponent(odataString(version))})`,
      );
      const what = `Chocolatey package ${pkg} ${version}`;
      const response = await httpRequest(ctx, url, {
        what,
        headers: { accept: 'application/atom+xml, application/xml' },
      });
      if (response.notFound) {
        return { verdict: 'absent', url, reason: `Chocolatey has no ${pkg} ${version} (404)` };
      }
      const parsed = ChocolateyPackage.safeParse(parseODataEntry(response.body, what));
      if (!parsed.success) {
        throw new RegistryResponseError(
          `${what}: entry lacks ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
        );
      }
      const p = parsed.data;
      // NuGet rules: ids are case-insensitive; 1.0, 1.0.0 and 1.0.0.0 are one version.
      checkAnsweredFor(
        what,
        { name: pkg, version },
        { name: p.Id, version: p.Version },
        {
          sameName: sameIgnoringCase,
          sameVersion: (a, b) => normalizeNugetVersion(a) === normalizeNugetVersion(b),
        },
      );
      const artifacts = [
        { name: `${p.Id}.${p.Version}.nupkg`, url: joinUrl(base, `/api/v2/package/${p.Id}/${p.Version}`) },
      ];
      // The v2 feed shows both "waiting for moderation" and "unlisted" as Published 1900-01-01;
      // the moderation status tells them apart, the date decides only when there is no status.
      const sentinel = p.Published?.startsWith('1900-01-01') ?? false;
      if (p.PackageStatus === 'Rejected') {
        return { verdict: 'absent', url, reason: 'the version was pushed but rejected by moderation' };
      }
      const moderated =
        p.PackageStatus === 'Approved' || p.PackageStatus === 'Exempted' || p.IsApproved === 'true';
      if (p.PackageStatus === 'Submitted' || (sentinel && !moderated)) {
        const detail = p.PackageSubmittedStatus ? `, ${p.PackageSubmittedStatus}` : '';
        return {
          verdict: 'pending',
          url,
          artifacts,
          reason: `pushed, waiting for moderation (status ${p.PackageStatus ?? 'unknown'}${detail}); a pending version blocks further pushes`,
        };
      }
      const notes = [
        ...(p.PackageStatus === 'Exempted' ? ['exempted from moderation'] : []),
        ...(sentinel
          ? [
              `unlisted (${p.PackageStatus ?? 'approved'}, but hidden from search: \`choco install ${p.Id} --version ${p.Version}\` still installs it)`,
            ]
          : []),
      ];
      // An unlisted version's Published is the sentinel, not a time; its approval date is one.
      const published = sentinel ? p.PackageApprovedDate : p.Published;
      return {
        verdict: 'present',
        url,
        ...(published ? { publishedAt: odataTime(published) } : {}),
        artifacts: artifacts.map((a) =>
          p.PackageHash && p.PackageHashAlgorithm
            ? { ...a, digest: `${p.PackageHashAlgorithm.toLowerCase()}:${p.PackageHash}` }
            : a,
        ),
        ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
      };
    };
    return observe({ id: ID }, pkg, askedVersion, ctx, async () => withNote(await lookUp(), read.note));
  },
} satisfies RegistryAdapter;
