import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryUnavailableError } from '../errors.ts';
import { silentLogger } from '../shared/logger.ts';
import { httpRequest } from './http.ts';
import { fetchTransport, nodeTransport, type Transport, transportFor } from './transport.ts';
import type { RegistryContext } from './types.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback server; `route` answers, every request is recorded. */
async function server(route: (req: IncomingMessage, res: ServerResponse, base: string) => void) {
  const seen: Seen[] = [];
  let base = '';
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      route(req, res, base);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  return {
    base,
    seen,
    close: () => {
      srv.closeAllConnections();
      return new Promise<void>((resolve) => srv.close(() => resolve()));
    },
  };
}

const text = 'x'.repeat(5000);
/** A compressed body whose data after the first bytes is garbage (a broken proxy's answer). */
const broken = (compressed: Buffer) =>
  Buffer.concat([compressed.subarray(0, 10), Buffer.from('garbage, not compressed data')]);
let origin: Awaited<ReturnType<typeof server>>;
let other: Awaited<ReturnType<typeof server>>;

beforeAll(async () => {
  other = await server((_req, res) => res.end('elsewhere'));
  origin = await server((req, res, base) => {
    const url = req.url ?? '/';
    if (url === '/to-other') res.writeHead(302, { location: `${other.base}/landed` }).end();
    else if (url === '/to-same') res.writeHead(301, { location: `${base}/plain` }).end();
    else if (url === '/see-other') res.writeHead(303, { location: '/plain' }).end();
    else if (url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(text));
    else if (url === '/br') res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(text));
    else if (url === '/bad-gzip')
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(broken(gzipSync(text)));
    else if (url === '/bad-br')
      res.writeHead(200, { 'content-encoding': 'br' }).end(broken(brotliCompressSync(text)));
    else if (url === '/cut') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial', () => res.destroy());
    } else if (url === '/stall') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    } else res.writeHead(200, { 'x-answer': 'yes' }).end(text);
  });
});
afterAll(async () => {
  await origin.close();
  await other.close();
});

const request = (headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET') => ({
  method,
  headers,
  signal: AbortSignal.timeout(2_000),
  ...(method === 'POST' ? { body: '{"q":1}' } : {}),
});

// Production (node:http) and an injected fetch must behave the same on everything adapters rely on.
describe.each<[string, Transport]>([
  ['node:http', nodeTransport],
  ['fetch', fetchTransport(globalThis.fetch)],
])('%s transport', (_name, transport) => {
  it('follows a redirect to another origin without the Authorization header', async () => {
    const response = await transport(`${origin.base}/to-other`, request({ authorization: 'Bearer t0k' }));
    expect(response.status).toBe(200);
    expect(await response.read(1000, false)).toBe('elsewhere');
    expect(other.seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('keeps the Authorization header on a same-origin redirect', async () => {
    const response = await transport(`${origin.base}/to-same`, request({ authorization: 'Bearer t0k' }));
    expect(await response.read(10_000, false)).toBe(text);
    expect(origin.seen.at(-1)).toMatchObject({ url: '/plain', headers: { authorization: 'Bearer t0k' } });
  });

  it('turns a POST answered with 303 into a GET without body', async () => {
    const response = await transport(`${origin.base}/see-other`, request({}, 'POST'));
    await response.read(10_000, false);
    expect(origin.seen.at(-1)).toMatchObject({ method: 'GET', url: '/plain', body: '' });
  });

  it('decodes gzip and brotli bodies and exposes headers case-insensitively', async () => {
    for (const path of ['/gzip', '/br']) {
      const response = await transport(`${origin.base}${path}`, request());
      expect(await response.read(10_000, false)).toBe(text);
    }
    expect((await transport(`${origin.base}/plain`, request())).headers.get('X-Answer')).toBe('yes');
  });

  it('caps the body: null when too large, the first part when truncating', async () => {
    expect(await (await transport(`${origin.base}/plain`, request())).read(100, false)).toBeNull();
    const head = await (await transport(`${origin.base}/plain`, request())).read(100, true);
    expect(head?.length).toBeLessThanOrEqual(100);
  });
});

const ctx = (timeoutMs = 2_000, fetch = globalThis.fetch): RegistryContext => ({
  fetch,
  logger: silentLogger,
  env: {},
  timeoutMs,
  now: () => 0,
});

describe('httpRequest over node:http (the production path)', () => {
  it('is what the global fetch selects; an injected fetch is used as given', () => {
    expect(transportFor(globalThis.fetch)).toBe(nodeTransport);
    expect(transportFor((...args) => globalThis.fetch(...args))).not.toBe(nodeTransport);
  });

  it('a body that stops arriving is a timeout (unavailable), not a short answer', async () => {
    const error = await httpRequest(ctx(300), `${origin.base}/stall`, { what: 'stall' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toMatch(/did not answer within 300 ms/);
  });

  it('a refused connection names the system error', async () => {
    const closed = await server((_req, res) => res.end());
    await closed.close();
    const error = await httpRequest(ctx(), `${closed.base}/x`, { what: 'gone' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toMatch(/could not reach .* \(ECONNREFUSED\)/);
  });

  it('sends https:// URLs over TLS: a plain-HTTP server there is unreachable, not a result', async () => {
    const error = await httpRequest(ctx(), `${origin.base.replace('http:', 'https:')}/plain`, {
      what: 'tls',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toMatch(/could not reach https:/);
  });

  it('sends fetch-like default Accept and Accept-Encoding unless the adapter sets them', async () => {
    await (await nodeTransport(`${origin.base}/plain`, request())).read(10_000, false);
    expect(origin.seen.at(-1)?.headers).toMatchObject({
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
    });
    await (await nodeTransport(`${origin.base}/plain`, request({ accept: 'application/json' }))).read(
      10_000,
      false,
    );
    expect(origin.seen.at(-1)?.headers.accept).toBe('application/json');
  });

  it('a redirect loop is an error after 20 hops', async () => {
    const before = origin.seen.length;
    const error = await httpRequest(ctx(), `${origin.base}/loop`, { what: 'loop' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toMatch(/TOO_MANY_REDIRECTS/);
    expect(origin.seen.length - before).toBe(21);
  });
});

// The registry was reached in both cases: "could not reach" would send the reader after the network.
describe.each<[string, typeof globalThis.fetch]>([
  ['node:http', globalThis.fetch],
  ['fetch', (...args) => globalThis.fetch(...args)],
])('a body that fails after the answer (%s)', (_name, fetch) => {
  const failure = (path: string) =>
    httpRequest(ctx(2_000, fetch), `${origin.base}${path}`, { what: 'manifest' }).catch((e: unknown) => e);

  it('is "not valid gzip" (or br) when it does not decompress', async () => {
    const gzip = await failure('/bad-gzip');
    expect(gzip).toBeInstanceOf(RegistryUnavailableError);
    expect((gzip as Error).message).toBe(
      `manifest: ${origin.base}/bad-gzip answered a body that is not valid gzip (Z_DATA_ERROR)`,
    );
    expect((await failure('/bad-br')) as Error).toHaveProperty(
      'message',
      expect.stringMatching(/\/bad-br answered a body that is not valid br \(ERR__ERROR_FORMAT_\w+\)$/),
    );
  });

  it('"broke off" when the connection ends mid-body', async () => {
    const cut = await failure('/cut');
    expect(cut).toBeInstanceOf(RegistryUnavailableError);
    expect((cut as Error).message).toMatch(
      new RegExp(`^manifest: ${origin.base}/cut answered a body that broke off \\(`),
    );
  });
});
