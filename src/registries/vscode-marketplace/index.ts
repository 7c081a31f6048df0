/** @module VS Code Marketplace: one `extensionquery` POST by extension name, versions included. */
import { RegistryResponseError, UsageError } from '../../errors.ts';
import { httpRequest, joinUrl, observe, parseBody } from '../http.ts';
import type { ObservationBody } from '../http.ts';
import { dropTagPrefix, withNote } from '../identity.ts';
import type { RegistryAdapter, RegistryContext } from '../types.ts';
import { MarketplaceQueryResponse } from './schema.ts';

const VSIX = 'Microsoft.VisualStudio.Services.VSIXPackage';
// IncludeVersions | IncludeFiles | IncludeVersionProperties | ExcludeNonValidated | IncludeAssetUri:
// versions still being validated stay out, so "present" means installable.
const FLAGS = 1 | 2 | 16 | 32 | 128;
const FILTER_BY_NAME = 7;

/** vsce's name rule (`^[a-z0-9][a-z0-9-]*$`, any case) for the publisher and for the extension name. */
const EXTENSION_ID = /^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/i;

const ID = 'vscode-marketplace';
const DEFAULT_BASE_URL = 'https://marketplace.visualstudio.com';

export const vscodeMarketplace = {
  id: ID,
  displayName: 'VS Code Marketplace',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'publisher.extension, e.g. `ms-python.python`',
  capabilities: {
    seesPending: false,
    exposesChecksums: false,
    needsToken: 'no',
    tokenEnv: [],
    // A missing extension is an empty query result; a 404 from the query endpoint means a wrong base URL.
    absentIs: 'in-answer',
    notes:
      'A version is listed only after the Marketplace validates it (minutes after `vsce publish` succeeds); until then it reads absent. No checksum; multi-target extensions list one entry per platform.',
  },
  check(pkg, version, ctx) {
    return observe({ id: ID }, pkg, version, ctx, async () => {
      // vsce's rule for publisher and extension names; anything else would only ever read "absent" (exit 1).
      if (!EXTENSION_ID.test(pkg)) {
        throw new UsageError(
          `VS Code Marketplace: package "${pkg}" must be publisher.extension (each part letters, digits and '-', starting with a letter or digit)`,
        );
      }
      // Extension versions are semver (vsce refuses anything else): a tag name means its version.
      const asked = dropTagPrefix(version, 'extension versions are semver, without a v');
      return withNote(await lookUp(pkg, asked.version, ctx), asked.note);
    });
  },
} satisfies RegistryAdapter;

async function lookUp(pkg: string, version: string, ctx: RegistryContext): Promise<ObservationBody> {
  const url = joinUrl(ctx.baseUrl ?? DEFAULT_BASE_URL, '/_apis/public/gallery/extensionquery');
  const what = `VS Code Marketplace query for ${pkg}`;
  const body = JSON.stringify({
    filters: [
      {
        criteria: [{ filterType: FILTER_BY_NAME, value: pkg }],
        pageNumber: 1,
        pageSize: 1,
        sortBy: 0,
        sortOrder: 0,
      },
    ],
    assetTypes: [],
    flags: FLAGS,
  });
  const response = await httpRequest(ctx, url, {
    what,
    method: 'POST',
    body,
    headers: { accept: 'application/json;api-version=3.0-preview.1', 'content-type': 'application/json' },
  });
  if (response.notFound)
    throw new RegistryResponseError(`${what}: the query endpoint answered 404 (wrong --registry?)`);
  const data = parseBody(response.body, MarketplaceQueryResponse, what);
  const extension = data.results[0]?.extensions.find(
    (e) => `${e.publisher.publisherName}.${e.extensionName}`.toLowerCase() === pkg.toLowerCase(),
  );
  if (!extension) return { verdict: 'absent', url, reason: `the Marketplace has no extension ${pkg}` };
  const matches = (extension.versions ?? []).filter((v) => v.version === version);
  if (matches.length === 0) {
    return {
      verdict: 'absent',
      url,
      reason: `${pkg} has no validated version ${version} (latest: ${extension.versions?.[0]?.version ?? 'none'})`,
    };
  }
  const times = matches.flatMap((m) => (m.lastUpdated ? [m.lastUpdated] : [])).sort();
  const artifacts = matches.flatMap((m) => {
    const file = m.files?.find((f) => f.assetType === VSIX);
    return file
      ? [
          {
            name: `${pkg}-${version}${m.targetPlatform ? `@${m.targetPlatform}` : ''}.vsix`,
            url: file.source,
          },
        ]
      : [];
  });
  const platforms = matches.flatMap((m) => (m.targetPlatform ? [m.targetPlatform] : []));
  return {
    verdict: 'present',
    url,
    ...(times[0] ? { publishedAt: times[0] } : {}),
    artifacts,
    ...(platforms.length ? { reason: `targets: ${platforms.join(', ')}` } : {}),
  };
}
