/** @module npm (registry.npmjs.org and any registry with its layout: Verdaccio, mirrors). */
import { observe } from '../http.ts';
import type { RegistryAdapter, RegistryCapabilities } from '../types.ts';
import { checkNpmProtocol } from './check-npm.ts';

const DEFAULT_BASE_URL = 'https://registry.npmjs.org';

const CAPABILITIES = {
  seesPending: true,
  exposesChecksums: true,
  needsToken: 'optional',
  tokenEnv: ['NPM_TOKEN'],
  // registry.npmjs.org and Verdaccio answer 404 with {"error":"…"}.
  absentIs: 'json-404',
  notes:
    'Checksum: dist.integrity (sha512 of the npm tarball, not of your binary). Pending: the version document answers while the CDN-cached packument (up to ~5 min) does not list it yet. An unpublished version is absent for good: npm never accepts that number again. Token only for private packages.',
} satisfies RegistryCapabilities;

export const npm = {
  id: 'npm',
  displayName: 'npm',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'package name, e.g. `left-pad` or `@scope/name`',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe('npm', pkg, version, ctx, (track) =>
      checkNpmProtocol(
        pkg,
        version,
        ctx,
        { label: 'npm', defaultBaseUrl: DEFAULT_BASE_URL, probeLag: true, absentIs: CAPABILITIES.absentIs },
        track,
      ),
    );
  },
} satisfies RegistryAdapter;
