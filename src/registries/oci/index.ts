/** @module Any OCI / Docker distribution registry, named by host in the package (`quay.io/org/app`). */
import { UsageError } from '../../errors.ts';
import { contextForPackageHost, observe } from '../http.ts';
import type { RegistryAdapter, RegistryCapabilities, RegistryContext } from '../types.ts';
import { checkOciProtocol, ociCredentials } from './check-oci.ts';

/** `host[:port]/repo/path` → host and repository; a first segment is a host when it looks like one (docker's rule). */
export function splitImage(image: string, ctx: RegistryContext): { baseUrl: string; repository: string } {
  const slash = image.indexOf('/');
  const first = slash > 0 ? image.slice(0, slash) : '';
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const repository = isHost ? image.slice(slash + 1) : image;
  if (ctx.baseUrl) return { baseUrl: ctx.baseUrl, repository };
  if (!isHost)
    throw new UsageError(
      `'${image}' names no registry host: write host/name (quay.io/org/app) or pass --registry`,
    );
  return { baseUrl: `https://${first}`, repository };
}

const CAPABILITIES = {
  seesPending: false,
  exposesChecksums: true,
  needsToken: 'optional',
  tokenEnv: ['OCI_TOKEN'],
  // Registries answer {"errors":[{"code":"MANIFEST_UNKNOWN",…}]} (docker-registry here too). The spec lets a 4xx
  // body be any format; one that answers plain text would read as an error, never as absent.
  absentIs: 'json-404',
  notes:
    'Manifest GET with the OCI/Docker Accept list and the Bearer token dance (user name from OCI_USERNAME). OCI_TOKEN goes only to a loopback host or one listed in SHIPWATCH_TOKEN_HOSTS: the package names the host, and a pull request can edit it. Checksum: the manifest digest (sha256), compare it with the digest your build pushed: tags are mutable. Time: the image config `created`.',
} satisfies RegistryCapabilities;

/** What the token-host rule needs, apart from the adapter literal (which cannot refer to itself: TS7022). */
const IDENTITY = {
  id: 'oci',
  displayName: 'OCI registry (any)',
  defaultBaseUrl: '',
  capabilities: CAPABILITIES,
};

export const oci = {
  ...IDENTITY,
  packageFormat: 'image with its registry host, e.g. `quay.io/org/app` (`--registry` replaces the host)',
  check(pkg, version, ctx) {
    return observe('oci', pkg, version, ctx, (track) => {
      const { baseUrl, repository } = splitImage(pkg, ctx);
      // A host named in the package (a shipwatch.yml a pull request can edit) is an override like
      // `registry:`: OCI_TOKEN goes there only if it is loopback or listed in SHIPWATCH_TOKEN_HOSTS.
      const hostCtx = ctx.baseUrl ? ctx : contextForPackageHost(IDENTITY, ctx, baseUrl);
      return checkOciProtocol(
        version,
        hostCtx,
        {
          label: 'OCI registry',
          baseUrl,
          repository,
          method: 'GET',
          credentials: ociCredentials(hostCtx, 'OCI_USERNAME'),
          absentIs: CAPABILITIES.absentIs,
        },
        track,
      );
    });
  },
} satisfies RegistryAdapter;
