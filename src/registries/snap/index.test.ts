import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import {
  type FixtureHandler,
  type FixtureServer,
  fixtureJson,
  startFixtureServer,
} from '../fixture-server.ts';
import { snap } from './index.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const info = fixtureJson(fixtures, 'info.json');
const notFound = { status: 404, body: fixtureJson(fixtures, 'not-found.json') };
const missingSeries = { status: 400, body: fixtureJson(fixtures, 'missing-series.json') };

// The store refuses requests without Snap-Device-Series with 400 bad-argument.
const store =
  (found: boolean): FixtureHandler =>
  (r) => {
    if (r.headers['snap-device-series'] !== '16') return missingSeries;
    return found && r.path.startsWith('/v2/snaps/info/shipwatch-demo?')
      ? { status: 200, body: info }
      : notFound;
  };

runRegistryContract({
  createAdapter: () => snap,
  package: 'shipwatch-demo',
  invalidNames: ['Bad Name', 'UPPER', '-lead', 'two--dashes', '123', 'a', 'a'.repeat(41)],
  version: '1.4.2',
  fixtures: {
    present: store(true),
    absent: store(false),
    // A server that answers every snap name with one snap's info.
    otherIdentity: () => ({ status: 200, body: { ...info, name: 'other-snap' } }),
  },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-20T15:40:02.118830+00:00');
    expect(o.artifacts).toHaveLength(2);
    expect(o.artifacts?.[0]?.digest).toMatch(/^sha3-384:/);
    expect(o.reason).toBe('released to latest/stable');
  },
});

describe('snap quirks', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(store(true));
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

  it('sends Snap-Device-Series: 16 and asks for the version fields', async () => {
    await snap.check('shipwatch-demo', '1.4.2', ctx());
    const request = server.requests.at(-1);
    expect(request?.headers['snap-device-series']).toBe('16');
    expect(decodeURIComponent(request?.path ?? '')).toContain('fields=version,revision');
  });

  it('a version no channel serves is absent, with the review caveat and the live versions', async () => {
    const o = await snap.check('shipwatch-demo', '1.6.0', ctx());
    expect(o.verdict).toBe('absent');
    expect(o.reason).toMatch(/live: 1\.4\.2, 1\.5\.0-rc\.1/);
    expect(o.reason).toMatch(/review/);
  });

  it('a version only on edge is present, naming the channel', async () => {
    const o = await snap.check('shipwatch-demo', '1.5.0-rc.1', ctx());
    expect(o.verdict).toBe('present');
    expect(o.reason).toBe('released to latest/edge');
  });

  it('a 400 for a missing header is an error, not absent', async () => {
    server.setHandler(() => missingSeries);
    const o = await snap.check('shipwatch-demo', '1.4.2', ctx());
    expect(o.verdict).toBe('error');
    expect(o.reason).toMatch(/Snap-Device-Series header is required/);
  });
});
