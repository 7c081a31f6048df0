/**
 * @module The OCI distribution protocol shared by Docker Hub, GHCR and any OCI registry:
 * manifest HEAD/GET by tag with the manifest Accept list, token auth, digest from
 * `Docker-Content-Digest`, publish time from the image config's `created`.
 */
import { createHash } from 'node:crypto';
import { RegistryResponseError, UsageError } from '../../errors.ts';
import {
  type HttpOptions,
  type HttpResponse,
  httpRequest,
  joinUrl,
  type ObservationBody,
  type ObserveTrack,
  parseBody,
  RegistryStatusError,
} from '../http.ts';
import type { AbsentSignal, RegistryContext } from '../types.ts';
import { answerChallenge, type OciCredentials } from './auth.ts';
import { type OciDescriptor, OciErrors, OciImageConfig, OciImageManifest, OciManifest } from './schema.ts';

/** Every manifest type we understand; without it GHCR answers 404 and Docker Hub converts to schema 1. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface OciProtocolOptions {
  /** Name in messages, e.g. `Docker Hub`. */
  label: string;
  /** Registry base URL (public one or the override). */
  baseUrl: string;
  /** Repository path inside the registry, e.g. `library/nginx`. */
  repository: string;
  /**
   * HEAD does not count towards Docker Hub's pull limit (GET does) but gives no body, so no
   * publish time; GHCR answers HEAD with 401 in places, so it is asked with GET.
   */
  method: 'HEAD' | 'GET';
  credentials?: OciCredentials;
  /** The adapter's `capabilities.absentIs`, applied to the tag's manifest (the request that decides absence). */
  absentIs: Exclude<AbsentSignal, 'in-answer'>;
}

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST_REF = /^sha256:[a-f0-9]{64}$/;

/** Throws a UsageError unless `repository` and `reference` follow the distribution spec grammar. */
export function checkReference(repository: string, reference: string): void {
  if (!REPOSITORY.test(repository)) {
    throw new UsageError(
      `'${repository}' is not a valid image repository name (lower-case, e.g. owner/image)`,
    );
  }
  if (!TAG.test(reference) && !DIGEST_REF.test(reference)) {
    throw new UsageError(
      `'${reference}' is not a valid image tag (letters, digits, '_', '.', '-'; at most 128)`,
    );
  }
}

export async function checkOciProtocol(
  reference: string,
  ctx: RegistryContext,
  options: OciProtocolOptions,
  track: ObserveTrack = {},
): Promise<ObservationBody> {
  checkReference(options.repository, reference);
  const { repository, label } = options;
  const url = joinUrl(options.baseUrl, `/v2/${repository}/manifests/${encodeURIComponent(reference)}`);
  track.url = url;
  const session = new AuthSession(ctx, options);
  const response = await session.request(
    url,
    options.method,
    MANIFEST_ACCEPT,
    `${label} manifest ${repository}:${reference}`,
    options.absentIs,
  );

  if (response.notFound) {
    const code = errorCode(response.body);
    const hint = /^v\d/.test(reference)
      ? ` (image tags often drop the leading v: try ${reference.slice(1)})`
      : '';
    const reason =
      code === 'NAME_UNKNOWN'
        ? `${label} has no repository ${repository}`
        : `${label} has no tag ${reference} in ${repository}${code ? ` (${code})` : ''}${hint}`;
    return { verdict: 'absent', url, reason };
  }

  let digest = response.headers.get('docker-content-digest') ?? undefined;
  let manifest: OciManifest | undefined;
  if (options.method === 'GET') {
    manifest = parseBody(
      response.body,
      OciManifest,
      `${label} manifest ${repository}:${reference} (${response.url})`,
    );
    digest = bodyDigest(
      response.body,
      digest,
      `${label} manifest ${repository}:${reference} (${response.url})`,
    );
  }
  if (!digest || !DIGEST_REF.test(digest)) {
    throw new RegistryResponseError(
      `${label} answered ${response.status} for ${repository}:${reference} without a sha256 Docker-Content-Digest header`,
    );
  }
  const publishedAt = manifest ? await configCreated(session, options, manifest) : undefined;
  const base = options.baseUrl.replace(/\/+$/, '');
  // A tag that is an index holds each platform image too: `docker push` of one platform and
  // `crane digest --platform` print that image's digest, so --digest must match it as well.
  const listed = manifest && 'manifests' in manifest ? manifest.manifests : [];
  const platforms = listed.filter((m) => m.platform && m.platform.os !== 'unknown');
  return {
    verdict: 'present',
    url,
    ...(publishedAt ? { publishedAt } : {}),
    artifacts: [
      {
        name: `${repository}:${reference}`,
        url: `${base}/v2/${repository}/manifests/${digest}`,
        sha256: digest.slice('sha256:'.length),
        digest,
        ...(listed.length > 0 ? { digests: [...new Set(listed.map((m) => m.digest))] } : {}),
      },
    ],
    ...(platforms.length > 0
      ? {
          reason: `image index of ${platforms.map((m) => `${platformName(m)} ${m.digest}`).join(', ')}`,
        }
      : {}),
  };
}

/**
 * The manifest's digest, checked against the header when there is one: `docker pull` verifies the
 * bytes it got against `Docker-Content-Digest`, so a mismatch (a broken proxy or mirror) is not a
 * pullable image. The digest is over the bytes sent; the transport hands us their UTF-8 decoding,
 * and re-encoding it gives those bytes back exactly unless the decoder replaced invalid bytes with
 * U+FFFD. So text holding U+FFFD cannot vouch for a digest: it only confirms one it reproduces.
 */
function bodyDigest(text: string, header: string | undefined, what: string): string {
  const computed = `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
  if (header === computed) return header;
  if (text.includes('\uFFFD')) {
    throw new RegistryResponseError(
      `${what}: the manifest is not valid UTF-8 (or holds U+FFFD), so its digest cannot be ${
        header
          ? `checked against the registry's Docker-Content-Digest ${header}`
          : 'computed from what was read'
      }`,
    );
  }
  if (header === undefined) return computed;
  throw new RegistryResponseError(
    `${what}: the registry's Docker-Content-Digest ${header} does not match the manifest it sent (${computed}): a broken proxy or mirror?`,
  );
}

/** `linux/arm64/v8` from a descriptor's platform. */
function platformName(descriptor: OciDescriptor): string {
  const p = descriptor.platform;
  return p ? [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/') : 'unknown';
}

/** Remembers the Authorization header won from the first challenge for the following requests. */
class AuthSession {
  private authorization: string | undefined;
  private challenged = false;
  private readonly ctx: RegistryContext;
  private readonly options: OciProtocolOptions;

  constructor(ctx: RegistryContext, options: OciProtocolOptions) {
    this.ctx = ctx;
    this.options = options;
  }

  async request(
    url: string,
    method: 'HEAD' | 'GET',
    accept: string,
    what: string,
    absentIs: HttpOptions['absentIs'] = 'any-404',
  ): Promise<HttpResponse> {
    const send = () =>
      httpRequest(this.ctx, url, {
        method,
        what,
        absentIs,
        pass: [401],
        headers: { accept, ...(this.authorization ? { authorization: this.authorization } : {}) },
      });
    let response = await send();
    if (response.status === 401 && !this.challenged) {
      this.challenged = true;
      this.authorization = await answerChallenge(
        this.ctx,
        response.headers.get('www-authenticate'),
        this.options.repository,
        this.options.credentials,
        this.options.label,
      );
      response = await send();
    }
    if (response.status === 401) {
      // Docker Hub answers 401 (not 404) for repositories that do not exist, to hide private ones.
      throw new RegistryStatusError(
        `${what}: ${method} ${response.url} answered 401 even with a token: the repository is private or does not exist${
          this.options.credentials ? '' : ' (set a token to tell them apart)'
        }`,
        401,
      );
    }
    return response;
  }
}

/** Publish time: `created` of the image config (for an index, of its first real platform image). */
async function configCreated(
  session: AuthSession,
  options: OciProtocolOptions,
  manifest: OciManifest,
): Promise<string | undefined> {
  const { repository, label, baseUrl } = options;
  let image: OciImageManifest | undefined = 'config' in manifest ? manifest : undefined;
  if (!image && 'manifests' in manifest) {
    // Attestation manifests carry platform unknown/unknown; skip them.
    const first = manifest.manifests.find((m) => m.platform?.os !== 'unknown');
    if (!first) return undefined;
    const child = await session.request(
      joinUrl(baseUrl, `/v2/${repository}/manifests/${first.digest}`),
      'GET',
      MANIFEST_ACCEPT,
      `${label} platform manifest ${repository}@${first.digest}`,
    );
    if (child.notFound) return undefined;
    image = parseBody(child.body, OciImageManifest, `${label} platform manifest ${first.digest}`);
  }
  if (!image) return undefined;
  const blob = await session.request(
    joinUrl(baseUrl, `/v2/${repository}/blobs/${image.config.digest}`),
    'GET',
    '*/*',
    `${label} image config ${repository}@${image.config.digest}`,
  );
  if (blob.notFound) return undefined;
  return parseBody(blob.body, OciImageConfig, `${label} image config ${image.config.digest}`).created;
}

function errorCode(body: string): string | undefined {
  try {
    const parsed = OciErrors.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.errors[0]?.code : undefined;
  } catch {
    return undefined;
  }
}

/** Credentials for the token endpoint: the adapter's token plus a user name from `usernameEnv`. */
export function ociCredentials(
  ctx: RegistryContext,
  usernameEnv: string,
  defaultUsername?: string,
): OciCredentials | undefined {
  if (!ctx.token) return undefined;
  const username = ctx.env[usernameEnv] || defaultUsername;
  if (!username) throw new UsageError(`a registry token needs its user name too: set ${usernameEnv}`);
  return { username, secret: ctx.token };
}
