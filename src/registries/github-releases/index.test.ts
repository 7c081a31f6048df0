import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { type RunningSimulator, startSimulator } from '../../simulator/server.ts';
import { runRegistryContract } from '../contract.ts';
import { type FixtureServer, fixtureJson, routes, startFixtureServer } from '../fixture-server.ts';
import type { RegistryContext } from '../types.ts';
import { candidateTags, githubReleases } from './index.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const release = fixtureJson(fixtures, 'release-v1.4.2.json');
const withDraft = fixtureJson(fixtures, 'releases-with-draft.json');
const legacy = fixtureJson(fixtures, 'release-v1.3.9-prerelease-no-digest.json');
const notFound = { status: 404, body: fixtureJson(fixtures, 'not-found.json') };
// The repository is visible: a 404 on its release then means the release is absent.
const repoVisible = { status: 200, body: fixtureJson(fixtures, 'repository.json') };
const rateLimited = {
  status: 403,
  headers: { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1795000000' },
  body: fixtureJson(fixtures, 'rate-limited-403.json'),
};

// GitHub's shape while an upload is in progress: the asset is listed with state `open`, no digest yet.
const uploading = (() => {
  const r = structuredClone(release) as { assets: Record<string, unknown>[] };
  r.assets[1] = { ...r.assets[1], state: 'open', digest: null };
  return r;
})();

const api = (table: Parameters<typeof routes>[0]) => routes(table);

runRegistryContract({
  createAdapter: () => githubReleases,
  package: 'shipwatch/demo',
  invalidNames: ['acme/bad name!'],
  version: '1.4.2',
  fixtures: {
    present: (r) =>
      api({ 'GET /repos/shipwatch/demo/releases/tags/v1.4.2': { status: 200, body: release } })(r) ??
      notFound,
    absent: (r) =>
      api({
        'GET /repos/shipwatch/demo/releases?per_page=30': { status: 200, body: [release] },
        'GET /repos/shipwatch/demo': repoVisible,
      })(r) ?? notFound,
    // The by-tag endpoint 404s drafts; the list shows them to a token with push access.
    pending: (r) =>
      api({
        'GET /repos/shipwatch/demo/releases?per_page=30': {
          status: 200,
          body: [{ ...(release as object), draft: true, published_at: null }],
        },
      })(r) ?? notFound,
    // A proxy that answers every tag with one release.
    otherIdentity: (r) =>
      r.path.includes('/releases/tags/')
        ? { status: 200, body: { ...(release as object), tag_name: 'v1.4.1' } }
        : notFound,
  },
  skip: {
    'not-found':
      'GitHub answers 404 on every path of a repository the caller cannot see (private without a token): 404 everywhere is an error here (tested below); absent needs the repository to answer 200',
  },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-20T14:00:03Z');
    expect(o.artifacts).toHaveLength(4);
    expect(o.artifacts?.[1]).toMatchObject({
      name: 'demo_1.4.2_linux_amd64.tar.gz',
      url: 'https://github.com/shipwatch/demo/releases/download/v1.4.2/demo_1.4.2_linux_amd64.tar.gz',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  },
});

describe('github-releases quirks', () => {
  let server: FixtureServer;
  const base = (): RegistryContext => ({
    fetch,
    logger: silentLogger,
    env: {},
    baseUrl: server.url,
    timeoutMs: 2000,
    now: Date.now,
  });
  beforeAll(async () => {
    server = await startFixtureServer(
      (r) =>
        api({
          'GET /repos/shipwatch/demo/releases/tags/1.3.9': { status: 200, body: legacy },
          'GET /repos/shipwatch/demo/releases?per_page=30': { status: 200, body: withDraft },
          'GET /repos/shipwatch/demo/releases/tags/v1.4.2': { status: 200, body: uploading },
          'GET /repos/shipwatch/demo': repoVisible,
        })(r) ?? notFound,
    );
  });
  afterAll(() => server.close());

  it('tries v-prefixed and bare tags', async () => {
    expect(candidateTags('1.2.3')).toEqual(['v1.2.3', '1.2.3']);
    expect(candidateTags('v1.2.3')).toEqual(['v1.2.3', '1.2.3']);
    const o = await githubReleases.check('shipwatch/demo', '1.3.9', base());
    expect(o.verdict).toBe('present');
    expect(server.requests.slice(-2).map((r) => r.path)).toEqual([
      '/repos/shipwatch/demo/releases/tags/v1.3.9',
      '/repos/shipwatch/demo/releases/tags/1.3.9',
    ]);
  });

  it('says prerelease and when assets carry no digest', async () => {
    const o = await githubReleases.check('shipwatch/demo', '1.3.9', base());
    expect(o.reason).toMatch(/prerelease/);
    expect(o.reason).toMatch(/no digest/);
    expect(o.artifacts?.every((a) => a.sha256 === undefined)).toBe(true);
  });

  it('without a token a draft cannot be seen: absent, saying so', async () => {
    const o = await githubReleases.check('shipwatch/demo', '1.5.0', base());
    expect(o.verdict).toBe('absent');
    expect(o.reason).toBe(
      'no published release tagged v1.5.0 or 1.5.0 in shipwatch/demo (drafts are visible only with a token that can push)',
    );
    expect(server.requests.at(-1)?.path).toBe('/repos/shipwatch/demo');
  });

  it('404 on the release and on the repository without a token: error (private or missing), never absent', async () => {
    const o = await githubReleases.check('acme/private-tool', '1.2.3', base());
    expect(o.verdict).toBe('error');
    expect(o.httpStatus).toBe(404);
    expect(o.reason).toMatch(
      /^acme\/private-tool is private or does not exist: give a token \(GITHUB_TOKEN\) to tell; GitHub answers 404 for both/,
    );
    expect(server.requests.slice(-3).map((r) => r.path)).toEqual([
      '/repos/acme/private-tool/releases/tags/v1.2.3',
      '/repos/acme/private-tool/releases/tags/1.2.3',
      '/repos/acme/private-tool',
    ]);
  });

  it('with a token, a repository the token cannot see is an error too', async () => {
    const o = await githubReleases.check('acme/private-tool', '1.2.3', {
      ...base(),
      token: 'ghp_example0000000000000000000000',
    });
    expect(o.verdict).toBe('error');
    expect(o.reason).toMatch(/^acme\/private-tool is not visible to the token/);
  });

  it('with a token a draft is pending, and the token is sent as a bearer token', async () => {
    const o = await githubReleases.check('shipwatch/demo', '1.5.0', {
      ...base(),
      token: 'ghp_example0000000000000000000000',
    });
    expect(o.verdict).toBe('pending');
    expect(o.reason).toMatch(/draft/);
    // A draft's assets 404 for the public: integrity must not count them as downloadable.
    expect(o.artifacts?.length).toBeGreaterThan(0);
    expect(o.artifacts?.every((a) => a.unavailable === 'draft')).toBe(true);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer ghp_example0000000000000000000000');
  });

  it('a published release with an asset still uploading is pending, and that asset is kept, marked uploading', async () => {
    const o = await githubReleases.check('shipwatch/demo', '1.4.2', base());
    expect(o.verdict).toBe('pending');
    expect(o.reason).toBe(
      'release v1.4.2 is published; 1 of 4 asset(s) still uploading (demo_1.4.2_linux_amd64.tar.gz)',
    );
    expect(o.artifacts).toHaveLength(4);
    expect(o.artifacts?.filter((a) => a.unavailable).map((a) => [a.name, a.unavailable])).toEqual([
      ['demo_1.4.2_linux_amd64.tar.gz', 'uploading'],
    ]);
  });

  it('an exhausted rate limit (403) is an error telling when it resets, never absent', async () => {
    server.setHandler(() => rateLimited);
    const o = await githubReleases.check('shipwatch/demo', '1.4.2', base());
    expect(o.verdict).toBe('error');
    expect(o.errorCode).toBe('REGISTRY_UNAVAILABLE');
    expect(o.reason).toMatch(/rate limit exceeded \(403, resets at 2026-/);
  });

  it('a plain 403 is an access error', async () => {
    server.setHandler(() => ({ status: 403, body: { message: 'Resource not accessible by integration' } }));
    const o = await githubReleases.check('shipwatch/demo', '1.4.2', base());
    expect(o.verdict).toBe('error');
    expect(o.errorCode).toBe('REGISTRY_RESPONSE');
  });
});

describe('github-releases against the GitHub API simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'clean-release' });
  });
  afterAll(() => sim.close());
  const ctx = (): RegistryContext => ({
    fetch,
    logger: silentLogger,
    env: {},
    baseUrl: sim.url,
    timeoutMs: 5000,
    now: Date.now,
  });

  it('not present before the release job creates it, present with digests after', async () => {
    const repo = `${sim.owner}/${sim.repo}`;
    // Not `absent`: the simulator does not serve GET /repos/{owner}/{repo}, so absence cannot be confirmed.
    expect((await githubReleases.check(repo, '2.4.0', ctx())).verdict).not.toBe('present');
    sim.advance(Math.ceil((sim.endsAt() - sim.simulatedNow()) / 1000) + 60);
    const o = await githubReleases.check(repo, '2.4.0', ctx());
    expect(o.verdict).toBe('present');
    expect(o.artifacts?.map((a) => a.name)).toContain('checksums.txt');
    expect(o.artifacts?.every((a) => /^[0-9a-f]{64}$/.test(a.sha256 ?? ''))).toBe(true);
    expect((await githubReleases.check(repo, '2.3.1', ctx())).verdict).toBe('present');
  });
});
