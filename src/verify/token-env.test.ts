/**
 * `tokenEnv:` in shipwatch.yml names an environment variable from a file a pull request can edit:
 * the token it holds must obey the same host rule as the channel's own token variables.
 * `[::ffff:127.0.0.1]` reaches this loopback server without being on the loopback allow-list, so it
 * stands in for a foreign host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigObject } from '../config/parse.ts';
import { type FixtureServer, fixtureJson, startFixtureServer } from '../registries/fixture-server.ts';
import { registries } from '../registries/index.ts';
import { silentLogger } from '../shared/logger.ts';
import { verifyRelease } from './verify.ts';

const TOKEN = 'ghp_tokenEnvTEST0123456789abcdefghijklmn';

describe('tokenEnv obeys the token host rule', () => {
  let server: FixtureServer;
  let foreign: string;
  beforeAll(async () => {
    const packument = fixtureJson(
      new URL('../registries/npm/__fixtures__/', import.meta.url),
      'packument-present.json',
    );
    server = await startFixtureServer(() => ({ status: 200, body: packument }));
    foreign = server.url.replace('127.0.0.1', '[::ffff:127.0.0.1]');
  });
  afterAll(() => server.close());

  async function verifyWith(env: Record<string, string>): Promise<(string | undefined)[]> {
    const parsed = parseConfigObject(
      {
        product: 'leak-test',
        channels: [{ channel: 'npm', package: '@acme/widget', registry: foreign, tokenEnv: 'GITHUB_TOKEN' }],
      },
      { file: 'shipwatch.yml', knownChannels: Object.keys(registries) },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const before = server.requests.length;
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_fields: unknown, message: string) => warnings.push(message) };
    await verifyRelease(
      { cwd: process.cwd(), env, fetch: globalThis.fetch, logger, now: Date.now },
      { config: parsed.config, version: '1.2.3' },
    );
    const auth = server.requests.slice(before).map((r) => r.headers.authorization);
    if (auth.some((a) => a === undefined))
      expect(warnings.join('\n')).toMatch(
        /^npm: GITHUB_TOKEN \(tokenEnv\) not sent to \[::ffff:7f00:1\]:\d+ over plain http/m,
      );
    return auth;
  }

  it('is not sent to a host the config names', async () => {
    const auth = await verifyWith({ GITHUB_TOKEN: TOKEN });
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((a) => a === undefined)).toBe(true);
  });

  it('is not sent over plain http even when the user lists the host (the https case: token-host.test.ts)', async () => {
    const host = new URL(foreign).host;
    const auth = await verifyWith({ GITHUB_TOKEN: TOKEN, SHIPWATCH_TOKEN_HOSTS: host });
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((a) => a === undefined)).toBe(true);
  });
});
