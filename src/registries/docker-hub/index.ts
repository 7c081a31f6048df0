/** @module Docker Hub (registry-1.docker.io): OCI protocol with HEAD only, to stay outside pull limits. */
import { observe } from '../http.ts';
import { checkOciProtocol, ociCredentials } from '../oci/check-oci.ts';
import type { RegistryAdapter, RegistryCapabilities } from '../types.ts';

const DEFAULT_BASE_URL = 'https://registry-1.docker.io';

/** `nginx` → `library/nginx`; `docker.io/user/app` → `user/app`. */
export function hubRepository(image: string): string {
  const name = image.replace(/^(?:index\.)?docker\.io\//, '');
  return name.includes('/') ? name : `library/${name}`;
}

const CAPABILITIES = {
  seesPending: false,
  exposesChecksums: true,
  needsToken: 'optional',
  tokenEnv: ['DOCKERHUB_TOKEN'],
  // registry-1.docker.io answers {"errors":[{"code":"MANIFEST_UNKNOWN",…}]}; HEAD has no body.
  absentIs: 'json-404',
  notes:
    'Manifest HEAD only (a GET counts towards the 100 pulls/6 h anonymous limit), so no publish time. A missing repository answers 401, so it is an error unless a token (with DOCKERHUB_USERNAME) is set. Checksum: manifest digest (sha256); tags are mutable.',
} satisfies RegistryCapabilities;

export const dockerHub = {
  id: 'docker-hub',
  displayName: 'Docker Hub',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'image, `user/app` or an official `name` (a leading `docker.io/` is accepted)',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe('docker-hub', pkg, version, ctx, (track) =>
      checkOciProtocol(
        version,
        ctx,
        {
          label: 'Docker Hub',
          baseUrl: ctx.baseUrl ?? DEFAULT_BASE_URL,
          repository: hubRepository(pkg),
          method: 'HEAD',
          credentials: ociCredentials(ctx, 'DOCKERHUB_USERNAME'),
          absentIs: CAPABILITIES.absentIs,
        },
        track,
      ),
    );
  },
} satisfies RegistryAdapter;
