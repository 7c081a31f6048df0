import { describe, expect, it } from 'vitest';
import * as z from '../shared/zod.ts';
import { RegistryResponseError, RegistryUnavailableError, UsageError } from '../errors.ts';
import { silentLogger } from '../shared/logger.ts';
import { type FixtureHandler, type FixtureResponse, startFixtureServer } from './fixture-server.ts';
import {
  contextForPackageHost,
  getJson,
  type HttpOptions,
  httpRequest,
  mapLimit,
  observe,
  RegistryStatusError,
  registryContext,
} from './http.ts';
import type { RegistryAdapter, RegistryContext } from './types.ts';

const ctx = (extra: Partial<RegistryContext> = {}): RegistryContext => ({
  fetch: globalThis.fetch,
  logger: silentLogger,
  env: {},
  timeoutMs: 2_000,
  now: () => 0,
  ...extra,
});

async function withServer<T>(handler: FixtureHandler, body: (url: string) => Promise<T>): Promise<T> {
  const server = await startFixtureServer(handler);
  try {
    return await body(server.url);
  } finally {
    await server.close();
  }
}

describe('httpRequest', () => {
  it('404 and 410 are results (notFound), not errors', async () => {
    for (const status of [404, 410]) {
      const response = await withServer(
        () => ({ status }),
        (url) => httpRequest(ctx(), `${url}/x`, { what: 'thing' }),
      );
      expect(response).toMatchObject({ status, notFound: true });
    }
  });

  it('hands `pass` statuses back, maps other 4xx to RegistryStatusError', async () => {
    await withServer(
      (r) => ({ status: r.path === '/a' ? 401 : 400, body: { error: 'bad' } }),
      async (url) => {
        expect((await httpRequest(ctx(), `${url}/a`, { what: 'a', pass: [401] })).status).toBe(401);
        const error = await httpRequest(ctx(), `${url}/b`, { what: 'b' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RegistryStatusError);
        expect((error as RegistryStatusError).status).toBe(400);
      },
    );
  });

  it('sends a User-Agent and the adapter headers', async () => {
    const server = await startFixtureServer(() => ({ status: 200, body: {} }));
    try {
      await httpRequest(ctx(), server.url, { what: 'x', headers: { 'Snap-Device-Series': '16' } });
      expect(server.requests[0]?.headers['user-agent']).toMatch(/^shipwatch\//);
      expect(server.requests[0]?.headers['snap-device-series']).toBe('16');
    } finally {
      await server.close();
    }
  });

  it('a cancelled check is unavailable, not absent', async () => {
    const controller = new AbortController();
    const error = await withServer(
      () => 'hang',
      (url) => {
        const pending = httpRequest(ctx({ signal: controller.signal }), url, { what: 'x' });
        controller.abort();
        return pending.catch((e: unknown) => e);
      },
    );
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toMatch(/was cancelled/);
  });

  it('refuses bodies above the cap', async () => {
    const error = await withServer(
      () => ({ status: 200, body: 'x'.repeat(5000) }),
      (url) => httpRequest(ctx(), url, { what: 'big', maxBytes: 1000 }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(RegistryResponseError);
    expect((error as Error).message).toMatch(/larger than 1000 bytes/);
  });

  it('redacts token-bearing query strings in error messages', async () => {
    const error = await withServer(
      () => ({ status: 503 }),
      (url) =>
        httpRequest(ctx(), `${url}/x?access_token=s3cr3tvalue`, { what: 'x' }).catch((e: unknown) => e),
    );
    expect((error as Error).message).toContain('access_token=***');
    expect((error as Error).message).not.toContain('s3cr3tvalue');
  });
});

describe("httpRequest: a 404 is absence only when it is the API's own (absentIs)", () => {
  const notFound = async (answer: FixtureResponse, options: Partial<HttpOptions> = {}, path = '/x') =>
    withServer(
      () => answer,
      (url) =>
        httpRequest(ctx(), `${url}${path}`, { what: 'thing', absentIs: 'json-404', ...options }).catch(
          (e: unknown) => e,
        ),
    );

  it('json-404: a JSON error object, or an empty body, is the API saying "not found"', async () => {
    for (const answer of [
      { status: 404, body: { message: 'Not Found' } },
      { status: 410, body: { errors: [{ code: 'MANIFEST_UNKNOWN' }] } },
      { status: 404, headers: { 'content-type': 'text/plain' }, body: '{"error":"Not found"}' },
      { status: 404, headers: { 'content-type': 'text/html' }, body: '{"error":"Not found"}' },
      { status: 404, body: '' },
    ]) {
      expect(await notFound(answer)).toMatchObject({ notFound: true });
    }
  });

  it('json-404: an HTML page, plain text, XML or a bare JSON value is another server → error with status', async () => {
    const cases: [FixtureResponse, RegExp][] = [
      [
        {
          status: 404,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<html>\n<head><title>404  Not\nFound</title></head><body>nginx</body></html>',
        },
        /answered 404 with an HTML page \("404 Not Found"\), not the JSON error this API sends: is the registry URL right\? \(a 404 from another server is not "absent"\)$/,
      ],
      [{ status: 404, body: '<!DOCTYPE html><p>gone</p>' }, /with an HTML page \("<!DOCTYPE/],
      [{ status: 404, headers: { 'content-type': 'text/html' }, body: '' }, /with an HTML page, not/],
      [
        { status: 410, body: '404 page not found\n' },
        /answered 410 with plain text \("404 page not found"\)/,
      ],
      [
        { status: 404, body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>' },
        /an XML document/,
      ],
      [{ status: 404, body: '404' }, /with plain text \("404"\)/],
      [{ status: 404, body: '<h1>Not Found</h1>' }, /with an HTML page \("<h1>Not Found<\/h1>"\)/],
    ];
    for (const [answer, pattern] of cases) {
      const error = await notFound(answer);
      expect(error).toBeInstanceOf(RegistryStatusError);
      expect((error as RegistryStatusError).status).toBe(answer.status);
      expect((error as Error).message).toMatch(/^thing: GET http:\/\/127\.0\.0\.1:\d+\/x answered/);
      expect((error as Error).message).toMatch(pattern);
    }
  });

  it('keeps the excerpt short and the URL redacted', async () => {
    const error = await notFound(
      { status: 404, body: `Cannot GET ${'/very/long/path'.repeat(20)}` },
      {},
      '/x?access_token=s3cr3tvalue',
    );
    const message = (error as Error).message;
    expect(message).toContain('access_token=***');
    expect(message).not.toContain('s3cr3tvalue');
    expect(message).toMatch(/\("Cannot GET [^"]{69}…"\)/);
  });

  it('any-404 (the default): a plain-text or HTML 404 is still "not found"', async () => {
    const html = { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>404</html>' };
    expect(await notFound(html, { absentIs: 'any-404' })).toMatchObject({ notFound: true });
    expect(await notFound({ status: 404, body: 'not found: x@v1' }, { absentIs: undefined })).toMatchObject({
      notFound: true,
    });
  });
});

describe('getJson', () => {
  it('names the path of the first schema problems', async () => {
    const error = await withServer(
      () => ({ status: 200, body: { name: 3 } }),
      (url) => getJson(ctx(), url, z.object({ name: z.string() }), { what: 'doc' }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(RegistryResponseError);
    expect((error as Error).message).toMatch(/unexpected response shape \(name: /);
  });
});

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < n; i++) await Promise.resolve();
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});

describe('observe', () => {
  it('turns any throw into verdict error with a code, and stamps the injected clock', async () => {
    const usage = await observe('x', 'p', '1', ctx({ now: () => Date.UTC(2026, 0, 1) }), async () => {
      throw new UsageError('bad name');
    });
    expect(usage).toMatchObject({
      verdict: 'error',
      errorCode: 'USAGE',
      reason: 'bad name',
      checkedAt: '2026-01-01T00:00:00.000Z',
    });
    const bug = await observe('x', 'p', '1', ctx(), async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(bug).toMatchObject({ verdict: 'error', errorCode: 'INTERNAL' });
  });

  it('an error observation still says what was asked, when the check tracked it', async () => {
    const observation = await observe('x', 'p', '1', ctx(), async (track) => {
      track.url = 'https://r.example/p?token=abcdef123';
      throw new RegistryUnavailableError('down', 503);
    });
    expect(observation).toMatchObject({
      verdict: 'error',
      httpStatus: 503,
      url: 'https://r.example/p?token=***',
    });
  });

  it('redacts secrets in the URLs and reason of a successful observation', async () => {
    const observation = await observe('x', 'p', '1', ctx(), async () => ({
      verdict: 'present',
      url: 'https://r.example/p?token=abcdef123',
      reason: 'mirror said access_token=zzz999',
      artifacts: [{ url: 'https://cdn.example/p.tgz?sig=signedvalue42' }],
    }));
    expect(JSON.stringify(observation)).not.toMatch(/abcdef123|zzz999|signedvalue42/);
    expect(observation.artifacts?.[0]?.url).toBe('https://cdn.example/p.tgz?sig=***');
  });
});

describe('registryContext', () => {
  const adapter = {
    capabilities: { tokenEnv: ['FIRST_TOKEN', 'SECOND_TOKEN'] },
  } as unknown as RegistryAdapter;
  const command = { fetch: globalThis.fetch, logger: silentLogger, now: () => 0 };

  it('takes the first set token variable and registers it for redaction', () => {
    const built = registryContext(adapter, { ...command, env: { SECOND_TOKEN: 'tok-second-123456' } });
    expect(built.token).toBe('tok-second-123456');
    expect(new RegistryResponseError('leaked tok-second-123456').message).toBe('leaked ***');
  });

  describe("environment tokens only go to the channel's own host", () => {
    const npmLike = {
      id: 'npm-like',
      defaultBaseUrl: 'https://registry.npmjs.org',
      capabilities: { tokenEnv: ['FIRST_TOKEN'] },
    } as unknown as RegistryAdapter;
    const env = { FIRST_TOKEN: 'tok-env-abcdef123' };
    const tokenFor = (baseUrl: string | undefined, extraEnv: Record<string, string> = {}) =>
      registryContext(npmLike, { ...command, env: { ...env, ...extraEnv } }, baseUrl ? { baseUrl } : {})
        .token;

    it('sends it with no override, to the default host, and to loopback', () => {
      expect(tokenFor(undefined)).toBe('tok-env-abcdef123');
      expect(tokenFor('https://registry.npmjs.org/')).toBe('tok-env-abcdef123');
      expect(tokenFor('http://127.0.0.1:4873')).toBe('tok-env-abcdef123');
      expect(tokenFor('http://localhost:4873')).toBe('tok-env-abcdef123');
    });

    it('withholds it from another host (a shipwatch.yml edited in a pull request) and says so', () => {
      const warnings: unknown[] = [];
      const logger = { ...silentLogger, warn: (meta: Record<string, unknown>) => warnings.push(meta) };
      const built = registryContext(
        npmLike,
        { ...command, logger, env },
        { baseUrl: 'https://evil.example' },
      );
      expect(built.token).toBeUndefined();
      expect(warnings).toEqual([{ registry: 'npm-like', host: 'evil.example' }]);
    });

    it('sends it to hosts listed in SHIPWATCH_TOKEN_HOSTS, and an explicit token anywhere', () => {
      expect(
        tokenFor('https://npm.corp.example', { SHIPWATCH_TOKEN_HOSTS: 'other.example, npm.corp.example' }),
      ).toBe('tok-env-abcdef123');
      const explicit = registryContext(
        npmLike,
        { ...command, env: {} },
        {
          baseUrl: 'https://npm.corp.example',
          token: 'tok-flag-abcdef123',
        },
      );
      expect(explicit.token).toBe('tok-flag-abcdef123');
    });

    it('a host the package names (oci) obeys the same rule, with the same warning', () => {
      const ociLike = {
        id: 'oci-like',
        displayName: 'OCI-like',
        defaultBaseUrl: '',
        capabilities: { tokenEnv: ['FIRST_TOKEN'] },
      } as unknown as RegistryAdapter;
      const messages: string[] = [];
      const logger = {
        ...silentLogger,
        warn: (_meta: Record<string, unknown>, message: string) => messages.push(message),
      };
      const built = registryContext(ociLike, { ...command, logger, env });
      expect(built.token).toBe('tok-env-abcdef123');
      const foreign = contextForPackageHost(ociLike, built, 'https://[::ffff:127.0.0.1]:5000');
      expect(foreign.token).toBeUndefined();
      expect(foreign.baseUrl).toBeUndefined();
      expect(foreign.env).toBe(built.env);
      expect(messages).toEqual([
        'FIRST_TOKEN not sent to [::ffff:7f00:1]:5000: not a loopback host (list it in SHIPWATCH_TOKEN_HOSTS to allow)',
      ]);
      expect(contextForPackageHost(ociLike, built, 'https://127.0.0.1:5000')).toBe(built);
      const listed = { ...built, env: { ...env, SHIPWATCH_TOKEN_HOSTS: 'quay.io' } };
      expect(contextForPackageHost(ociLike, listed, 'https://quay.io').token).toBe('tok-env-abcdef123');
      // A token a config's `tokenEnv` named is found by value and named in the warning.
      const named = { ...built, env: { OTHER_SECRET: 'tok-env-abcdef123' } };
      expect(contextForPackageHost(ociLike, named, 'https://quay.io').token).toBeUndefined();
      expect(messages.at(-1)).toMatch(/^OTHER_SECRET not sent to quay\.io/);
      expect(messages).toHaveLength(2);
    });

    it('never sends one to a local path or file:// repository', () => {
      const gitLike = {
        ...npmLike,
        baseUrlKind: 'git',
        defaultBaseUrl: 'https://github.com',
      } as RegistryAdapter;
      const built = registryContext(gitLike, { ...command, env }, { baseUrl: 'file:///tmp/homebrew-tap' });
      expect(built.token).toBeUndefined();
    });
  });

  it('validates the --registry URL and drops trailing slashes', () => {
    expect(
      registryContext(adapter, { ...command, env: {} }, { baseUrl: 'http://127.0.0.1:4873/' }).baseUrl,
    ).toBe('http://127.0.0.1:4873');
    expect(() => registryContext(adapter, { ...command, env: {} }, { baseUrl: 'not a url' })).toThrow(
      UsageError,
    );
  });

  it('refuses credentials inside the --registry URL (fetch would refuse them later, as an error verdict) without echoing them', () => {
    const secret = 'ghp_cccccccccccccccccccccccccccccccccccc';
    const build = () =>
      registryContext(
        adapter,
        { ...command, env: {} },
        { baseUrl: `https://bot:${secret}@registry.example.com` },
      );
    expect(build).toThrow(UsageError);
    expect(build).toThrow(/--registry: the URL carries credentials \(user:password@\)/);
    let message = '';
    try {
      build();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain(secret);
    expect(message).not.toContain('bot');
  });
});
