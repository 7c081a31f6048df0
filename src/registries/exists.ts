/**
 * @module The core of `shipwatch exists`: one channel, one version, one verdict and its exit code
 * (0 present, 1 absent, 3 pending, 4 error — an error is never 1; 5 present but another artifact,
 * with `--digest`), plus the channel list data.
 */
import { UsageError } from '../errors.ts';
import type { CommandContext } from '../shared/context.ts';
import { digestAlgorithmName, formatDigest, type ParsedDigest, parseDigest } from './digest.ts';
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
  /**
   * The checksum the caller built (`sha256:<hex>`, bare hex, `sha512-…` SRI, `sha1:<hex>`); present
   * must carry it. Compared only with the channel's checksums of the same algorithm.
   */
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
      `--digest: '${options.digest}' is not a checksum (expected sha256:<64 hex>, sha1:<40 hex>, sha512:<128 hex>, sha3-384:<96 hex> (Snap), bare hex of one of those lengths, or an SRI like sha512-<base64> of the right length)`,
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
  const want = parseDigest(expected);
  // checkExists validated --digest; this only keeps the types honest.
  if (!want) throw new UsageError(`--digest: '${expected}' is not a checksum`);
  // npm's integrity may list several SRI hashes separated by spaces.
  const declared = (observation.artifacts ?? [])
    .flatMap((a) => [
      ...(a.sha256 ? [`sha256:${a.sha256}`] : []),
      ...(a.digest ? [a.digest] : []),
      ...(a.digests ?? []),
    ])
    .flatMap((d) => d.trim().split(/\s+/))
    .filter(Boolean);
  if (declared.length === 0) {
    // We cannot confirm it is the same artifact, so we cannot say "present" with confidence.
    const reason = `${observation.channel} exposes no checksum for this version, so --digest cannot be checked`;
    return { observation: { ...observation, verdict: 'error', reason }, exitCode: EXIT_CODES.error };
  }
  const same = declared
    .map(parseDigest)
    .filter((d): d is ParsedDigest => d !== undefined && d.algorithm === want.algorithm);
  if (same.length === 0) {
    // A sha256 says nothing about a sha512: "cannot confirm", not "another artifact".
    const exposed = [...new Set(declared.map(digestAlgorithmName))].join(', ');
    const reason = `${observation.channel} exposes ${exposed} for this version, not ${want.algorithm}: --digest cannot be checked (pass the ${exposed.split(', ')[0]} of your artifact)`;
    return { observation: { ...observation, verdict: 'error', reason }, exitCode: EXIT_CODES.error };
  }
  if (same.some((d) => d.hex === want.hex))
    return { observation, exitCode: EXIT_CODES.present, digestMatches: true };
  const has = [...new Set(same.map(formatDigest))].join(', ');
  const reason = `present, but another artifact: expected ${formatDigest(want)}, the channel has ${has}`;
  return { observation: { ...observation, reason }, exitCode: EXIT_DIGEST_MISMATCH, digestMatches: false };
}

/**
 * The shapes `--digest` accepts: bare hex (40/64/96/128 digits: sha1/sha256/sha384/sha512),
 * `sha3-384:<hex>` (Snap),
 * `<alg>:<hex>` or SRI `<alg>-<base64>` of exactly the algorithm's length.
 */
export function isDigest(digest: string): boolean {
  return parseDigest(digest) !== undefined;
}

/** Any accepted notation → `<alg>:<lower-case hex>` (`sha512-<base64>` too); unknown text is returned trimmed. */
export function normalizeDigest(digest: string): string {
  const parsed = parseDigest(digest);
  return parsed ? formatDigest(parsed) : digest.trim();
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
