/**
 * @module Which proxy a request goes through, from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY
 * as curl reads them (lower-case first), and the https.Agent that tunnels through it with CONNECT.
 */
import { request as plainRequest } from 'node:http';
import { Agent as TlsAgent, type AgentOptions } from 'node:https';
import type { RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { registerSecret } from '../shared/redact.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The proxy one request goes through. */
export interface ProxyRoute {
  /** host:port of the proxy. */
  hostname: string;
  port: number;
  /** `http://host:port` without credentials, for messages. */
  shown: string;
  /** `Basic …` when the proxy URL carries credentials (registered as a secret). */
  authorization?: string;
}

/** The proxy could not be reached, or refused the tunnel: the registry was never asked. */
export class ProxyError extends Error {
  /** `http://host:port`, never with credentials. */
  readonly proxy: string;
  /** errno code (ECONNREFUSED) or `CONNECT 407`. */
  readonly code: string;
  constructor(proxy: string, code: string, cause?: unknown, message?: string) {
    super(message ?? `could not reach the proxy ${proxy} (${code})`, { cause });
    this.name = 'ProxyError';
    this.proxy = proxy;
    this.code = code;
  }
}

const first = (env: Env, names: readonly string[]): string | undefined =>
  names.map((n) => env[n]?.trim()).find((v) => v !== undefined && v !== '');

/** Whether any proxy variable is set (else the transport takes its direct path). */
export function proxyConfigured(env: Env): boolean {
  return (
    first(env, ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']) !==
    undefined
  );
}

/** The proxy for this target URL, or undefined for a direct connection. Throws ProxyError for a bad proxy URL. */
export function proxyFor(target: URL, env: Env): ProxyRoute | undefined {
  const names =
    target.protocol === 'https:'
      ? ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']
      : ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];
  const raw = first(env, names);
  if (raw === undefined || bypassed(target, first(env, ['no_proxy', 'NO_PROXY']) ?? '')) return undefined;
  const name = names.find((n) => env[n]?.trim() === raw) ?? 'the proxy variable';
  let proxy: URL;
  try {
    // As curl: a proxy without scheme is an http:// proxy.
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ProxyError(name, 'INVALID_PROXY', undefined, `${name} is not a valid proxy URL`);
  }
  if (proxy.protocol !== 'http:') {
    const message = `${name} names a ${proxy.protocol}// proxy (${proxy.host}); only http:// proxies are supported`;
    throw new ProxyError(`${proxy.protocol}//${proxy.host}`, 'INVALID_PROXY', undefined, message);
  }
  const shown = `http://${proxy.host}`;
  const route: ProxyRoute = { hostname: unbracket(proxy.hostname), port: Number(proxy.port || 80), shown };
  if (proxy.username || proxy.password) {
    const password = decodeURIComponent(proxy.password);
    registerSecret(password);
    const basic = Buffer.from(`${decodeURIComponent(proxy.username)}:${password}`).toString('base64');
    registerSecret(basic);
    route.authorization = `Basic ${basic}`;
  }
  return route;
}

const unbracket = (host: string): string => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** NO_PROXY as curl: `*`, exact host, `.suffix` or `suffix` (matching subdomains too), optional `:port`. Loopback always. */
export function bypassed(target: URL, noProxy: string): boolean {
  const host = unbracket(target.hostname);
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host))
    return true;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const item of noProxy.split(/[,\s]+/)) {
    const entry = item.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+)(?::(\d+))?$/.exec(entry);
    // A bare IPv6 address has several colons: no port then.
    const [name, entryPort] = m ? [m[1] ?? '', m[2]] : [entry, undefined];
    if (entryPort !== undefined && entryPort !== port) continue;
    const suffix = name.replace(/^\*?\./, '');
    if (host === suffix || host.endsWith(`.${suffix}`)) return true;
  }
  return false;
}

const agents = new Map<string, TlsAgent>();

/** One keep-alive https.Agent per proxy whose sockets are TLS over a CONNECT tunnel. */
export function tunnelAgent(route: ProxyRoute): TlsAgent {
  const key = `${route.hostname}:${route.port}:${route.authorization ?? ''}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new TunnelAgent(route, { keepAlive: true });
    agents.set(key, agent);
  }
  return agent;
}

/** What an agent's TLS options may carry on to the tunnelled socket (not host/port/path: the socket is given). */
const TLS_OPTIONS = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'checkServerIdentity',
  'ciphers',
  'minVersion',
  'maxVersion',
  'session',
] as const;

type Created = (error: Error | null, socket: Duplex) => void;

class TunnelAgent extends TlsAgent {
  readonly route: ProxyRoute;
  constructor(route: ProxyRoute, options: AgentOptions) {
    super(options);
    this.route = route;
  }

  // Node's Agent accepts a socket handed to the callback later (returning undefined): the tunnel is async.
  override createConnection(requestOptions: RequestOptions, created?: Created): undefined {
    const options = requestOptions as Record<string, unknown>;
    const done: Created = created ?? (() => {});
    // Node's callback takes no socket with an error; its type wants one.
    const fail = (error: Error): void => done(error, undefined as unknown as Duplex);
    const host = String(options.host ?? options.hostname);
    const port = Number(options.port ?? 443);
    const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    const headers: Record<string, string> = { host: authority };
    if (this.route.authorization) headers['proxy-authorization'] = this.route.authorization;
    const req = plainRequest({
      host: this.route.hostname,
      port: this.route.port,
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(new ProxyError(this.route.shown, `CONNECT ${authority} answered ${res.statusCode}`));
        return;
      }
      const tlsOptions: Record<string, unknown> = { socket };
      for (const name of TLS_OPTIONS) if (options[name] !== undefined) tlsOptions[name] = options[name];
      // SNI names a host, never an IP address.
      if (!/^[\d.]+$|:/.test(host)) tlsOptions.servername = host;
      const tls: TLSSocket = tlsConnect(tlsOptions);
      done(null, tls);
    });
    req.on('error', (error) => {
      fail(new ProxyError(this.route.shown, errnoCode(error), error));
    });
    req.end();
    return undefined;
  }
}

export function errnoCode(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
