/**
 * @module The one HTTP path every registry adapter uses: timeouts, size cap, status → typed
 * error mapping (404/410 is a result, not an error, when it looks like the API's own "not found";
 * see AbsentSignal), zod validation, redaction, and the
 * `observe()` wrapper that turns any failure into verdict `error`.
 */
import { AppError, RegistryResponseError, RegistryUnavailableError, UsageError } from '../errors.ts';
import type { CommandContext } from '../shared/context.ts';
import { redact, registerSecret } from '../shared/redact.ts';
import { checkGitLocation } from './git/location.ts';
import { ProxyError } from './proxy.ts';
import { type HeaderLookup, ResponseBodyError, type TransportResponse, transportFor } from './transport.ts';
import type { AbsentSignal, ChannelObservation, RegistryAdapter, RegistryContext } from './types.ts';
import type * as z from '../shared/zod.ts';
import { deadline } from '../shared/deadline.ts';

export const USER_AGENT = 'shipwatch/0.1.0 (release verification CLI)';
export const DEFAULT_TIMEOUT_MS = 15_000;
/** Full npm packuments of very busy packages reach tens of MB; anything bigger is not a registry answer. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** A documented JSON "not found" is a few hundred bytes; read enough that it is never cut mid-JSON. */
const NOT_FOUND_MAX_BYTES = 64 * 1024;

/** A registry answered with an HTTP status we do not treat as transient (401, 403, 400, …). */
export class RegistryStatusError extends RegistryResponseError {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

export interface HttpOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  /** Request body (POST query APIs such as the VS Code Marketplace `extensionquery`). */
  body?: string;
  /** Extra headers (the adapter's required ones: Accept, Snap-Device-Series, Authorization …). */
  headers?: Readonly<Record<string, string>>;
  /** Statuses handed back to the caller instead of being mapped to errors (e.g. 401 for a token dance). */
  pass?: readonly number[];
  /** Human label for messages: `npm packument of @scope/name`. */
  what: string;
  /** Maximum body size; default MAX_BODY_BYTES. */
  maxBytes?: number;
  /**
   * What a genuine 404/410 of this endpoint looks like. Requests that decide absence pass the
   * adapter's `capabilities.absentIs`; `json-404` makes a 404 with an HTML page, plain text or XML
   * a RegistryStatusError (another server answered). Default `any-404`: secondary files (a checksum
   * file, a config blob) whose 404 may be anything.
   */
  absentIs?: Exclude<AbsentSignal, 'in-answer'>;
}

export interface HttpResponse {
  status: number;
  headers: HeaderLookup;
  /** The URL asked, redacted. */
  url: string;
  /** Body text ('' for HEAD). */
  body: string;
  /** 404 or 410: the registry says there is nothing here. */
  notFound: boolean;
}

/**
 * One request. Returns 2xx, 404/410 (`notFound`) and the `pass` statuses; throws
 * RegistryUnavailableError for 429, 5xx, timeouts and network failures, and RegistryStatusError
 * for any other status.
 */
export async function httpRequest(
  ctx: RegistryContext,
  url: string,
  options: HttpOptions,
): Promise<HttpResponse> {
  const method = options.method ?? 'GET';
  const shownUrl = redact(url);
  // Not AbortSignal.any + AbortSignal.timeout: a GC can drop that timer (shared/deadline.ts).
  const limit = deadline(ctx.timeoutMs, [ctx.signal]);
  const { signal } = limit;
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...lowerKeys(options.headers ?? {}) };
  ctx.logger.debug({ method, url: shownUrl }, 'registry request');
  let response: TransportResponse;
  let body = '';
  try {
    response = await transportFor(ctx.fetch, ctx.env)(url, {
      method,
      headers,
      signal,
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    const passed = options.pass?.includes(response.status) ?? false;
    const ok = (response.status >= 200 && response.status < 300) || passed;
    // Error bodies are read only for a short excerpt; success bodies are read in full (capped).
    if (method !== 'HEAD') {
      const notFound = response.status === 404 || response.status === 410;
      const maxBytes = ok ? (options.maxBytes ?? MAX_BODY_BYTES) : notFound ? NOT_FOUND_MAX_BYTES : 4096;
      const text = await response.read(maxBytes, !ok);
      if (text === null)
        throw new RegistryResponseError(`${options.what}: response body larger than ${maxBytes} bytes`);
      body = text;
    }
  } catch (error) {
    limit.clear();
    throw transportError(error, options.what, shownUrl, ctx);
  }
  limit.clear();
  const { status } = response;
  if ((status >= 200 && status < 300) || options.pass?.includes(status)) {
    return { status, headers: response.headers, url: shownUrl, body, notFound: false };
  }
  if (status === 404 || status === 410) {
    const foreign = options.absentIs === 'json-404' ? foreignNotFound(response.headers, body) : undefined;
    if (foreign) {
      throw new RegistryStatusError(
        `${options.what}: ${method} ${shownUrl} answered ${status} with ${foreign}, not the JSON error this API sends: is the registry URL right? (a ${status} from another server is not "absent")`,
        status,
      );
    }
    return { status, headers: response.headers, url: shownUrl, body, notFound: true };
  }
  const excerpt = bodyExcerpt(body);
  if (status === 429 || status >= 500) {
    const retry = response.headers.get('retry-after');
    const hint = status === 429 ? `rate limited${retry ? `, retry after ${retry}s` : ''}` : 'server error';
    throw new RegistryUnavailableError(
      `${options.what}: ${method} ${shownUrl} answered ${status} (${hint})${excerpt}`,
      status,
    );
  }
  const hint =
    status === 401
      ? ': this registry wants credentials (is the token set and valid?)'
      : status === 403
        ? ': access denied (token lacks permission, or the package is private)'
        : '';
  throw new RegistryStatusError(
    `${options.what}: ${method} ${shownUrl} answered ${status}${hint}${excerpt}`,
    status,
  );
}

/** Result of `getJson`: the validated body, or "the registry says not found". */
export type JsonResult<T> =
  | { found: true; data: T; response: HttpResponse }
  | { found: false; data?: undefined; response: HttpResponse };

/** GET + JSON.parse + zod. Malformed or unexpected bodies throw RegistryResponseError. */
export async function getJson<T>(
  ctx: RegistryContext,
  url: string,
  schema: z.ZodMiniType<T>,
  options: HttpOptions,
): Promise<JsonResult<T>> {
  const response = await httpRequest(ctx, url, { ...options, method: 'GET' });
  if (response.notFound) return { found: false, response };
  return {
    found: true,
    data: parseBody(response.body, schema, `${options.what} (${response.url})`),
    response,
  };
}

/** Parses and validates a JSON body; errors name the first few schema problems by path. */
export function parseBody<T>(text: string, schema: z.ZodMiniType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RegistryResponseError(`${what}: the body is not JSON${bodyExcerpt(text)}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new RegistryResponseError(`${what}: unexpected response shape (${problems})`);
  }
  return result.data;
}

/** `base` (trailing slashes dropped) + `path` (must start with '/'). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** What an adapter's check body returns; `observe` adds channel, package, version and time. */
export type ObservationBody = Omit<ChannelObservation, 'channel' | 'package' | 'version' | 'checkedAt'>;

/** Set by a check body as it goes, so an error observation can still say what was asked. */
export interface ObserveTrack {
  /** The main URL of the question (packument, manifest, release …). */
  url?: string;
}

/**
 * Runs an adapter's check and guarantees the contract: never throws, errors become verdict
 * `error` with a one-line reason, every string is redacted, `checkedAt` comes from the injected clock.
 * Pass the adapter id as a string from inside an object literal (`observe('pypi', …)`): passing the
 * literal itself makes TypeScript infer its type circularly (TS7022).
 */
export async function observe(
  adapter: Pick<RegistryAdapter, 'id'> | string,
  pkg: string,
  version: string,
  ctx: RegistryContext,
  body: (track: ObserveTrack) => Promise<ObservationBody>,
): Promise<ChannelObservation> {
  const track: ObserveTrack = {};
  const channel = typeof adapter === 'string' ? adapter : adapter.id;
  const base = { channel, package: pkg, version, checkedAt: new Date(ctx.now()).toISOString() };
  try {
    const result = await body(track);
    // Signed download URLs (`?sig=`, `?token=`) and echoed registry text must not carry secrets out.
    return {
      ...base,
      ...result,
      ...(result.url ? { url: redact(result.url) } : {}),
      ...(result.reason ? { reason: redact(result.reason) } : {}),
      ...(result.artifacts ? { artifacts: result.artifacts.map((a) => ({ ...a, url: redact(a.url) })) } : {}),
    };
  } catch (error) {
    const reason = error instanceof Error ? redact(error.message) : redact(String(error));
    const observation: ChannelObservation = {
      ...base,
      verdict: 'error',
      reason,
      ...(track.url ? { url: redact(track.url) } : {}),
    };
    if (error instanceof AppError) observation.errorCode = error.code;
    else observation.errorCode = 'INTERNAL';
    if (error instanceof RegistryUnavailableError && error.status !== undefined)
      observation.httpStatus = error.status;
    if (error instanceof RegistryStatusError) observation.httpStatus = error.status;
    // The observation carries the reason; this is only a diagnostic (SHIPWATCH_DEBUG=1).
    ctx.logger.debug({ registry: channel, pkg, version, reason }, 'Registry lookup failed');
    return observation;
  }
}

export interface RegistryContextOptions {
  baseUrl?: string;
  /** Explicit token; otherwise the first set variable of `capabilities.tokenEnv`. */
  token?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Builds the adapter context from the command context: validates the base URL, resolves and registers the token. */
export function registryContext(
  adapter: RegistryAdapter,
  command: Pick<CommandContext, 'fetch' | 'logger' | 'env' | 'now'>,
  options: RegistryContextOptions = {},
): RegistryContext {
  const ctx: RegistryContext = {
    fetch: command.fetch,
    logger: command.logger,
    env: command.env,
    now: command.now,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  if (options.baseUrl !== undefined)
    ctx.baseUrl =
      adapter.baseUrlKind === 'git' ? checkGitLocation(options.baseUrl) : checkBaseUrl(options.baseUrl);
  const fromEnv =
    options.token === undefined ? firstSet(command.env, adapter.capabilities.tokenEnv) : undefined;
  const envToken = fromEnv?.value;
  const sendEnvToken = envToken !== undefined && envTokenMayGoTo(adapter, ctx.baseUrl, command.env);
  if (fromEnv !== undefined && !sendEnvToken)
    warnWithheld(command.logger, adapter, fromEnv.name, ctx.baseUrl);
  const token = options.token ?? (sendEnvToken ? envToken : undefined);
  if (token) {
    registerSecret(token);
    ctx.token = token;
  }
  if (options.signal) ctx.signal = options.signal;
  return ctx;
}

/**
 * For a channel whose package names the registry host (oci: `quay.io/org/app`): registryContext
 * resolved the token before that host was known, as if it were the channel's own. Returns `ctx`
 * when the token may go to `baseUrl` (the same rule as a `registry:` override: loopback or
 * SHIPWATCH_TOKEN_HOSTS), else a copy without the token, with the same warning.
 */
export function contextForPackageHost(
  adapter: Pick<RegistryAdapter, 'id' | 'displayName' | 'defaultBaseUrl' | 'capabilities'>,
  ctx: RegistryContext,
  baseUrl: string,
): RegistryContext {
  if (ctx.token === undefined || envTokenMayGoTo(adapter, baseUrl, ctx.env)) return ctx;
  // Name the variable that holds it (a channel's own, or one a config's `tokenEnv` named).
  const name =
    adapter.capabilities.tokenEnv.find((n) => ctx.env[n] === ctx.token) ??
    Object.keys(ctx.env).find((n) => ctx.env[n] === ctx.token) ??
    'the token';
  warnWithheld(ctx.logger, adapter, name, baseUrl);
  const { token: _withheld, ...rest } = ctx;
  return rest;
}

/**
 * The one warning for a token the host rule withheld: the variable, the host and why. `label`
 * names the channel when several share an adapter (verify's `npm:foo`).
 */
export function warnWithheld(
  logger: CommandContext['logger'],
  adapter: Pick<RegistryAdapter, 'id' | 'displayName' | 'defaultBaseUrl'>,
  variable: string,
  baseUrl: string | undefined,
  label?: string,
): void {
  const name = label === undefined ? variable : `${label}: ${variable}`;
  const host = hostOf(baseUrl);
  // A local path or file:// repository never takes a token: nothing was withheld from anyone.
  if (host === undefined) return;
  if (!/^https:/i.test(baseUrl ?? '')) {
    logger.warn(
      { registry: adapter.id, host },
      `${name} not sent to ${host} over plain http: it would cross the network in clear text (use https://)`,
    );
    return;
  }
  const why = adapter.defaultBaseUrl ? `not ${adapter.displayName}'s own host` : 'not a loopback host';
  logger.warn(
    { registry: adapter.id, host },
    `${name} not sent to ${host}: ${why} (list it in SHIPWATCH_TOKEN_HOSTS to allow)`,
  );
}

function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--registry: '${redact(raw)}' is not a URL (expected e.g. https://registry.example.com)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--registry: '${redact(raw)}' must be an http:// or https:// URL`);
  }
  // fetch() refuses such URLs; say so now, and never repeat the URL (its password is a secret).
  if (url.username || url.password) {
    throw new UsageError(
      `--registry: the URL carries credentials (user:password@); give the token through the channel's token variable instead (see \`shipwatch exists --list\`)`,
    );
  }
  // Paths are appended to the base: a query or fragment would swallow them (…?x=1/left-pad).
  if (url.search || url.hash) {
    throw new UsageError(
      `--registry: '${redact(raw)}' has a ${url.search ? '?query' : '#fragment'}; give the registry's root URL (its paths are added after it)`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * Whether a token found in the environment (GITHUB_TOKEN, NPM_TOKEN, ...) may be sent to this base URL.
 * A `registry:` override can come from a shipwatch.yml that a pull request edited; sending the CI's
 * token to whatever host it names would hand the token to that host. So an environment token goes only
 * to the channel's own host, to loopback (a local mirror or test server), or to hosts the user lists
 * in SHIPWATCH_TOKEN_HOSTS (comma-separated). An explicit `--token` is the user's own choice.
 */
export function envTokenMayGoTo(
  adapter: Pick<RegistryAdapter, 'defaultBaseUrl'>,
  baseUrl: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (baseUrl === undefined) return true;
  const host = hostOf(baseUrl);
  // A local path or file:// repository needs no token.
  if (host === undefined) return false;
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const loopback = hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '::1';
  if (loopback) return true;
  // Over plain http the token would cross the network in clear text, even to the right host.
  if (!/^https:/i.test(baseUrl)) return false;
  if (host === hostOf(adapter.defaultBaseUrl)) return true;
  const allowed = (env.SHIPWATCH_TOKEN_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return allowed.includes(host) || allowed.includes(hostname);
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? parsed.host.toLowerCase()
      : undefined;
  } catch {
    return undefined;
  }
}

/** The first of `names` set (non-empty) in `env`: the variable and its value. */
function firstSet(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}

/**
 * For a `json-404` endpoint: undefined when a 404 body can be the API's own (a JSON object, whatever
 * its content type says, or an empty body not labelled HTML), else what it is instead with a short
 * excerpt, e.g. `an HTML page ("404 Not Found")`.
 */
function foreignNotFound(headers: HeaderLookup, body: string): string | undefined {
  const type = (headers.get('content-type') ?? '').toLowerCase();
  const text = body.trim();
  // An error page is never a JSON object, so the body outranks a mislabelled content type.
  if (text ? isJsonObject(text) : !type.includes('html')) return undefined;
  const xml = type.includes('xml') || text.startsWith('<?xml');
  // Markup that is not XML is a web page (proxies send fragments like `<h1>Not Found</h1>` too).
  const html = type.includes('html') || (!xml && text.startsWith('<'));
  const title = html
    ? /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim()
    : undefined;
  const shown = (title ?? text.replace(/\s+/g, ' ')).slice(0, 80);
  const kind = html ? 'an HTML page' : xml ? 'an XML document' : 'plain text';
  return shown ? `${kind} ("${shown}${shown.length === 80 ? '…' : ''}")` : kind;
}

function isJsonObject(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null && !Array.isArray(json);
  } catch {
    return false;
  }
}

function bodyExcerpt(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (!text) return '';
  return `: ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`;
}

function transportError(error: unknown, what: string, url: string, ctx: RegistryContext): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new RegistryUnavailableError(`${what}: ${url} did not answer within ${ctx.timeoutMs} ms`);
  }
  if (name === 'AbortError') return new RegistryUnavailableError(`${what}: request to ${url} was cancelled`);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  // The registry was never asked: name the proxy (never its credentials), not the registry.
  const proxy = error instanceof ProxyError ? error : cause instanceof ProxyError ? cause : undefined;
  if (proxy)
    return new RegistryUnavailableError(`${what}: ${proxy.message}, asking ${url}`, undefined, {
      cause: error,
    });
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  const detail = code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  // The registry was reached: only its body went wrong.
  const failure =
    error instanceof ResponseBodyError
      ? `${url} answered a body that ${error.coding ? `is not valid ${error.coding}` : 'broke off'}`
      : `could not reach ${url}`;
  return new RegistryUnavailableError(`${what}: ${failure} (${detail})`, undefined, {
    cause: error,
  });
}
