/**
 * @module The npm registry protocol, shared by npmjs and GitHub Packages (npm): full packument,
 * then the version's own document as a replication-lag probe.
 */
import { RegistryResponseError, UsageError } from '../../errors.ts';
import { getJson, joinUrl, type ObservationBody, type ObserveTrack, parseBody } from '../http.ts';
import { checkAnsweredFor } from '../identity.ts';
import type { AbsentSignal, RegistryContext } from '../types.ts';
import { cleanNpmVersion, npmVersionProblem } from './clean-version.ts';
import { NpmPackument, NpmUnpublished, NpmVersionManifest } from './schema.ts';

export interface NpmProtocolOptions {
  /** Name used in messages, e.g. `npm`, `GitHub Packages`. */
  label: string;
  defaultBaseUrl: string;
  /** Ask `/<name>/<version>` when the packument lacks the version, to tell lag from absence. */
  probeLag: boolean;
  /** Set when the registry refuses anonymous reads: the env variables that can hold a token. */
  requiredTokenEnv?: readonly string[];
  /** Appended to the "no such package" reason (GitHub Packages answers 404 for packages the token cannot see). */
  notFoundHint?: string;
  /** The adapter's `capabilities.absentIs`: which 404s count as "no such package". */
  absentIs: Exclude<AbsentSignal, 'in-answer'>;
}

// npm package names: optional `@scope/`, then URL-safe characters (old packages may have capitals).
const NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9_.][\w.-]*$/i;

/**
 * `@scope/name` → `@scope%2fname`, the form the registry routes (a raw slash is a different path);
 * lower-case `%2f` exactly as the npm CLI sends it, which every npm-compatible registry accepts.
 */
export function encodePackageName(name: string): string {
  if (!name.startsWith('@')) return encodeURIComponent(name);
  const [scope = '', rest = ''] = name.slice(1).split('/');
  return `@${encodeURIComponent(scope)}%2f${encodeURIComponent(rest)}`;
}

/**
 * Asks an npm-protocol registry for `pkg@version`. The version is read as `npm publish` stores it
 * (`v1.2.3`, `1.2.3+build` → `1.2.3`, said in the reason); one npm cannot hold (a dist-tag such as
 * `latest`, `1.2`) is a UsageError, never "absent".
 */
export async function checkNpmProtocol(
  pkg: string,
  version: string,
  ctx: RegistryContext,
  options: NpmProtocolOptions,
  track: ObserveTrack = {},
): Promise<ObservationBody> {
  // npm's own limit (validate-npm-package-name): longer names cannot exist, so asking is pointless.
  if (pkg.length > 214)
    throw new UsageError(
      `'${pkg}' is not a valid npm package name: at most 214 characters, this one has ${pkg.length}`,
    );
  if (!NAME.test(pkg)) throw new UsageError(`'${pkg}' is not a valid npm package name`);
  const cleaned = cleanNpmVersion(version);
  if (cleaned === undefined) throw new UsageError(npmVersionProblem(version, pkg));
  const body = await lookUp(pkg, cleaned, ctx, options, track);
  if (cleaned === version) return body;
  const note = `${version} read as ${cleaned}, as npm does`;
  return { ...body, reason: body.reason ? `${body.reason}; ${note}` : note };
}

async function lookUp(
  pkg: string,
  version: string,
  ctx: RegistryContext,
  options: NpmProtocolOptions,
  track: ObserveTrack,
): Promise<ObservationBody> {
  if (options.requiredTokenEnv && !ctx.token)
    throw missingToken(options.label, options.requiredTokenEnv, ctx);
  const base = ctx.baseUrl ?? options.defaultBaseUrl;
  const url = joinUrl(base, `/${encodePackageName(pkg)}`);
  track.url = url;
  // Full document on purpose: the abbreviated one (install-v1) has no `time` map.
  const headers: Record<string, string> = { accept: 'application/json' };
  if (ctx.token) headers.authorization = `Bearer ${ctx.token}`;
  const what = `${options.label} packument of ${pkg}`;
  const packument = await getJson(ctx, url, NpmPackument, { what, headers, absentIs: options.absentIs });

  if (packument.found) {
    const { data } = packument;
    // A mirror or proxy that ignores part of the path answers with another package's packument.
    checkAnsweredFor(what, { name: pkg }, { name: data.name });
    const entry = data.versions?.[version];
    if (entry !== undefined) {
      const manifest = parseBody(JSON.stringify(entry), NpmVersionManifest, `${what}, version ${version}`);
      checkAnsweredFor(what, { version }, { version: manifest.version });
      const publishedAt = stringAt(data.time, version);
      const { dist } = manifest;
      // Both checksums stay: a --digest sha1 (what `npm pack` also prints as shasum) can be checked too.
      const shasum = dist.shasum ? `sha1:${dist.shasum.toLowerCase()}` : undefined;
      const digest = dist.integrity ?? shasum;
      const digests = dist.integrity && shasum ? [shasum] : [];
      return {
        verdict: 'present',
        url,
        ...(publishedAt ? { publishedAt } : {}),
        artifacts: [
          {
            name: tarballName(dist.tarball),
            url: dist.tarball,
            ...(digest ? { digest } : {}),
            ...(digests.length ? { digests } : {}),
          },
        ],
        ...(manifest.deprecated ? { reason: `deprecated: ${manifest.deprecated}` } : {}),
      };
    }
    const unpublishedAt = stringAt(data.time, version);
    if (unpublishedAt) {
      return {
        verdict: 'absent',
        url,
        reason: `${pkg}@${version} was published at ${unpublishedAt} and later unpublished; npm never accepts that version number again`,
      };
    }
    const whole = NpmUnpublished.safeParse(data.time?.unpublished);
    if (whole.success && !data.versions) {
      return { verdict: 'absent', url, reason: `${pkg} was unpublished entirely at ${whole.data.time}` };
    }
  }

  const lag = options.probeLag ? await probeVersionDocument(ctx, base, pkg, version, headers) : undefined;
  if (lag) return { verdict: 'pending', url, reason: lag };
  const latest = packument.found ? packument.data['dist-tags']?.latest : undefined;
  const reason = packument.found
    ? `${options.label} has ${pkg} but not version ${version}${latest ? ` (latest is ${latest})` : ''}`
    : `${options.label} has no package named ${pkg} (404)${options.notFoundHint ?? ''}`;
  return { verdict: 'absent', url, reason };
}

/**
 * The packument is cached at the CDN for minutes after a publish; the version document is a
 * separate object. If it already answers, the publish was accepted and is still propagating.
 * The packument's "absent" stays authoritative when the probe fails in any way.
 */
async function probeVersionDocument(
  ctx: RegistryContext,
  base: string,
  pkg: string,
  version: string,
  headers: Record<string, string>,
): Promise<string | undefined> {
  const url = joinUrl(base, `/${encodePackageName(pkg)}/${encodeURIComponent(version)}`);
  try {
    const doc = await getJson(ctx, url, NpmVersionManifest, {
      what: `version document ${pkg}@${version}`,
      headers,
    });
    if (doc.found && doc.data.version === version && doc.data.name === pkg) {
      return `the version document ${pkg}@${version} exists but the packument does not list it yet (registry replication/CDN lag, usually minutes)`;
    }
  } catch (error) {
    ctx.logger.debug({ pkg, version, error: String(error) }, 'npm lag probe failed');
  }
  return undefined;
}

function stringAt(map: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined {
  const value = map?.[key];
  return typeof value === 'string' ? value : undefined;
}

function tarballName(tarball: string): string {
  const path = tarball.split('?')[0] ?? tarball;
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * No token for a registry that refuses anonymous reads. Not bad usage (exit 2): the config is
 * fine, the environment lacks a secret (a fork's pull request gets none), so it is an `error`
 * verdict, exit 4. Says so when a token was set but withheld from a host that is not the registry's own.
 */
function missingToken(label: string, names: readonly string[], ctx: RegistryContext): RegistryResponseError {
  const need = `${label} needs a token even for public packages`;
  const withheld = names.find((name) => ctx.env[name]);
  if (withheld && ctx.baseUrl) {
    const host = hostOf(ctx.baseUrl);
    return new RegistryResponseError(
      `${need}: ${withheld} is set but was not sent to ${host}, not the ${label} host (list it in SHIPWATCH_TOKEN_HOSTS to send it)`,
    );
  }
  return new RegistryResponseError(`${need}: set ${names.join(' or ')}`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
