/**
 * @module The registry adapter contract: what every channel answers for (package, version), and
 * what it can and cannot see, as data (docs and `shipwatch exists --list` are built from it).
 */
import type { ErrorCode } from '../errors.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * The answer for one (channel, package, version). There is no "unknown": a question we could not
 * answer is an `error` with a reason, never `absent`.
 */
export type Verdict =
  /** The channel serves this version to users now. */
  | 'present'
  /** The channel answered, and does not have this version. */
  | 'absent'
  /** The channel accepted this version but does not serve it yet (moderation, review, replication lag). */
  | 'pending'
  /** We could not get a trustworthy answer (network, 429/5xx, timeout, auth, unexpected payload). */
  | 'error';

/** One downloadable thing the channel points at for this version, with the checksum it declares. */
export interface ArtifactEvidence {
  /** File or artifact name (tarball file name, image reference), when known. */
  name?: string;
  /** Where the channel says the artifact lives. */
  url: string;
  /** Lower-case hex sha256 of the artifact, when the channel exposes it (OCI manifest digest, PyPI digests). */
  sha256?: string;
  /**
   * The checksum in the channel's own notation when it is not (only) sha256: npm `dist.integrity`
   * (`sha512-…` SRI), or `sha1:<hex>` from `dist.shasum` when there is no integrity; OCI `sha256:<hex>`.
   */
  digest?: string;
  /**
   * More checksums of the same file beside `digest`, in the channel's notation (npm: `sha1:<hex>`
   * from `dist.shasum` beside the sha512 `integrity`). `--digest` compares against all of them.
   */
  digests?: string[];
  /**
   * Set when the channel lists the artifact but the public cannot download it (yet): `uploading`
   * (a GitHub release asset whose upload has not finished), `draft` (an asset of a draft release).
   */
  unavailable?: 'uploading' | 'draft';
}

/** What one channel said about one version, with the evidence for it. */
export interface ChannelObservation {
  /** Adapter id, e.g. `npm`, `ghcr`. */
  channel: string;
  /** Package name as given (scoped npm name, `owner/image`, …). */
  package: string;
  /** Version (or tag) as given. */
  version: string;
  verdict: Verdict;
  /** ISO 8601 time the channel says this version was published, when it exposes one. */
  publishedAt?: string;
  /** Artifacts and checksums the channel declares for this version. */
  artifacts?: ArtifactEvidence[];
  /** The (redacted) URL we asked, so a person can repeat the question. */
  url?: string;
  /** One plain sentence explaining the verdict; always set for `absent`, `pending` and `error`. */
  reason?: string;
  /** For `error`: which kind (REGISTRY_UNAVAILABLE: retry later; REGISTRY_RESPONSE: shape/auth/bug). */
  errorCode?: ErrorCode;
  /** For `error` from an HTTP answer: its status code. */
  httpStatus?: number;
  /** ISO 8601 time of the check (from the injected clock). */
  checkedAt: string;
}

/**
 * How a channel says "this does not exist". A 404 is evidence of absence only when it comes from
 * the API we think we are talking to: a mistyped `--registry`, a mirror URL missing its path
 * prefix or a proxy's login page answers 404 to everything, and must not read as "absent".
 */
export type AbsentSignal =
  /**
   * A 404/410 with the JSON error body the service documents (npm `{"error":…}`, OCI
   * `{"errors":[…]}`, GitHub `{"message":"Not Found"}`). A 404 carrying an HTML page, plain text
   * or XML came from another server: verdict `error`. An empty body (HEAD, a proxy that strips it)
   * proves nothing either way and stays absent, unless its content type is HTML.
   */
  | 'json-404'
  /**
   * Any 404/410, whatever its body: a genuine one may be plain text, HTML or XML (static file
   * servers, blob storage, self-hosted feeds), so calling those an error would be a lie too.
   * A wrong base URL is not detected on these channels.
   */
  | 'any-404'
  /**
   * Absence is stated inside a successful answer (AUR RPC `resultcount: 0`, an empty Marketplace
   * query, a git repository without the file); every 404 is an error.
   */
  | 'in-answer';

/** What an adapter can observe: data, rendered by `exists --list` and the docs. */
export interface RegistryCapabilities {
  /** The channel exposes an "accepted but not yet served" state we can detect (moderation, review, lag). */
  seesPending: boolean;
  /** The channel declares a checksum of the artifact (any algorithm; see `notes`). */
  exposesChecksums: boolean;
  /** Whether reads need a token: `yes` even for public packages, `optional` for private ones/limits. */
  needsToken: 'no' | 'optional' | 'yes';
  /** Environment variables the token is read from, first set wins (e.g. `NPM_TOKEN`). */
  tokenEnv: readonly string[];
  /** What a genuine "not found" from this channel looks like (see AbsentSignal); a 404 that does not fit is an error. */
  absentIs: AbsentSignal;
  /** One or two sentences: what pending means here, which checksum, rate limits, pitfalls. */
  notes: string;
}

/** Everything an adapter may use: injected transport, clock and environment; no globals. */
export interface RegistryContext {
  /** HTTP transport: the global fetch selects node:http (src/registries/transport.ts); any other fetch is used as given. */
  fetch: typeof globalThis.fetch;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  /** Base URL override (mirror, self-hosted, loopback); keeps the public service's URL layout. */
  baseUrl?: string;
  /** Token for this registry, already resolved from flags/env and registered for redaction. */
  token?: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs: number;
  /** Wall clock in epoch ms. */
  now: () => number;
  /** Cancels every request of this check (Ctrl-C, an overall deadline). */
  signal?: AbortSignal;
}

/** One channel. Plain object literals `satisfies RegistryAdapter`; no base class. */
export interface RegistryAdapter {
  /** Stable id, equal to its folder name under src/registries/. */
  id: string;
  /** Name shown to people, e.g. `GitHub Packages (npm)`. */
  displayName: string;
  /** The public service's base URL (the layout a `--registry` override must keep); '' when the package names its host. */
  defaultBaseUrl: string;
  /**
   * What a base URL override names: an HTTP service with the public layout (default), or a git
   * repository (tap, bucket, manifests repo) given as a git URL, file:// URL or local path.
   */
  baseUrlKind?: 'http' | 'git';
  /** How the package argument is spelled for this channel, e.g. `@scope/name`, `owner/image`. */
  packageFormat: string;
  capabilities: RegistryCapabilities;
  /** Asks the channel. Never throws: every failure becomes verdict `error` with a reason. */
  check(pkg: string, version: string, ctx: RegistryContext): Promise<ChannelObservation>;
}
