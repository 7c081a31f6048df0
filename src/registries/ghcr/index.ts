/** @module GitHub Container Registry (ghcr.io): OCI protocol, anonymous pull tokens for public images. */
import { observe } from '../http.ts';
import { checkOciProtocol, ociCredentials } from '../oci/check-oci.ts';
import type { RegistryAdapter, RegistryCapabilities } from '../types.ts';

const DEFAULT_BASE_URL = 'https://ghcr.io';

const CAPABILITIES = {
  seesPending: false,
  exposesChecksums: true,
  needsToken: 'optional',
  tokenEnv: ['GITHUB_TOKEN'],
  // GHCR answers {"errors":[{"code":"MANIFEST_UNKNOWN",…}]}.
  absentIs: 'json-404',
  notes:
    'Anonymous pull tokens exist only for public images: without a token a private or missing image is an error, not absent. Checksum: manifest digest (sha256); tags are mutable, compare the digest. Time: image config `created`.',
} satisfies RegistryCapabilities;

export const ghcr = {
  id: 'ghcr',
  displayName: 'GitHub Container Registry',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'image, `owner/image` (a leading `ghcr.io/` is accepted)',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe('ghcr', pkg, version, ctx, (track) =>
      checkOciProtocol(
        version,
        ctx,
        {
          label: 'GHCR',
          baseUrl: ctx.baseUrl ?? DEFAULT_BASE_URL,
          repository: pkg.replace(/^ghcr\.io\//, ''),
          // GHCR answers HEAD with 401 in places; GET also yields the body for the publish time.
          method: 'GET',
          credentials: ociCredentials(ctx, 'GITHUB_ACTOR', 'token'),
          absentIs: CAPABILITIES.absentIs,
        },
        track,
      ),
    );
  },
} satisfies RegistryAdapter;
