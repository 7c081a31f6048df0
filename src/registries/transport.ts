/**
 * @module How registry requests reach the network. Production uses node:http/https (keep-alive
 * global agents): Node 20's fetch loads undici plus its llhttp WebAssembly parser and web streams,
 * which costs ~45 MB of peak RSS for a 16-channel `verify` against ~10 MB for node:http
 * (bench/verify.ts and docs in the commit). An injected fetch (anything but the global one) is
 * used as given, so callers that wrap or replace fetch keep working.
 */
import { request as plainRequest, type IncomingMessage } from 'node:http';
import { request as tlsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { ProxyError, errnoCode, proxyConfigured, proxyFor, tunnelAgent } from './proxy.ts';

/** The part of `Headers` adapters read. */
export interface HeaderLookup {
  /** The header value (several joined with ', '), or null when absent; name is case-insensitive. */
  get(name: string): string | null;
}

export interface TransportRequest {
  method: 'GET' | 'HEAD' | 'POST';
  /** Lower-case header names. */
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: HeaderLookup;
  /**
   * The body as UTF-8 text, at most `maxBytes` (decoded). Above that: the text read so far when
   * `truncate`, else null (too large). Call at most once; skip it for HEAD.
   */
  read(maxBytes: number, truncate: boolean): Promise<string | null>;
}

/**
 * Reading the body failed after the registry answered (so it was reached). `coding` is set when
 * the body was not valid data for its Content-Encoding (a broken gzip stream), not a cut connection.
 */
export class ResponseBodyError extends Error {
  readonly coding: string | undefined;
  constructor(cause: unknown, contentEncoding: string | null | undefined) {
    const code = errorCode(cause);
    super(`response body failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ResponseBodyError';
    // zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR for a cut stream) and brotli's (ERR__ERROR_FORMAT_…).
    this.coding = code && /^(Z_|ERR__ERROR_)/.test(code) ? contentEncoding?.trim().toLowerCase() : undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Sends one request; redirects are followed. Rejects with the signal's reason when aborted. */
export type Transport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

/**
 * The transport for an injected fetch: the global fetch means "no injection", so node:http is used,
 * through the proxy HTTPS_PROXY/HTTP_PROXY/NO_PROXY of `env` name (src/registries/proxy.ts).
 */
export function transportFor(
  fetchFn: typeof globalThis.fetch,
  env: Readonly<Record<string, string | undefined>> = {},
): Transport {
  // Comparing with the global does not load undici (Node defines `fetch` as a lazy wrapper).
  if (fetchFn !== globalThis.fetch) return fetchTransport(fetchFn);
  return proxyConfigured(env) ? nodeTransportWith(env) : nodeTransport;
}

/** Requests through a fetch implementation (tests or callers that inject one). */
export function fetchTransport(fetchFn: typeof globalThis.fetch): Transport {
  return async (url, request) => {
    const response = await fetchFn(url, {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
      redirect: 'follow',
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    return {
      status: response.status,
      headers: response.headers,
      read: async (maxBytes, truncate) => {
        if (!response.body) return '';
        const reader = response.body.getReader();
        const chunks: Uint8Array[] = [];
        let size = 0;
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            size += value.byteLength;
            if (size > maxBytes) {
              await reader.cancel();
              if (truncate) break;
              return null;
            }
            chunks.push(value);
          }
        } catch (error) {
          if (request.signal.aborted) throw request.signal.reason;
          // fetch says `TypeError: terminated`; the reason (a zlib error, a reset socket) is its cause.
          const reason = error instanceof Error && error.cause instanceof Error ? error.cause : error;
          throw new ResponseBodyError(reason, response.headers.get('content-encoding'));
        }
        return Buffer.concat(chunks).toString('utf8');
      },
    };
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Same limit as fetch. */
const MAX_REDIRECTS = 20;

/** node:http/https with the default (keep-alive) agents, no proxy; follows redirects like fetch does. */
export const nodeTransport: Transport = (url, request) => nodeTransportWith({})(url, request);

/** nodeTransport through the proxies `env` names (each hop of a redirect is routed on its own). */
export const nodeTransportWith =
  (env: Readonly<Record<string, string | undefined>>): Transport =>
  async (url, request) => {
    let current = new URL(url);
    let { method, body } = request;
    // fetch's defaults, so registries see the same request whichever transport sent it.
    const headers: Record<string, string> = {
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
      ...request.headers,
    };
    for (let hops = 0; ; hops++) {
      const res = await send(current, method, headers, body, request.signal, env);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (!REDIRECTS.has(status) || !location) return wrap(res, request.signal, method);
      res.resume();
      if (hops >= MAX_REDIRECTS) throw codedError('redirect count exceeded', 'TOO_MANY_REDIRECTS');
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw codedError('redirect to a non-HTTP URL', 'BAD_REDIRECT');
      // As fetch: 303 (and 301/302 after POST) turn into a GET without body.
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      // As fetch: credentials never follow a redirect to another origin (GitHub assets → object storage).
      if (next.origin !== current.origin) {
        delete headers.authorization;
        delete headers.cookie;
      }
      current = next;
    }
  };

/** Shaped like fetch's failures: the reason's code sits on `cause`, where the caller looks for it. */
function codedError(message: string, code: string): Error {
  return new Error(message, { cause: Object.assign(new Error(message), { code }) });
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
  env: Readonly<Record<string, string | undefined>>,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const route = proxyFor(url, env);
    const withLength =
      body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = !route
      ? (url.protocol === 'https:' ? tlsRequest : plainRequest)(url, { method, headers: withLength })
      : url.protocol === 'https:'
        ? tlsRequest(url, { method, headers: withLength, agent: tunnelAgent(route) })
        : // Plain http through a proxy: the absolute URL as the request target, the proxy's credentials beside.
          plainRequest({
            host: route.hostname,
            port: route.port,
            method,
            path: url.href,
            headers: {
              ...withLength,
              host: url.host,
              ...(route.authorization ? { 'proxy-authorization': route.authorization } : {}),
            },
          });
    const onAbort = (): void => {
      req.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      signal.removeEventListener('abort', onAbort);
      resolve(res);
    });
    req.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      // Over plain http the proxy is the peer: a refused or reset socket is the proxy's.
      const cause =
        route && !(error instanceof ProxyError) && url.protocol === 'http:'
          ? new ProxyError(route.shown, errnoCode(error), error)
          : error;
      reject(signal.aborted ? signal.reason : new Error(`request failed: ${cause.message}`, { cause }));
    });
    req.end(body);
  });
}

function wrap(res: IncomingMessage, signal: AbortSignal, method: string): TransportResponse {
  const headers: HeaderLookup = {
    get: (name) => {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
  const status = res.statusCode ?? 0;
  // A HEAD answer has no body to read; let the socket go back to the pool at once.
  if (method === 'HEAD') res.resume();
  return {
    status,
    headers,
    read: (maxBytes, truncate) => {
      if (method === 'HEAD' || status === 204 || status === 304) {
        res.resume();
        return Promise.resolve('');
      }
      return readCapped(decoded(res), res, signal, maxBytes, truncate);
    },
  };
}

/** The body stream, decompressed per Content-Encoding (unknown or stacked codings pass through, as fetch). */
function decoded(res: IncomingMessage): Readable {
  const coding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    coding === 'gzip' || coding === 'x-gzip'
      ? createGunzip()
      : coding === 'deflate'
        ? createInflate()
        : coding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return res;
  // Errors of either side end up on the decoder, where the reader sees them.
  pipeline(res, decoder, () => {});
  return decoder;
}

async function readCapped(
  stream: Readable,
  res: IncomingMessage,
  signal: AbortSignal,
  maxBytes: number,
  truncate: boolean,
): Promise<string | null> {
  const onAbort = (): void => {
    stream.destroy(signal.reason);
    res.destroy();
  };
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      size += buffer.byteLength;
      if (size > maxBytes) {
        stream.destroy();
        res.destroy();
        if (truncate) break;
        return null;
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new ResponseBodyError(error, res.headers['content-encoding']);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks).toString('utf8');
}
