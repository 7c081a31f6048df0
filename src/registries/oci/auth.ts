/**
 * @module The registry auth dance: 401 + `WWW-Authenticate: Bearer realm=…,service=…,scope=…`
 * → token endpoint (anonymous, or Basic with credentials) → `Authorization: Bearer <token>`.
 * `Basic` challenges (htpasswd registries) are answered with the credentials directly.
 */
import { registerSecret } from '../../shared/redact.ts';
import { httpRequest, parseBody, RegistryStatusError } from '../http.ts';
import type { RegistryContext } from '../types.ts';
import { OciTokenResponse } from './schema.ts';

export interface OciCredentials {
  username: string;
  secret: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses one `WWW-Authenticate` value (`Bearer realm="…",service="…"`). */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(
    /([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g,
  )) {
    if (key) params[key.toLowerCase()] = quoted ?? bare ?? '';
  }
  return { scheme: (match[1] ?? '').toLowerCase(), params };
}

/**
 * Answers a challenge and returns the Authorization header value to retry with.
 * Throws RegistryStatusError when the registry wants credentials we do not have, or refuses ours.
 */
export async function answerChallenge(
  ctx: RegistryContext,
  header: string | null,
  repository: string,
  credentials: OciCredentials | undefined,
  label: string,
): Promise<string> {
  const challenge = parseChallenge(header);
  const encoded = credentials
    ? Buffer.from(`${credentials.username}:${credentials.secret}`).toString('base64')
    : undefined;
  // base64(user:token) is the token in disguise: registered so a server echoing it is redacted too.
  registerSecret(encoded);
  const basic = encoded ? `Basic ${encoded}` : undefined;
  if (challenge?.scheme === 'basic') {
    if (basic) return basic;
    throw new RegistryStatusError(
      `${label} wants a user name and password (Basic auth) for ${repository}`,
      401,
    );
  }
  const realm = challenge?.scheme === 'bearer' ? challenge.params.realm : undefined;
  if (!realm) {
    throw new RegistryStatusError(`${label} answered 401 without a usable WWW-Authenticate challenge`, 401);
  }
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(realm);
  } catch {
    throw new RegistryStatusError(`${label} sent a token realm that is not a URL: ${realm}`, 401);
  }
  if (challenge?.params.service) tokenUrl.searchParams.set('service', challenge.params.service);
  tokenUrl.searchParams.set('scope', challenge?.params.scope ?? `repository:${repository}:pull`);
  const response = await httpRequest(ctx, tokenUrl.toString(), {
    what: `${label} token for ${repository}`,
    headers: { accept: 'application/json', ...(basic ? { authorization: basic } : {}) },
    pass: [401, 403],
  });
  if (response.status === 401 || response.status === 403 || response.notFound) {
    throw new RegistryStatusError(
      `${label} refused ${credentials ? 'the credentials' : 'an anonymous pull token'} for ${repository} (${response.status}): ${
        credentials
          ? 'wrong token or no read access'
          : 'the image is private or does not exist; set a token to tell them apart'
      }`,
      response.status,
    );
  }
  const body = parseBody(response.body, OciTokenResponse, `${label} token answer (${response.url})`);
  const bearer = body.token ?? body.access_token;
  // The registry's own token is a credential too: never printed, even if a server echoes it.
  registerSecret(bearer);
  return `Bearer ${bearer}`;
}
