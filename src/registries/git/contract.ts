/**
 * @module The behaviour every git-backed adapter (tap, bucket, manifests repo) shares, as one
 * vitest suite run against real repositories: a work tree by path, a bare repository served over
 * smart HTTP (`git http-backend`), and loopback servers that fail the way git hosts do.
 * Test-only: imported by tests, never by the CLI.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGitRepo,
  type GitHttpServer,
  type RepoFiles,
  serveGitHttp,
  type TestGitRepo,
} from '../../../test/git-repo.ts';
import { silentLogger } from '../../shared/logger.ts';
import { type FixtureServer, startFixtureServer } from '../fixture-server.ts';
import type { ChannelObservation, RegistryAdapter, RegistryContext } from '../types.ts';

export interface GitChannelContractOptions {
  /** The adapter under test (its `baseUrlKind` must be `git`). */
  adapter: RegistryAdapter;
  /** Package as the adapter takes it with a `--registry` repository. */
  package: string;
  /** The version published in `present`. */
  version: string;
  /** Repository files in which `version` is published. */
  present: RepoFiles;
  /** Repository files holding another version, `otherVersion`. */
  absent: RepoFiles;
  /** The version `absent` holds; the reason must name it. */
  otherVersion: string;
  /** Repository files where the package's file is there but unusable. */
  malformed: RepoFiles;
  /** Extra assertions on the `present` observation. */
  expectPresent?: (observation: ChannelObservation) => void;
}

const NOW = Date.parse('2026-03-04T05:06:07.000Z');
const PUBLISHED = '2026-02-03T04:05:06Z';
export const GIT_CONTRACT_TOKEN = 'git-contract-secret-token-9d8c7b6a5f';

export function runGitChannelContract(options: GitChannelContractOptions): void {
  const { adapter } = options;
  describe(`git channel contract: ${adapter.id}`, () => {
    const repos: TestGitRepo[] = [];
    let present: TestGitRepo;
    let git: GitHttpServer;
    let faults: FixtureServer;
    beforeAll(async () => {
      const make = (files: RepoFiles, bare = false, name?: string) => {
        const repo = createGitRepo(
          [
            { files: { 'README.md': 'repository\n' }, date: '2026-01-01T00:00:00Z' },
            { files, date: PUBLISHED },
            { files: { 'README.md': 'later\n' }, date: '2026-02-10T00:00:00Z' },
          ],
          { bare, ...(name ? { name } : {}) },
        );
        repos.push(repo);
        return repo;
      };
      present = make(options.present);
      const bare = make(options.present, true, 'channel.git');
      git = await serveGitHttp(join(bare.path, '..'));
      faults = await startFixtureServer(() => undefined);
      repos.push(make(options.absent), make(options.malformed), make({ 'unrelated.txt': 'x\n' }));
    });
    afterAll(async () => {
      await git?.close();
      await faults?.close();
      for (const repo of repos) repo.cleanup();
    });

    const check = async (baseUrl: string, extra: Partial<RegistryContext> = {}) => {
      const ctx: RegistryContext = {
        fetch: globalThis.fetch,
        logger: silentLogger,
        env: process.env,
        baseUrl,
        token: GIT_CONTRACT_TOKEN,
        timeoutMs: 20_000,
        now: () => NOW,
        ...extra,
      };
      const observation = await adapter.check(options.package, options.version, ctx);
      expect(observation.channel).toBe(adapter.id);
      expect(observation.checkedAt).toBe(new Date(NOW).toISOString());
      expect(JSON.stringify(observation)).not.toContain(GIT_CONTRACT_TOKEN);
      if (observation.verdict !== 'present')
        expect(observation.reason, 'a non-present verdict explains itself').toBeTruthy();
      return observation;
    };
    const repoAt = (index: number) => repos[index]?.path ?? '';

    it('declares a git base URL and its capabilities as data', () => {
      expect(adapter.baseUrlKind).toBe('git');
      expect(adapter.capabilities).toMatchObject({
        seesPending: false,
        exposesChecksums: true,
        needsToken: 'optional',
        absentIs: 'in-answer',
      });
      expect(adapter.capabilities.notes.length).toBeGreaterThan(10);
    });

    it('present (repository by path): checksums, and the date of the commit that published it', async () => {
      const observation = await check(present.path);
      expect(observation.verdict, observation.reason).toBe('present');
      expect(observation.publishedAt).toBe(new Date(PUBLISHED).toISOString());
      const sums = (observation.artifacts ?? []).filter((a) => a.sha256);
      expect(sums.length).toBeGreaterThan(0);
      for (const a of sums) expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
      options.expectPresent?.(observation);
    });

    it('present over smart HTTP; the token goes as a header and never into the observation', async () => {
      const before = git.requests.length;
      const observation = await check(`${git.url}/channel.git`);
      expect(observation.verdict, observation.reason).toBe('present');
      expect(git.requests.length).toBeGreaterThan(before);
    });

    it('absent: another version, named in the reason', async () => {
      const observation = await check(repoAt(2));
      expect(observation.verdict).toBe('absent');
      expect(observation.reason).toContain(options.otherVersion);
    });

    it('absent: the repository has no such package', async () => {
      const observation = await check(repoAt(4));
      expect(observation.verdict).toBe('absent');
    });

    it('malformed file → error (response), never present or absent', async () => {
      const observation = await check(repoAt(3));
      expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    });

    it('no repository at the path → error (response), never absent', async () => {
      const observation = await check(join(tmpdir(), `shipwatch-no-repo-${adapter.id}-5b7c`));
      expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    });

    it('HTTP 404 → error (response); 401 → error (response) naming the token', async () => {
      faults.setHandler(() => ({ status: 404, body: 'Not Found' }));
      expect(await check(`${faults.url}/channel.git`)).toMatchObject({
        verdict: 'error',
        errorCode: 'REGISTRY_RESPONSE',
      });
      faults.setHandler(() => ({ status: 401, body: 'Unauthorized' }));
      const denied = await check(`${faults.url}/channel.git`);
      expect(denied).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
      expect(denied.reason).toMatch(/token/);
    });

    for (const status of [500, 503, 429]) {
      it(`HTTP ${status} → error (unavailable) with the status`, async () => {
        faults.setHandler(() => ({ status, headers: { 'retry-after': '30' }, body: 'nope' }));
        const observation = await check(`${faults.url}/channel.git`);
        expect(observation).toMatchObject({
          verdict: 'error',
          errorCode: 'REGISTRY_UNAVAILABLE',
          httpStatus: status,
        });
      });
    }

    it('no answer → error (unavailable) after the timeout', async () => {
      faults.setHandler(() => 'hang');
      const observation = await check(`${faults.url}/channel.git`, { timeoutMs: 400 });
      expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_UNAVAILABLE' });
      expect(observation.reason).toMatch(/within 400 ms/);
    });

    it('nothing listening → error (unavailable)', async () => {
      const closed = await startFixtureServer(() => undefined);
      await closed.close();
      const observation = await check(`${closed.url}/channel.git`);
      expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_UNAVAILABLE' });
    });

    it('cancelled → error (unavailable), git stopped', async () => {
      faults.setHandler(() => 'hang');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const observation = await check(`${faults.url}/channel.git`, { signal: controller.signal });
      expect(observation).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_UNAVAILABLE' });
      expect(observation.reason).toMatch(/cancelled/);
    });

    it('leaves no temp dir behind (present, absent, error)', async () => {
      const scratch = mkdtempSync(join(tmpdir(), 'shipwatch-scratch-'));
      const saved = process.env.TMPDIR;
      process.env.TMPDIR = scratch;
      try {
        await check(present.path);
        await check(repoAt(2));
        await check(repoAt(3));
        await check(join(scratch, 'missing'));
        expect(readdirSync(scratch)).toEqual([]);
      } finally {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}
