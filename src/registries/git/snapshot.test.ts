import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommitSpec, createGitRepo, type GitHttpServer, serveGitHttp } from '../../../test/git-repo.ts';
import { RegistryResponseError } from '../../errors.ts';
import { startFixtureServer } from '../fixture-server.ts';
import { checkGitLocation, isLocalLocation } from './location.ts';
import { type GitReadOptions, withGitSnapshot } from './snapshot.ts';

const options = (extra: Partial<GitReadOptions> = {}): GitReadOptions => ({
  what: 'test repo',
  timeoutMs: 20_000,
  env: process.env,
  ...extra,
});

const history: CommitSpec[] = [
  { files: { 'Formula/a.rb': 'one\n', 'README.md': 'hi\n' }, date: '2026-01-01T00:00:00Z' },
  { files: { 'Formula/b.rb': 'two\n' }, date: '2026-02-01T00:00:00Z' },
  { files: { 'README.md': 'hello\n' }, date: '2026-03-01T00:00:00Z' },
];
const repo = createGitRepo(history);
afterAll(() => repo.cleanup());

describe('withGitSnapshot on a real repository', () => {
  it('reads files and directories at HEAD from a plain path (full history: dates visible)', async () => {
    const seen = await withGitSnapshot(repo.path, options(), async (snap) => ({
      a: await snap.readFile('Formula/a.rb'),
      missing: await snap.readFile('Formula/zzz.rb'),
      dirAsFile: await snap.readFile('Formula'),
      list: await snap.listDir('Formula'),
      noDir: await snap.listDir('Casks'),
      changeA: await snap.lastChange('Formula/a.rb'),
      changeB: await snap.lastChange('Formula/b.rb'),
    }));
    expect(seen.a).toBe('one\n');
    expect(seen.missing).toBeUndefined();
    expect(seen.dirAsFile).toBeUndefined();
    expect(seen.list).toEqual([
      { name: 'a.rb', type: 'blob' },
      { name: 'b.rb', type: 'blob' },
    ]);
    expect(seen.noDir).toBeUndefined();
    expect(seen.changeA?.date).toBe('2026-01-01T00:00:00.000Z');
    expect(seen.changeB?.date).toBe('2026-02-01T00:00:00.000Z');
  });

  it('works with an empty injected environment (git found on the default PATH)', async () => {
    const text = await withGitSnapshot(repo.path, options({ env: {} }), (snap) =>
      snap.readFile('Formula/b.rb'),
    );
    expect(text).toBe('two\n');
  });

  it('reads over smart HTTP with trees fetched on demand (tree:0)', async () => {
    const bare = createGitRepo([{ files: { 'manifests/a/Acme/Tool/1.0.0/x.yaml': 'k: v\n' } }], {
      bare: true,
      name: 'big.git',
    });
    const server = await serveGitHttp(join(bare.path, '..'));
    try {
      const seen = await withGitSnapshot(
        `${server.url}/big.git`,
        options({ filter: 'tree:0' }),
        async (snap) => ({
          list: await snap.listDir('manifests/a/Acme/Tool'),
          file: await snap.readFile('manifests/a/Acme/Tool/1.0.0/x.yaml'),
        }),
      );
      expect(seen.list).toEqual([{ name: '1.0.0', type: 'tree' }]);
      expect(seen.file).toBe('k: v\n');
    } finally {
      await server.close();
      bare.cleanup();
    }
  });

  it('leaves no temp dir behind, on success and on failure', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'shipwatch-scratch-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      await withGitSnapshot(repo.path, options(), (snap) => snap.readFile('README.md'));
      await expect(
        withGitSnapshot(repo.path, options(), async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await expect(withGitSnapshot(join(scratch, 'nope'), options(), async () => 1)).rejects.toThrow();
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('withGitSnapshot of a remote: a shallow clone of its HEAD', () => {
  const served = createGitRepo(history, { bare: true, name: 'tap.git' });
  let server: GitHttpServer;
  beforeAll(async () => {
    server = await serveGitHttp(join(served.path, '..'));
  });
  afterAll(async () => {
    await server.close();
    served.cleanup();
  });

  it('a shallow clone shows a change only when it lies inside the fetched history', async () => {
    const seen = await withGitSnapshot(`${server.url}/tap.git`, options({ depth: 2 }), async (snap) => ({
      a: await snap.lastChange('Formula/a.rb'),
      b: await snap.lastChange('Formula/b.rb'),
      readme: await snap.lastChange('README.md'),
      note: snap.note,
    }));
    // Depth 2 fetches the last two commits: the second one is a boundary that seems to add everything.
    expect(seen.a).toBeUndefined();
    expect(seen.b).toBeUndefined();
    expect(seen.readme?.date).toBe('2026-03-01T00:00:00.000Z');
    expect(seen.note).toBeUndefined();
  });

  it('depth 1: HEAD is the boundary, so no date is claimed', async () => {
    const change = await withGitSnapshot(`${server.url}/tap.git`, options(), (snap) =>
      snap.lastChange('README.md'),
    );
    expect(change).toBeUndefined();
  });
});

describe('withGitSnapshot of a local repository: its default branch, not the checkout', () => {
  const run = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.invalid',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.invalid',
      },
    }).trim();
  const bump = (cwd: string, branch: string, text: string) => {
    run(cwd, 'checkout', '--quiet', '-b', branch);
    writeFileSync(join(cwd, 'Formula/a.rb'), text);
    run(cwd, 'commit', '--quiet', '-am', `bump on ${branch}`);
  };
  const read = (location: string) =>
    withGitSnapshot(location, options(), async (snap) => ({
      text: await snap.readFile('Formula/a.rb'),
      head: snap.head,
      note: snap.note,
    }));

  it('a bump branch checked out: main is read, by path and by file:// URL, and the note says so', async () => {
    const tap = createGitRepo([{ files: { 'Formula/a.rb': 'version 1.2.3\n' } }]);
    try {
      const main = run(tap.path, 'rev-parse', 'main');
      bump(tap.path, 'bump-1.2.4', 'version 1.2.4\n');
      for (const location of [tap.path, tap.url]) {
        const seen = await read(location);
        expect(seen.text).toBe('version 1.2.3\n');
        expect(seen.head).toBe(main);
        expect(seen.note).toMatch(
          /^read the default branch main \([0-9a-f]{12}\), not the checked-out bump-1\.2\.4 \([0-9a-f]{12}\)$/,
        );
      }
      await expect(
        withGitSnapshot(tap.path, options(), async () => {
          throw new RegistryResponseError('Formula/a.rb is not usable');
        }),
      ).rejects.toThrow(/^Formula\/a\.rb is not usable; read the default branch main \(/);
      run(tap.path, 'checkout', '--quiet', 'main');
      expect(await read(tap.path)).toEqual({ text: 'version 1.2.3\n', head: main, note: undefined });
    } finally {
      tap.cleanup();
    }
  });

  it("a clone with origin/HEAD: the remote's default branch wins over local commits", async () => {
    const upstream = createGitRepo([{ files: { 'Formula/a.rb': 'version 1.0.0\n' } }], {
      bare: true,
      name: 'up.git',
    });
    const root = mkdtempSync(join(tmpdir(), 'shipwatch-clone-'));
    try {
      const copy = join(root, 'copy');
      run(root, 'clone', '--quiet', upstream.url, copy);
      expect(run(copy, 'symbolic-ref', 'refs/remotes/origin/HEAD')).toBe('refs/remotes/origin/main');
      writeFileSync(join(copy, 'Formula/a.rb'), 'version 2.0.0\n');
      run(copy, 'commit', '--quiet', '-am', 'not pushed');
      const seen = await read(copy);
      expect(seen.text).toBe('version 1.0.0\n');
      expect(seen.note).toMatch(
        /^read the default branch origin\/main \([0-9a-f]{12}\), not the checked-out main/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
      upstream.cleanup();
    }
  });

  it('no origin/HEAD, main or master and a detached HEAD (a pull-request checkout): cannot tell, an error', async () => {
    const tap = createGitRepo([{ files: { 'Formula/a.rb': 'version 1.2.3\n' } }]);
    try {
      bump(tap.path, 'pr', 'version 1.2.4\n');
      run(tap.path, 'checkout', '--quiet', '--detach');
      run(tap.path, 'branch', '--quiet', '-D', 'main', 'pr');
      await expect(read(tap.path)).rejects.toThrow(
        /has a detached HEAD \([0-9a-f]{12}\) and no origin\/HEAD, main or master: cannot tell which commit is its default branch/,
      );
    } finally {
      tap.cleanup();
    }
  });

  it('no origin/HEAD, main or master but a named branch checked out: that branch is read, and said', async () => {
    const tap = createGitRepo([{ files: { 'Formula/a.rb': 'version 1.2.3\n' } }]);
    try {
      run(tap.path, 'branch', '--quiet', '-m', 'main', 'trunk');
      const seen = await read(tap.path);
      expect(seen.text).toBe('version 1.2.3\n');
      expect(seen.note).toMatch(
        /^read the checked-out trunk \([0-9a-f]{12}\): the repository has no origin\/HEAD, main or master to read instead$/,
      );
    } finally {
      tap.cleanup();
    }
  });

  it('master when there is no main; a folder inside a repository is refused', async () => {
    const tap = createGitRepo([{ files: { 'Formula/a.rb': 'version 1.2.3\n' } }]);
    try {
      run(tap.path, 'branch', '--quiet', '-m', 'main', 'master');
      bump(tap.path, 'bump', 'version 1.2.4\n');
      const seen = await read(tap.path);
      expect(seen.text).toBe('version 1.2.3\n');
      expect(seen.note).toMatch(/^read the default branch master /);
      await expect(read(join(tap.path, 'Formula'))).rejects.toMatchObject({
        code: 'REGISTRY_RESPONSE',
        message: expect.stringMatching(/is a folder inside a git repository, not its top/),
      });
    } finally {
      tap.cleanup();
    }
  });
});

describe('withGitSnapshot failures', () => {
  it('no repository at a path → response error naming it', async () => {
    const missing = join(tmpdir(), 'shipwatch-no-such-repo-8c1f');
    await expect(withGitSnapshot(missing, options(), async () => 1)).rejects.toMatchObject({
      code: 'REGISTRY_RESPONSE',
      message: expect.stringMatching(/test repo: no git repository at .*shipwatch-no-such-repo-8c1f/),
    });
  });

  it('HTTP 404 → response error; 503 → unavailable; nothing listening → unavailable', async () => {
    const server = await startFixtureServer(() => ({ status: 404, body: 'nope' }));
    try {
      await expect(withGitSnapshot(`${server.url}/x.git`, options(), async () => 1)).rejects.toMatchObject({
        code: 'REGISTRY_RESPONSE',
      });
      server.setHandler(() => ({ status: 503, body: 'down' }));
      await expect(withGitSnapshot(`${server.url}/x.git`, options(), async () => 1)).rejects.toMatchObject({
        code: 'REGISTRY_UNAVAILABLE',
        status: 503,
      });
    } finally {
      await server.close();
    }
    await expect(withGitSnapshot(`${server.url}/x.git`, options(), async () => 1)).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
    });
  });

  it('a server that never answers → unavailable after the deadline, git killed', async () => {
    const server = await startFixtureServer(() => 'hang');
    try {
      await expect(
        withGitSnapshot(`${server.url}/x.git`, options({ timeoutMs: 500 }), async () => 1),
      ).rejects.toMatchObject({
        code: 'REGISTRY_UNAVAILABLE',
        message: expect.stringMatching(/within 500 ms/),
      });
    } finally {
      await server.close();
    }
  });

  it('sends a token only as a header, and never shows it', async () => {
    const token = 'git-secret-token-0a9b8c7d6e';
    const server = await startFixtureServer(() => ({ status: 401, body: 'who are you' }));
    try {
      const error = await withGitSnapshot(`${server.url}/x.git`, options({ token }), async () => 1).catch(
        (e: unknown) => e as Error,
      );
      expect(error).toMatchObject({ code: 'REGISTRY_RESPONSE' });
      expect(String((error as Error).message)).not.toContain(token);
      const auth = server.requests.find((r) => r.headers.authorization)?.headers.authorization;
      expect(auth).toBe(`Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`);
    } finally {
      await server.close();
    }
  });
});

describe('checkGitLocation', () => {
  it('accepts git URLs and paths, refuses options and other schemes', () => {
    expect(checkGitLocation('https://github.com/acme/homebrew-tap/')).toBe(
      'https://github.com/acme/homebrew-tap',
    );
    expect(checkGitLocation('/tmp/x/homebrew-tap')).toBe('/tmp/x/homebrew-tap');
    expect(checkGitLocation('git@github.com:acme/tap.git')).toBe('git@github.com:acme/tap.git');
    expect(() => checkGitLocation('--upload-pack=evil')).toThrow(/not a repository location/);
    expect(() => checkGitLocation('ftp://x/y')).toThrow(/must be a git URL/);
    expect(isLocalLocation('/tmp/x')).toBe(true);
    expect(isLocalLocation('file:///tmp/x')).toBe(true);
    expect(isLocalLocation('https://x/y')).toBe(false);
  });
});
