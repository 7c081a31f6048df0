/**
 * @module A real OCI registry for tests: Debian's `docker-registry` (distribution v2) as a child
 * process on 127.0.0.1 with its own config and temp storage, optionally behind token auth served
 * by a small Node token endpoint (ES256 JWTs with an x5c chain, the scheme Docker Hub and GHCR use).
 * Images are pushed with plain HTTP uploads per the OCI distribution spec.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';

/** Why OCI tests cannot run here (token auth also needs `openssl` for its signing certificate), or undefined. */
export function dockerRegistryMissing(options: { tokenAuth?: boolean } = {}): string | undefined {
  if (!existsSync(DOCKER_REGISTRY_BIN)) {
    return `${DOCKER_REGISTRY_BIN} not found: install it with \`apt-get install docker-registry\` (.ci/run does)`;
  }
  if (options.tokenAuth) {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      return 'openssl not found (needed to make the token issuer certificate): apt-get install openssl';
    }
  }
  return undefined;
}

export interface TokenAuthOptions {
  /** Repositories anyone may pull without credentials (public images). */
  publicRepositories: readonly string[];
  /** The one user that may push and pull everything. */
  user: string;
  password: string;
}

export interface PushedImage {
  /** Digest of what the tag points at (manifest, or index for several platforms). */
  digest: string;
  /** `created` of the first platform's config. */
  created: string;
}

export interface RunningOciRegistry {
  /** `http://127.0.0.1:PORT`, the registry base URL. */
  url: string;
  /** Pushes an image (one manifest per platform; an index when there are several) and tags it. */
  pushImage(
    repository: string,
    tag: string,
    platforms: readonly { arch: string; created: string }[],
  ): Promise<PushedImage>;
  close(): Promise<void>;
}

export async function startOciRegistry(
  options: { tokenAuth?: TokenAuthOptions } = {},
): Promise<RunningOciRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'shipwatch-oci-'));
  const token = options.tokenAuth ? await startTokenServer(dir, options.tokenAuth) : undefined;
  const config = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(join(dir, 'data'))}`,
    'http:',
    '  addr: 127.0.0.1:0',
    `  secret: ${randomUUID()}`,
    ...(token
      ? [
          'auth:',
          '  token:',
          `    realm: ${token.url}/token`,
          `    service: ${SERVICE}`,
          `    issuer: ${ISSUER}`,
          `    rootcertbundle: ${JSON.stringify(token.certPath)}`,
        ]
      : []),
    '',
  ].join('\n');
  const configPath = join(dir, 'config.yml');
  writeFileSync(configPath, config);
  const child = spawn(DOCKER_REGISTRY_BIN, ['serve', configPath], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let port: number;
  try {
    port = await waitForListen(child);
  } catch (error) {
    await token?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const pusher = new Pusher(url, options.tokenAuth);
  return {
    url,
    pushImage: (repository, tag, platforms) => pusher.pushImage(repository, tag, platforms),
    async close() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await token?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const SERVICE = 'shipwatch-test-registry';
const ISSUER = 'shipwatch-test-token-issuer';
const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Pushes blobs and manifests over HTTP, doing the token dance with push credentials when asked. */
class Pusher {
  private readonly url: string;
  private readonly auth: TokenAuthOptions | undefined;
  private readonly tokens = new Map<string, string>();

  constructor(url: string, auth: TokenAuthOptions | undefined) {
    this.url = url;
    this.auth = auth;
  }

  async pushImage(repository: string, tag: string, platforms: readonly { arch: string; created: string }[]) {
    // An empty tar archive (two zero blocks) is a valid, minimal layer.
    const tar = Buffer.alloc(1024);
    const layer = gzipSync(tar);
    await this.pushBlob(repository, layer);
    const manifests: { digest: string; size: number; arch: string }[] = [];
    for (const { arch, created } of platforms) {
      const configBody = Buffer.from(
        JSON.stringify({
          architecture: arch,
          os: 'linux',
          created,
          config: {},
          rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
        }),
      );
      await this.pushBlob(repository, configBody);
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: sha256(configBody),
            size: configBody.length,
          },
          layers: [
            {
              mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
              digest: sha256(layer),
              size: layer.length,
            },
          ],
        }),
      );
      const ref = platforms.length === 1 ? tag : sha256(manifest);
      await this.putManifest(repository, ref, 'application/vnd.oci.image.manifest.v1+json', manifest);
      manifests.push({ digest: sha256(manifest), size: manifest.length, arch });
    }
    const created = platforms[0]?.created ?? '';
    if (platforms.length === 1) return { digest: manifests[0]?.digest ?? '', created };
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: manifests.map((m) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: m.digest,
          size: m.size,
          platform: { architecture: m.arch, os: 'linux' },
        })),
      }),
    );
    await this.putManifest(repository, tag, 'application/vnd.oci.image.index.v1+json', index);
    return { digest: sha256(index), created };
  }

  private async pushBlob(repository: string, data: Buffer): Promise<void> {
    const start = await this.send(repository, `${this.url}/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
    });
    if (start.status !== 202)
      throw new Error(`blob upload start answered ${start.status}: ${await start.text()}`);
    const location = new URL(start.headers.get('location') ?? '', this.url);
    location.searchParams.set('digest', sha256(data));
    const put = await this.send(repository, location.toString(), {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(data),
    });
    if (put.status !== 201) throw new Error(`blob upload answered ${put.status}: ${await put.text()}`);
  }

  private async putManifest(
    repository: string,
    reference: string,
    mediaType: string,
    body: Buffer,
  ): Promise<void> {
    const response = await this.send(repository, `${this.url}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body: new Uint8Array(body),
    });
    if (response.status !== 201)
      throw new Error(`manifest PUT answered ${response.status}: ${await response.text()}`);
  }

  private async send(repository: string, url: string, init: RequestInit): Promise<Response> {
    const withAuth = (): RequestInit => {
      const bearer = this.tokens.get(repository);
      return bearer
        ? {
            ...init,
            headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${bearer}` },
          }
        : init;
    };
    let response = await fetch(url, withAuth());
    if (response.status === 401 && this.auth) {
      await response.arrayBuffer();
      const realm = /realm="([^"]+)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
      const tokenUrl = new URL(realm ?? '');
      tokenUrl.searchParams.set('service', SERVICE);
      tokenUrl.searchParams.set('scope', `repository:${repository}:pull,push`);
      const basic = Buffer.from(`${this.auth.user}:${this.auth.password}`).toString('base64');
      const answer = (await (
        await fetch(tokenUrl, { headers: { authorization: `Basic ${basic}` } })
      ).json()) as {
        token: string;
      };
      this.tokens.set(repository, answer.token);
      response = await fetch(url, withAuth());
    }
    return response;
  }
}

/** The token endpoint: anonymous pull for public repositories, pull+push for the user. */
async function startTokenServer(dir: string, auth: TokenAuthOptions) {
  const keyPath = join(dir, 'token-key.pem');
  const certPath = join(dir, 'token-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      '/CN=shipwatch test token issuer',
    ],
    { stdio: 'ignore' },
  );
  const key = createPrivateKey(readFileSync(keyPath));
  const certDer = new X509Certificate(readFileSync(certPath)).raw.toString('base64');
  const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');
  const issue = (subject: string, access: { type: string; name: string; actions: string[] }[]) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [certDer] }));
    const claims = b64url(
      JSON.stringify({
        iss: ISSUER,
        sub: subject,
        aud: SERVICE,
        exp: now + 300,
        nbf: now - 30,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${b64url(signature)}`;
  };
  const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    const given = req.headers.authorization;
    if (given !== undefined && given !== expected) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"details":"incorrect username or password"}');
      return;
    }
    const access = (url.searchParams.get('scope') ?? '')
      .split(' ')
      .filter(Boolean)
      .flatMap((scope) => {
        const [type = '', name = '', actions = ''] = scope.split(':');
        const granted = given ? actions.split(',') : auth.publicRepositories.includes(name) ? ['pull'] : [];
        return granted.length ? [{ type, name, actions: granted }] : [];
      });
    // Like GHCR: an anonymous request for a repository that is not public gets no token at all.
    if (!given && access.length === 0) {
      res
        .writeHead(403, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token: issue(given ? auth.user : '', access) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    certPath,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function waitForListen(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let log = '';
    let settled = false;
    const finish = (error: Error | undefined, port?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      if (error) {
        if (child.exitCode === null) child.kill('SIGTERM');
        reject(error);
      } else resolve(port ?? 0);
    };
    const onExit = (code: number | null) =>
      finish(new Error(`docker-registry exited with ${code}: ${log.slice(-800)}`));
    const timer = setTimeout(
      () => finish(new Error(`docker-registry did not listen within 20 s: ${log.slice(-800)}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-8192);
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (match) finish(undefined, Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
