import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import {
  type FixtureHandler,
  type FixtureServer,
  fixtureJson,
  startFixtureServer,
} from '../fixture-server.ts';
import { USER_AGENT } from '../http.ts';
import { cratesIo } from './index.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const version = fixtureJson(fixtures, 'version-0.9.3.json');
const missing = fixtureJson(fixtures, 'version-missing.json');
const crawler = fixtureJson(fixtures, 'crawler-policy-403.json');

// crates.io's crawler policy: no User-Agent → 403, whatever the path.
const withUserAgentPolicy =
  (inner: FixtureHandler): FixtureHandler =>
  (request) =>
    request.headers['user-agent'] ? inner(request) : { status: 403, body: crawler };

runRegistryContract({
  createAdapter: () => cratesIo,
  package: 'shipwatch-demo',
  invalidNames: ['bad name!', '1crate', 'serde.json', 'a'.repeat(65)],
  version: '0.9.3',
  fixtures: {
    present: withUserAgentPolicy((r) =>
      r.path === '/api/v1/crates/shipwatch-demo/0.9.3'
        ? { status: 200, body: version }
        : { status: 404, body: missing },
    ),
    absent: withUserAgentPolicy(() => ({ status: 404, body: missing })),
    // Another crate's version document at the asked path.
    otherIdentity: withUserAgentPolicy(() => ({
      status: 200,
      body: { version: { ...(version as { version: object }).version, crate: 'serde' } },
    })),
  },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-20T14:05:31.204877Z');
    expect(o.artifacts).toEqual([
      {
        name: 'shipwatch-demo-0.9.3.crate',
        url: expect.stringMatching(/\/api\/v1\/crates\/shipwatch-demo\/0\.9\.3\/download$/),
        sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      },
    ]);
  },
});

describe('crates-io quirks', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(withUserAgentPolicy(() => ({ status: 200, body: version })));
  });
  afterAll(() => server.close());
  const ctx = () => ({
    fetch,
    logger: silentLogger,
    env: {},
    baseUrl: server.url,
    timeoutMs: 2000,
    now: Date.now,
  });

  it('a git tag (v0.9.3) is read as its version, saying so: semver has no v', async () => {
    const o = await cratesIo.check('shipwatch-demo', 'v0.9.3', ctx());
    expect(o.verdict, o.reason).toBe('present');
    expect(server.requests.at(-1)?.path).toBe('/api/v1/crates/shipwatch-demo/0.9.3');
    expect(o.reason).toBe('v0.9.3 read as 0.9.3: crate versions are semver, without a v');
  });

  it('sends an identifying User-Agent (the API answers 403 without one)', async () => {
    const o = await cratesIo.check('shipwatch-demo', '0.9.3', ctx());
    expect(o.verdict).toBe('present');
    expect(server.requests.at(-1)?.headers['user-agent']).toBe(USER_AGENT);
  });

  it('reports a crawler-policy 403 as an error quoting the registry, never absent', async () => {
    server.setHandler(() => ({ status: 403, body: crawler }));
    const o = await cratesIo.check('shipwatch-demo', '0.9.3', ctx());
    expect(o.verdict).toBe('error');
    expect(o.httpStatus).toBe(403);
    expect(o.reason).toMatch(/crawler policy/);
  });

  it('a crate name differing only in case or -/_ is the same crate', async () => {
    server.setHandler(withUserAgentPolicy(() => ({ status: 200, body: version })));
    const o = await cratesIo.check('Shipwatch_Demo', '0.9.3', ctx());
    expect(o.verdict, o.reason).toBe('present');
  });

  it('an answer about another version is an error, never present', async () => {
    server.setHandler(withUserAgentPolicy(() => ({ status: 200, body: version })));
    const o = await cratesIo.check('shipwatch-demo', '0.9.4', ctx());
    expect(o.verdict).toBe('error');
    expect(o.reason).toMatch(/asked for 0\.9\.4, the registry answered 0\.9\.3: is the registry URL right\?/);
  });

  it('notes a yanked version', async () => {
    const body = { version: { ...(version as { version: object }).version, yanked: true } };
    server.setHandler(() => ({ status: 200, body }));
    const o = await cratesIo.check('shipwatch-demo', '0.9.3', ctx());
    expect(o.verdict).toBe('present');
    expect(o.reason).toMatch(/yanked/);
  });
});
