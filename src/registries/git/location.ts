/**
 * @module Where a git-backed channel (tap, bucket, manifests repo) lives: a URL git can clone
 * (https, http, ssh, file://, scp-like `git@host:path`) or a local path.
 */
import { UsageError } from '../../errors.ts';
import { redact } from '../../shared/redact.ts';

const SCHEMES = new Set(['https:', 'http:', 'ssh:', 'git:', 'file:']);
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)/;

/** True when `location` is a local path or file:// URL (no network, no token). */
export function isLocalLocation(location: string): boolean {
  return (
    location.startsWith('file://') || (!SCP_LIKE.test(location) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(location))
  );
}

/** True when a token may be sent as an HTTP header to `location`. */
export function isHttpLocation(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/**
 * Validates a `--registry` value for a git-backed channel and returns it unchanged (git resolves
 * relative paths against the working directory). Throws UsageError naming the value.
 */
export function checkGitLocation(raw: string): string {
  const value = raw.trim();
  if (value === '') throw new UsageError('--registry: empty repository location');
  // A leading '-' would be read by git as an option.
  if (value.startsWith('-'))
    throw new UsageError(`--registry: '${redact(value)}' is not a repository location`);
  if (SCP_LIKE.test(value)) return value;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) {
    if (!SCHEMES.has(`${scheme[1]?.toLowerCase()}:`)) {
      throw new UsageError(
        `--registry: '${redact(value)}' must be a git URL (https://, ssh://, file://) or a local path`,
      );
    }
    return value.replace(/\/+$/, '');
  }
  return value;
}
