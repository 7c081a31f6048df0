/**
 * @module The core of `shipwatch exists`: one channel, one version, one verdict and its exit code
 * (0 present, 1 absent, 3 pending, 4 error — an error is never 1; 5 present but another artifact,
 * with `--digest`), plus the channel list data.
 */
import { UsageError } from '../errors.ts';
import type { CommandContext } from '../shared/context.ts';
import { registryContext } from './http.ts';
import { getRegistry, listRegistries } from './index.ts';
import type { ChannelObservation, RegistryCapabilities, Verdict } from './types.ts';

/** The documented exit code of each verdict; `if shipwatch exists …` is true only for present. */
export const EXIT_CODES: Readonly<Record<Verdict, number>> = { present: 0, absent: 1, pending: 3, error: 4 };
/** With `--digest`: the version is there, but it is another artifact (a retargeted tag, a rebuilt tarball). */
export const EXIT_DIGEST_MISMATCH = 5;

export interface ExistsOptions {
  channel: string;
  package: string;
  version: string;
  /** Base URL override with the public service's layout. */
  registry?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The checksum the caller built (`sha256:<hex>`, bare hex, `sha512-…` SRI, `sha1:<hex>`); present must match it. */
  digest?: string;
}

export interface ExistsResult {
  observation: ChannelObservation;
  exitCode: number;
  /** Only with `digest` and a present version: whether an artifact carries that checksum. */
  digestMatches?: boolean;
}

/** Throws UsageError for an unknown channel, a bad --registry or --digest, or input the adapter refuses (an invalid package name); every registry failure is in the observation. */
export async function checkExists(ctx: CommandContext, options: ExistsOptions): Promise<ExistsResult> {
  const adapter = getRegistry(options.channel);
  // A typo in --digest must not come back as exit 5 ("another artifact") after a network round trip.
  if (options.digest !== undefined && !isDigest(options.digest)) {
    throw new UsageError(
      `--digest: '${options.digest}' is not a checksum (expected sha256:<64 hex>, <64 hex>, sha1:<40 hex>, sha512:<128 hex> or an SRI like sha512-<base64>)`,
    );
  }
  const registryCtx = registryContext(adapter, ctx, {
    ...(options.registry !== undefined ? { baseUrl: options.registry } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const observation = await adapter.check(options.package, options.version, registryCtx);
  // The adapter refused our input (e.g. an invalid package name): that is bad usage, exit 2, not a registry error.
  if (observation.verdict === 'error' && observation.errorCode === 'USAGE') {
    throw new UsageError(observation.reason ?? `${options.channel}: invalid input`);
  }
  if (options.digest === undefined || observation.verdict !== 'present') {
    return { observation, exitCode: EXIT_CODES[observation.verdict] };
  }
  return compareDigest(observation, options.digest);
}

function compareDigest(observation: ChannelObservation, expected: string): ExistsResult {
  const want = normalizeDigest(expected);
  const found = (observation.artifacts ?? []).flatMap((a) => [
    ...(a.sha256 ? [`sha256:${a.sha256.toLowerCase()}`] : []),
    ...(a.digest ? [normalizeDigest(a.digest)] : []),
  ]);
  if (found.length === 0) {
    // We cannot confirm it is the same artifact, so we cannot say "present" with confidence.
    const reason = `${observation.channel} exposes no checksum for this version, so --digest cannot be checked`;
    return { observation: { ...observation, verdict: 'error', reason }, exitCode: EXIT_CODES.error };
  }
  if (found.includes(want)) return { observation, exitCode: EXIT_CODES.present, digestMatches: true };
  const reason = `present, but another artifact: expected ${want}, the channel has ${[...new Set(found)].join(', ')}`;
  return { observation: { ...observation, reason }, exitCode: EXIT_DIGEST_MISMATCH, digestMatches: false };
}

const HEX_LENGTHS: Readonly<Record<string, number>> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

/** The shapes `--digest` accepts: bare 64-hex, `<alg>:<hex>` of the right length, or SRI `<alg>-<base64>`. */
export function isDigest(digest: string): boolean {
  const value = digest.trim();
  if (/^[a-f0-9]{64}$/i.test(value)) return true;
  const hex = /^(sha(?:1|256|384|512)):([a-f0-9]+)$/i.exec(value);
  if (hex) return hex[2]?.length === HEX_LENGTHS[hex[1]?.toLowerCase() ?? ''];
  return /^sha(?:1|256|384|512)-[A-Za-z0-9+/]+={0,2}$/.test(value);
}

/** `sha256:ABC…`/bare 64-hex → `sha256:abc…`; SRI (`sha512-…`) stays as is (base64 is case-sensitive). */
export function normalizeDigest(digest: string): string {
  const value = digest.trim();
  if (/^[a-f0-9]{64}$/i.test(value)) return `sha256:${value.toLowerCase()}`;
  const hex = /^(sha(?:1|256|512)):([a-f0-9]+)$/i.exec(value);
  if (hex) return `${hex[1]?.toLowerCase()}:${hex[2]?.toLowerCase()}`;
  return value;
}

/** One row of `exists --list` (and of the docs): the adapter's data, nothing computed. */
export interface ChannelInfo {
  id: string;
  displayName: string;
  defaultBaseUrl: string;
  packageFormat: string;
  capabilities: RegistryCapabilities;
}

export function listChannels(): ChannelInfo[] {
  return listRegistries().map(({ id, displayName, defaultBaseUrl, packageFormat, capabilities }) => ({
    id,
    displayName,
    defaultBaseUrl,
    packageFormat,
    capabilities,
  }));
}
