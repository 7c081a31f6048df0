/**
 * @module A loopback HTTP server that plays a registry from recorded responses, for tests. The
 * adapter under test reaches it through the production HTTP path (real fetch, real sockets).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fixture handler sees it. */
export interface FixtureRequest {
  method: string;
  /** Path plus query string, exactly as sent (percent-encoding kept). */
  path: string;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** `http://127.0.0.1:PORT` of this server (for absolute URLs such as a token realm). */
  baseUrl: string;
}

/** A recorded answer. `body` objects are sent as JSON. */
export interface FixtureResponse {
  status?: number;
  headers?: Readonly<Record<string, string>>;
  body?: string | object;
}

/** Returns the answer, `'hang'` to never answer (timeouts), or undefined for a plain 404. */
export type FixtureHandler = (request: FixtureRequest) => FixtureResponse | 'hang' | undefined;

export interface FixtureServer {
  url: string;
  /** Every request served so far. */
  requests: FixtureRequest[];
  /** Swaps the handler (one server, many scenarios). */
  setHandler(handler: FixtureHandler): void;
  close(): Promise<void>;
}

export async function startFixtureServer(handler: FixtureHandler): Promise<FixtureServer> {
  let current = handler;
  const requests: FixtureRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let baseUrl = '';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      headers[key] = Array.isArray(value) ? value.join(', ') : value;
    }
    const request: FixtureRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers, baseUrl };
    requests.push(request);
    req.resume();
    const answer = current(request);
    if (answer === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const {
      status = 404,
      headers: extra = {},
      body,
    } = answer ?? ({ body: { error: 'Not found' } } satisfies FixtureResponse);
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const outHeaders: Record<string, string> = {
      ...(typeof body === 'object' ? { 'content-type': 'application/json' } : {}),
      'content-length': String(Buffer.byteLength(text)),
      ...extra,
    };
    res.writeHead(status, outHeaders);
    res.end(request.method === 'HEAD' ? undefined : text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    setHandler(next) {
      current = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A handler from a route table: keys `'GET /path?query'` (exact) → response. */
export function routes(table: Readonly<Record<string, FixtureResponse>>): FixtureHandler {
  return (request) => table[`${request.method} ${request.path}`] ?? headFromGet(table, request);
}

// Registries answer HEAD like GET without a body; recorded tables list only GET.
function headFromGet(table: Readonly<Record<string, FixtureResponse>>, request: FixtureRequest) {
  return request.method === 'HEAD' ? table[`GET ${request.path}`] : undefined;
}

/** Reads a JSON fixture file relative to the calling module (`import.meta.url`). */
export function fixtureJson(base: string | URL, relative: string): object {
  return JSON.parse(readFileSync(new URL(relative, base), 'utf8')) as object;
}
