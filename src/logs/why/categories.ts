/**
 * @module The failure categories a diagnosis can name: exactly the categories of the labelled
 * corpus (../shared/corpus/README.md), so results can be compared with it.
 */
export const CATEGORIES = [
  'auth-bad-credentials',
  'auth-token-permission',
  'publish-version-exists',
  'cache-restore-noise',
  'config-error',
  'dependency-resolution',
  'network-timeout',
  'registry-denied',
  'build-compile-error',
  'disk-space',
  'toolchain-setup',
  'test-failure',
  'timeout-cancelled',
  'other',
] as const;

/** One failure category. */
export type Category = (typeof CATEGORIES)[number];
