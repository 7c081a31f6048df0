/** @module Open VSX: the version endpoint, plus its `.sha256` file for the VSIX checksum. */
import { RegistryResponseError, UsageError } from '../../errors.ts';
import { getJson, httpRequest, joinUrl, observe } from '../http.ts';
import type { ObservationBody } from '../http.ts';
import { checkAnsweredFor, dropTagPrefix, sameIgnoringCase, withNote } from '../identity.ts';
import type { RegistryAdapter, RegistryCapabilities, RegistryContext } from '../types.ts';
import { OpenVsxExtension } from './schema.ts';

/**
 * The registry's checksum file is the hex digest, optionally followed by the file name. It is a
 * stored file (its 404 may be anything), asked only once the version is known to exist.
 */
async function fetchSha256(ctx: RegistryContext, url: string, what: string): Promise<string | undefined> {
  const response = await httpRequest(ctx, url, { what: `${what} sha256 file` });
  if (response.notFound) return undefined;
  const hex = /^[0-9a-f]{64}\b/i.exec(response.body.trim())?.[0];
  if (!hex) throw new RegistryResponseError(`${what}: the sha256 file at ${response.url} holds no sha256`);
  return hex.toLowerCase();
}

/** openvsx-server's ExtensionValidator: a namespace or extension name is `[\w\-+$~]+` (ASCII), at most 255 characters. */
const NAME_PART = /^[\w+$~-]{1,255}$/;

const ID = 'open-vsx';
const DEFAULT_BASE_URL = 'https://open-vsx.org';

const CAPABILITIES = {
  seesPending: false,
  exposesChecksums: true,
  needsToken: 'no',
  tokenEnv: [],
  // openvsx-server answers {"error":"Extension not found: …"}.
  absentIs: 'json-404',
  notes:
    'sha256 of the VSIX from the registry\'s own checksum file. A version published but not yet active ("currently isn\'t active") answers 404 like an absent one.',
} satisfies RegistryCapabilities;

export const openVsx = {
  id: ID,
  displayName: 'Open VSX',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'namespace.extension, e.g. `redhat.vscode-yaml`',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe({ id: ID }, pkg, version, ctx, async () => {
      // Bad input, not a registry answer: exit 2, and never a 404 that would read "absent".
      const [ns = '', ext = '', ...rest] = pkg.split('.');
      if (rest.length > 0 || !NAME_PART.test(ns) || !NAME_PART.test(ext)) {
        throw new UsageError(
          `Open VSX: package "${pkg}" must be namespace.extension (each part letters, digits, '_', '-', '+', '$', '~')`,
        );
      }
      // Extension versions are semver (vsce and ovsx refuse anything else): a tag name means its version.
      const asked = dropTagPrefix(version, 'extension versions are semver, without a v');
      return withNote(await lookUp(pkg, ns, ext, asked.version, ctx), asked.note);
    });
  },
} satisfies RegistryAdapter;

async function lookUp(
  pkg: string,
  ns: string,
  ext: string,
  version: string,
  ctx: RegistryContext,
): Promise<ObservationBody> {
  const base = ctx.baseUrl ?? DEFAULT_BASE_URL;
  const url = joinUrl(
    base,
    `/api/${encodeURIComponent(ns)}/${encodeURIComponent(ext)}/${encodeURIComponent(version)}`,
  );
  const what = `Open VSX ${pkg} ${version}`;
  const result = await getJson(ctx, url, OpenVsxExtension, {
    what,
    headers: { accept: 'application/json' },
    absentIs: CAPABILITIES.absentIs,
  });
  if (!result.found) {
    return { verdict: 'absent', url, reason: `Open VSX has no ${pkg} ${version} (404)` };
  }
  const data = result.data;
  if (data.error)
    throw new RegistryResponseError(`${what}: the registry answered 200 with error "${data.error}"`);
  // openvsx-server looks namespaces and names up case-insensitively; versions are exact.
  checkAnsweredFor(
    what,
    { name: pkg, version },
    { name: `${data.namespace}.${data.name}`, version: data.version },
    { sameName: sameIgnoringCase },
  );
  const download = data.files?.download;
  const sha256 = data.files?.sha256 ? await fetchSha256(ctx, data.files.sha256, what) : undefined;
  return {
    verdict: 'present',
    url,
    ...(data.timestamp ? { publishedAt: data.timestamp } : {}),
    artifacts: download
      ? [{ name: `${pkg}-${version}.vsix`, url: download, ...(sha256 ? { sha256 } : {}) }]
      : [],
    ...(data.preRelease ? { reason: 'pre-release version' } : {}),
  };
}
