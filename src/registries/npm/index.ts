/** @module npm (registry.npmjs.org and any registry with its layout: Verdaccio, mirrors). */
import { observe } from '../http.ts';
import type { RegistryAdapter } from '../types.ts';
import { checkNpmProtocol } from './check-npm.ts';

const DEFAULT_BASE_URL = 'https://registry.npmjs.org';

export const npm = {
  id: 'npm',
  displayName: 'npm',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'package name, e.g. `left-pad` or `@scope/name`',
  capabilities: {
    seesPending: true,
    exposesChecksums: true,
    needsToken: 'optional',
    tokenEnv: ['NPM_TOKEN'],
    notes:
      'Checksum: dist.integrity (sha512 of the npm tarball, not of your binary). Pending: the version document answers while the CDN-cached packument (up to ~5 min) does not list it yet. An unpublished version is absent for good: npm never accepts that number again. Token only for private packages.',
  },
  check(pkg, version, ctx) {
    return observe('npm', pkg, version, ctx, (track) =>
      checkNpmProtocol(
        pkg,
        version,
        ctx,
        { label: 'npm', defaultBaseUrl: DEFAULT_BASE_URL, probeLag: true },
        track,
      ),
    );
  },
} satisfies RegistryAdapter;
