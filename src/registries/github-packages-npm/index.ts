/** @module GitHub Packages, npm registry (npm.pkg.github.com): the npm protocol, token required. */
import { checkNpmProtocol } from '../npm/check-npm.ts';
import { observe } from '../http.ts';
import type { RegistryAdapter, RegistryCapabilities } from '../types.ts';

const TOKEN_ENV = ['GITHUB_TOKEN', 'NODE_AUTH_TOKEN'] as const;

const DEFAULT_BASE_URL = 'https://npm.pkg.github.com';

const CAPABILITIES = {
  seesPending: false,
  exposesChecksums: true,
  needsToken: 'yes',
  tokenEnv: TOKEN_ENV,
  // Same registry protocol as npmjs: 404 is {"error":"…"}.
  absentIs: 'json-404',
  notes:
    'Reads need a token even for public packages (classic PAT with read:packages, or GITHUB_TOKEN of a repo with access). Checksum: dist.integrity of the npm tarball. No pending state: a publish is visible at once.',
} satisfies RegistryCapabilities;

export const githubPackagesNpm = {
  id: 'github-packages-npm',
  displayName: 'GitHub Packages (npm)',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'scoped name, `@owner/name` (the scope is the GitHub owner)',
  capabilities: CAPABILITIES,
  check(pkg, version, ctx) {
    return observe('github-packages-npm', pkg, version, ctx, (track) =>
      checkNpmProtocol(
        pkg,
        version,
        ctx,
        {
          label: 'GitHub Packages',
          defaultBaseUrl: DEFAULT_BASE_URL,
          probeLag: false,
          requiredTokenEnv: TOKEN_ENV,
          notFoundHint: ', or the token cannot see it',
          absentIs: CAPABILITIES.absentIs,
        },
        track,
      ),
    );
  },
} satisfies RegistryAdapter;
