import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { close, listen, startProxy, type TestProxy } from './proxy-test-server.ts';
import { type FixtureServer, fixtureJson, routes, startFixtureServer } from './fixture-server.ts';
import { bypassed, proxyFor } from './proxy.ts';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const packument = fixtureJson(import.meta.url, './npm/__fixtures__/packument-present.json');
const PACKUMENT = { 'GET /@acme%2fwidget': { status: 200, body: packument } };
/** `.invalid` never resolves (RFC 6761): only the test proxy knows where it lives. */
const HOST = 'registry.invalid';
const PASSWORD = 's3cr3t-proxy-pw';

describe('NO_PROXY and proxy variables', () => {
  const url = (u: string) => new URL(u);
  it('matches *, exact hosts, suffixes with or without a dot, and ports', () => {
    expect(bypassed(url('https://a.example.com'), '*')).toBe(true);
    expect(bypassed(url('https://example.com'), 'example.com')).toBe(true);
    expect(bypassed(url('https://a.example.com'), 'example.com')).toBe(true);
    expect(bypassed(url('https://a.example.com'), '.example.com')).toBe(true);
    expect(bypassed(url('https://badexample.com'), 'example.com')).toBe(false);
    expect(bypassed(url('https://example.com'), 'other.org, example.com:443')).toBe(true);
    expect(bypassed(url('https://example.com'), 'example.com:8443')).toBe(false);
    expect(bypassed(url('http://10.0.0.1:8080/x'), '10.0.0.1')).toBe(true);
    expect(bypassed(url('https://example.com'), '')).toBe(false);
  });
  it('never proxies loopback', () => {
    for (const u of ['http://127.0.0.1:1', 'http://localhost:1', 'http://[::1]:1']) {
      expect(bypassed(url(u), '')).toBe(true);
    }
  });
  it('lower-case variables win, https and http targets read their own variable', () => {
    const env = { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', HTTP_PROXY: 'plain:3' };
    expect(proxyFor(url('https://example.com'), env)?.shown).toBe('http://lower:2');
    expect(proxyFor(url('http://example.com'), env)?.shown).toBe('http://plain:3');
    expect(proxyFor(url('https://example.com'), { ...env, NO_PROXY: 'example.com' })).toBeUndefined();
    expect(proxyFor(url('https://example.com'), { HTTP_PROXY: 'http://p:1' })).toBeUndefined();
    expect(proxyFor(url('https://example.com'), { ALL_PROXY: 'http://p:1' })?.shown).toBe('http://p:1');
  });
  it('turns credentials into Proxy-Authorization, never into the shown URL', () => {
    const route = proxyFor(url('https://example.com'), { HTTPS_PROXY: `http://me:${PASSWORD}@p:3128` });
    expect(route?.shown).toBe('http://p:3128');
    expect(route?.authorization).toBe(`Basic ${Buffer.from(`me:${PASSWORD}`).toString('base64')}`);
  });
});

describe('exists through an HTTP proxy (loopback servers)', () => {
  let registry: FixtureServer;
  let proxy: TestProxy;
  let registryUrl = '';
  beforeAll(async () => {
    registry = await startFixtureServer(routes(PACKUMENT));
    proxy = await startProxy();
    registryUrl = `http://${HOST}:${new URL(registry.url).port}`;
  });
  afterAll(async () => {
    await proxy?.close();
    await registry?.close();
  });
  const exists = (env: Record<string, string>, base = registryUrl) =>
    runCliCaptured(['exists', 'npm', '@acme/widget', '1.2.3', '--registry', base], { context: { env } });

  it('reaches the registry only via the proxy, with the proxy credentials', async () => {
    const before = registry.requests.length;
    const proxyUrl = proxy.url.replace('//', `//me:${PASSWORD}@`);
    const out = await exists({ HTTP_PROXY: proxyUrl });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^present {2}npm @acme\/widget@1\.2\.3/);
    expect(proxy.seen).toContain(`${registryUrl}/@acme%2fwidget`);
    expect(proxy.auth.at(-1)).toBe(`Basic ${Buffer.from(`me:${PASSWORD}`).toString('base64')}`);
    expect(registry.requests.length).toBe(before + 1);
    expect(registry.requests.at(-1)?.headers['proxy-authorization']).toBeUndefined();
  });

  it('goes direct for a NO_PROXY host (which then does not resolve) and for loopback', async () => {
    const seen = proxy.seen.length;
    const bypass = await exists({ http_proxy: proxy.url, NO_PROXY: '.invalid' });
    expect(bypass.code).toBe(4);
    expect(bypass.stdout + bypass.stderr).toContain(`could not reach ${registryUrl}`);
    const loopback = await exists({ HTTP_PROXY: proxy.url }, registry.url);
    expect(loopback.code).toBe(0);
    expect(proxy.seen.length).toBe(seen);
  });

  it('a proxy that does not answer is exit 4 naming the proxy, never its password', async () => {
    const gone = createHttpServer();
    const port = await listen(gone);
    await close(gone);
    const out = await exists({ HTTP_PROXY: `http://me:${PASSWORD}@127.0.0.1:${port}` });
    expect(out.code).toBe(4);
    const text = out.stdout + out.stderr;
    expect(text).toContain(`could not reach the proxy http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(text).not.toContain(PASSWORD);
  });
});

describe('exists through a CONNECT tunnel to an https registry', () => {
  let dir = '';
  let proxy: TestProxy;
  let registry: Server;
  const hits: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-proxy-'));
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${HOST}`,
      '-addext',
      `subjectAltName=DNS:${HOST}`,
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ]);
    registry = createHttpsServer(
      { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
      (req, res) => {
        hits.push(`${req.headers.host} ${req.url}`);
        res.writeHead(req.url === '/@acme%2fwidget' ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.url === '/@acme%2fwidget' ? packument : { error: 'Not found' }));
      },
    );
    proxy = await startProxy(await listen(registry));
  }, 30_000);
  afterAll(async () => {
    await proxy?.close();
    if (registry) await close(registry);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('tunnels with CONNECT host:443 and verifies the registry certificate by its name', async () => {
    // A child process: NODE_EXTRA_CA_CERTS is read at start-up only.
    const cli = path.join(repoRoot, 'node_modules/.bin/tsx');
    const args = [
      'src/cli/main.ts',
      'exists',
      'npm',
      '@acme/widget',
      '1.2.3',
      '--registry',
      `https://${HOST}`,
    ];
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'),
      HTTPS_PROXY: proxy.url.replace('//', `//me:${PASSWORD}@`),
    };
    const { stdout } = await run(cli, args, { cwd: repoRoot, env });
    expect(stdout).toMatch(/^present {2}npm @acme\/widget@1\.2\.3/);
    expect(proxy.seen).toEqual([`CONNECT ${HOST}:443`]);
    expect(proxy.auth).toEqual([`Basic ${Buffer.from(`me:${PASSWORD}`).toString('base64')}`]);
    expect(hits).toEqual([`${HOST} /@acme%2fwidget`]);
  }, 30_000);
});
