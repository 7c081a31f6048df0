/**
 * @module Test helper: real git repositories in temp dirs (files, commits with chosen dates),
 * and a loopback smart-HTTP git server (`git http-backend`, the CGI git ships) for channels
 * whose repository is reached over HTTP in production.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Files of one commit: path → content; `null` deletes the file. */
export type RepoFiles = Readonly<Record<string, string | null>>;

export interface CommitSpec {
  /** Files written (or deleted) by this commit. */
  files: RepoFiles;
  /** Commit message; `update` by default. */
  message?: string;
  /** Author and committer date, ISO 8601 (default: a fixed date, so runs are repeatable). */
  date?: string;
}

export interface TestGitRepo {
  /** Work tree (non-bare) or the repository itself (bare). */
  path: string;
  /** `file://` URL of `path` (git honours --depth and --filter only for URLs). */
  url: string;
  /** Adds a commit; returns its id. */
  commit(spec: CommitSpec): string;
  /** Removes the temp dir. */
  cleanup(): void;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  LC_ALL: 'C',
};

function git(cwd: string, args: string[], env: Record<string, string | undefined> = {}): string {
  return execFileSync('git', args, { cwd, env: { ...GIT_ENV, ...env }, encoding: 'utf8' }).trim();
}

/**
 * Creates a repository with the given commits (oldest first) on branch `main`. With `bare`, the
 * commits are made in a scratch work tree and pushed, so the result looks like a server's copy.
 * Partial-clone filters are allowed, as GitHub allows them.
 */
export function createGitRepo(
  commits: readonly CommitSpec[],
  options: { bare?: boolean; name?: string } = {},
): TestGitRepo {
  const root = mkdtempSync(join(tmpdir(), 'shipwatch-test-repo-'));
  const work = join(root, 'work');
  mkdirSync(work);
  git(work, ['init', '--quiet', '--initial-branch=main']);
  let target = work;
  if (options.bare) {
    target = join(root, options.name ?? 'repo.git');
    git(root, ['init', '--quiet', '--bare', '--initial-branch=main', target]);
    git(work, ['remote', 'add', 'origin', target]);
  }
  git(target, ['config', 'uploadpack.allowFilter', 'true']);
  git(target, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  git(target, ['config', 'http.receivepack', 'false']);
  const commit = (spec: CommitSpec): string => {
    for (const [path, content] of Object.entries(spec.files)) {
      const file = join(work, path);
      if (content === null) {
        git(work, ['rm', '--quiet', '--', path]);
        continue;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      git(work, ['add', '--', path]);
    }
    const date = spec.date ?? '2026-01-02T03:04:05Z';
    git(work, ['commit', '--quiet', '--allow-empty', '-m', spec.message ?? 'update'], {
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    });
    if (options.bare) git(work, ['push', '--quiet', 'origin', 'main']);
    return git(work, ['rev-parse', 'HEAD']);
  };
  for (const spec of commits) commit(spec);
  return {
    path: target,
    url: pathToFileURL(target).href,
    commit,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A route the git server answers itself (anything that is not a git request). */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface GitHttpServer {
  /** `http://127.0.0.1:PORT`; repository `<root>/x.git` is `<url>/x.git`. */
  url: string;
  /** Paths requested so far. */
  requests: string[];
  /** Stops the server and any git http-backend still running. */
  close(): Promise<void>;
}

/**
 * Serves every repository under `root` over smart HTTP through `git http-backend`, on
 * 127.0.0.1 and a free port. `extra` sees each request first (RPC JSON beside the git repos).
 */
export async function serveGitHttp(root: string, extra?: ExtraRoute): Promise<GitHttpServer> {
  const requests: string[] = [];
  const children = new Set<ReturnType<typeof spawn>>();
  const server = createServer((req, res) => {
    requests.push(req.url ?? '/');
    if (extra?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const child = spawn('git', ['http-backend'], {
      env: {
        ...GIT_ENV,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    children.add(child);
    child.on('close', () => children.delete(child));
    req.pipe(child.stdin);
    // CGI output: header lines, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    child.stdout.on('end', () => {
      if (!headersDone) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    async close() {
      for (const child of children) child.kill('SIGKILL');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
