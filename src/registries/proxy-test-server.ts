/**
 * @module A forwarding HTTP proxy on 127.0.0.1 for tests: absolute-form requests and CONNECT
 * tunnels, counting what went through it. Hosts ending in `.invalid` (never resolvable, RFC 6761)
 * live on 127.0.0.1, so a request can only reach them through this proxy.
 */
import { createServer as createHttpServer, type IncomingMessage, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';

export interface TestProxy {
  url: string;
  /** Absolute-form request targets and CONNECT authorities, in order. */
  seen: string[];
  /** Proxy-Authorization headers received. */
  auth: (string | undefined)[];
  close(): Promise<void>;
}

export const listen = (server: Server): Promise<number> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
export const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** `<name>.invalid:<port>` is 127.0.0.1:<port>, and `<name>.invalid:443` is 127.0.0.1:`tlsPort`. */
export async function startProxy(tlsPort = 0): Promise<TestProxy> {
  const seen: string[] = [];
  const auth: (string | undefined)[] = [];
  const target = (host: string, port: number) => ({
    host: host.endsWith('.invalid') ? '127.0.0.1' : host,
    port,
  });
  const server = createHttpServer((req: IncomingMessage, res) => {
    seen.push(req.url ?? '');
    auth.push(req.headers['proxy-authorization']);
    const url = new URL(req.url ?? '');
    const { host, port } = target(url.hostname, Number(url.port || 80));
    const { 'proxy-authorization': _, ...headers } = req.headers;
    const upstream = request(
      { host, port, path: url.pathname + url.search, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    auth.push(req.headers['proxy-authorization']);
    const [name = '', port = '443'] = (req.url ?? '').split(':');
    const upstream = connect(
      name.endsWith('.invalid') && port === '443' ? tlsPort : Number(port),
      '127.0.0.1',
      () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      },
    );
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, seen, auth, close: () => close(server) };
}
