/**
 * @module Reads files on the default branch of a git repository for the git-backed channels.
 * A remote one: a shallow, partial clone (`--depth N --filter=blob:none|tree:0 --no-checkout`) of
 * its HEAD (the remote's default branch) into a private temp dir, removed afterwards whatever
 * happens. A local path or file:// URL is read in place, at its default branch rather than the
 * checked-out one (see `localDefault`). Lazy reads with `git ls-tree` / `git cat-file`; one
 * deadline covers the clone and every read.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, RegistryResponseError, RegistryUnavailableError } from '../../errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { deadline } from '../../shared/deadline.ts';
import { redact, registerSecret } from '../../shared/redact.ts';
import { isHttpLocation, isLocalLocation } from './location.ts';
import {
  GitAbortedError,
  GitOutputTooLargeError,
  gitEnvironment,
  type GitRunResult,
  runGit,
} from './run-git.ts';

/** One entry of a directory of the commit read. */
export interface GitTreeEntry {
  /** Name inside the directory (no slashes). */
  name: string;
  /** `blob` file, `tree` directory, `commit` submodule. */
  type: 'blob' | 'tree' | 'commit';
}

/** The last commit that changed a path, as far as the fetched history shows it. */
export interface GitChange {
  commit: string;
  /** Committer date, ISO 8601. */
  date: string;
}

/** A repository, readable at one commit of its default branch while the callback of `withGitSnapshot` runs. */
export interface GitSnapshot {
  /** The repository as given (redacted), for messages. */
  readonly location: string;
  /** Commit id read: the remote's HEAD, or the local repository's default branch. */
  readonly head: string;
  /**
   * Set when what was read is not plainly the default branch, or differs from the local checkout,
   * e.g. `read branch main (abc…), not the checked-out bump-1.2.4 (def…)`; adapters add it to the reason.
   */
  readonly note?: string;
  /** Text of the file at `head`, or undefined when there is no file at that path. */
  readFile(path: string): Promise<string | undefined>;
  /** Entries of a directory at `head` ('' = the top folder), or undefined when there is no such directory. */
  listDir(path: string): Promise<GitTreeEntry[] | undefined>;
  /**
   * Last commit that touched `path`; undefined when the shallow history cannot tell (the commit
   * found is a shallow boundary, which only seems to add every file).
   */
  lastChange(path: string): Promise<GitChange | undefined>;
}

export interface GitReadOptions {
  /** Label for messages, e.g. `Homebrew tap acme/homebrew-tap`. */
  what: string;
  /** Deadline for the whole session (clone plus reads), in ms. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Environment the git child starts from (PATH, HOME, proxies). */
  env: Readonly<Record<string, string | undefined>>;
  /** Sent as HTTP basic auth (`x-access-token`) to http(s) locations only. */
  token?: string;
  /** Commits to fetch; more makes `lastChange` visible more often. Default 1. */
  depth?: number;
  /** `blob:none` (default: all trees of the fetched commits) or `tree:0` (huge repos: trees on demand). */
  filter?: 'blob:none' | 'tree:0';
  logger?: Logger;
}

/**
 * Opens `location` (clone of a remote, or a local repository in place), runs `fn` against its
 * default branch, removes any clone. Failures throw RegistryUnavailableError (network, 5xx,
 * timeout) or RegistryResponseError (no such repository, auth), with git's own one-line reason.
 */
export async function withGitSnapshot<T>(
  location: string,
  options: GitReadOptions,
  fn: (snapshot: GitSnapshot) => Promise<T>,
): Promise<T> {
  const shown = redact(location);
  // Not AbortSignal.any + AbortSignal.timeout: a GC can drop that timer (shared/deadline.ts).
  const limit = deadline(options.timeoutMs, [options.signal]);
  const { signal } = limit;
  try {
    const token = options.token && isHttpLocation(location) ? options.token : undefined;
    if (token) {
      registerSecret(token);
      registerSecret(Buffer.from(`x-access-token:${token}`).toString('base64'));
    }
    const env = gitEnvironment(options.env, token);
    const git = async (args: readonly string[], cwd?: string): Promise<GitRunResult> => {
      try {
        return await runGit(args, { env, signal, ...(cwd ? { cwd } : {}) });
      } catch (error) {
        if (error instanceof GitAbortedError) {
          if (options.signal?.aborted) {
            throw new RegistryUnavailableError(`${options.what}: reading ${shown} was cancelled`);
          }
          throw new RegistryUnavailableError(
            `${options.what}: git did not finish reading ${shown} within ${options.timeoutMs} ms`,
          );
        }
        if (error instanceof GitOutputTooLargeError) {
          throw new RegistryResponseError(`${options.what}: ${error.message}`);
        }
        const code = (error as { code?: unknown }).code;
        if (code === 'ENOENT')
          throw new AppError('CONFIG', `${options.what}: git is not installed (not on PATH)`);
        throw error;
      }
    };
    if (isLocalLocation(location)) {
      const source = await openLocal(location, shown, options.what, git);
      try {
        return await fn(createSnapshot(shown, source, options.what, git));
      } catch (error) {
        // "Formula/x.rb is not usable" must also say it was read on a branch other than the checkout.
        if (
          source.note &&
          error instanceof RegistryResponseError &&
          error.constructor === RegistryResponseError
        )
          throw new RegistryResponseError(`${error.message}; ${source.note}`, { cause: error });
        throw error;
      }
    }
    const dir = await mkdtemp(join(tmpdir(), 'shipwatch-git-'));
    const clone = join(dir, 'repo');
    try {
      options.logger?.debug({ location: shown, depth: options.depth ?? 1 }, 'git clone');
      const cloned = await git([
        'clone',
        '--quiet',
        '--no-checkout',
        '--single-branch',
        '--no-tags',
        `--depth=${options.depth ?? 1}`,
        `--filter=${options.filter ?? 'blob:none'}`,
        '--',
        location,
        clone,
      ]);
      if (cloned.code !== 0) throw cloneError(options.what, shown, cloned.stderr);
      const head = await commitOf(git, join(clone, '.git'), 'HEAD');
      if (!head) {
        throw new RegistryResponseError(`${options.what}: ${shown} has no commits on its default branch`);
      }
      const snapshot = createSnapshot(shown, { gitDir: join(clone, '.git'), head }, options.what, git);
      return await fn(snapshot);
    } finally {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  } finally {
    limit.clear();
  }
}

type Git = (args: readonly string[], cwd?: string) => Promise<GitRunResult>;

/** A repository ready to read: its git directory and the commit to read. */
interface Source {
  gitDir: string;
  head: string;
  note?: string;
}

/** `git --git-dir=<dir> …`: plumbing reads that use neither a work tree nor the caller's directory. */
const inRepo = (gitDir: string, args: readonly string[]): string[] => [`--git-dir=${gitDir}`, ...args];

async function commitOf(git: Git, gitDir: string, rev: string): Promise<string | undefined> {
  const result = await git(inRepo(gitDir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]), gitDir);
  const oid = result.stdout.toString('utf8').trim();
  return result.code === 0 && oid ? oid : undefined;
}

/**
 * A local repository (a tap's working copy, often an `actions/checkout` of a pull request) is read
 * in place at its default branch, never at whatever is checked out: a bump branch that is not
 * merged must not read as published. The default is `origin/HEAD` when the copy has one, else
 * `main`, else `master`; only when none exists is HEAD read, and the note says so.
 */
async function openLocal(location: string, shown: string, what: string, git: Git): Promise<Source> {
  let path: string;
  try {
    path = resolve(location.startsWith('file://') ? fileURLToPath(location) : location);
  } catch {
    throw new RegistryResponseError(`${what}: ${shown} is not a local path git can read`);
  }
  const found = await git(['-C', path, 'rev-parse', '--absolute-git-dir', '--show-cdup'], undefined);
  const [gitDir, cdup] = found.stdout.toString('utf8').split('\n');
  if (found.code !== 0 || !gitDir) {
    throw new RegistryResponseError(`${what}: no git repository at ${shown} (${lastLine(found.stderr)})`);
  }
  // A folder inside some other repository is not the tap: reading that repository's root would mislead.
  if (cdup) {
    throw new RegistryResponseError(
      `${what}: ${shown} is a folder inside a git repository, not its top (pass the repository's top folder)`,
    );
  }
  const refs = await git(
    inRepo(gitDir, [
      'for-each-ref',
      '--format=%(refname)%00%(symref)',
      'refs/remotes/origin/HEAD',
      'refs/heads/main',
      'refs/heads/master',
    ]),
    gitDir,
  );
  const listed = new Map(
    refs.stdout
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\0') as [string, string]),
  );
  const checkedOut = (await git(inRepo(gitDir, ['symbolic-ref', '--quiet', 'HEAD']), gitDir)).stdout
    .toString('utf8')
    .trim();
  const headCommit = await commitOf(git, gitDir, 'HEAD');
  const checkedOutName = checkedOut
    ? `the checked-out ${checkedOut.replace(/^refs\/heads\//, '')}`
    : 'the checked-out HEAD';
  const short = (oid: string) => oid.slice(0, 12);
  const originHead = listed.get('refs/remotes/origin/HEAD');
  const candidates = [
    ...(originHead ? [{ ref: originHead, name: originHead.replace(/^refs\/remotes\//, '') }] : []),
    ...['main', 'master']
      .filter((b) => listed.has(`refs/heads/${b}`))
      .map((b) => ({ ref: `refs/heads/${b}`, name: b })),
  ];
  for (const { ref, name } of candidates) {
    const head = await commitOf(git, gitDir, ref);
    if (!head) continue;
    if (head === headCommit) return { gitDir, head };
    return {
      gitDir,
      head,
      note: `read the default branch ${name} (${short(head)}), not ${checkedOutName}${headCommit ? ` (${short(headCommit)})` : ''}`,
    };
  }
  if (!headCommit) {
    throw new RegistryResponseError(`${what}: ${shown} has no commits on its default branch`);
  }
  // A detached checkout (what actions/checkout leaves in a pull request) with no default ref to
  // compare: its commit may be an unmerged bump. Say we cannot tell rather than read it as the truth.
  if (!checkedOut) {
    throw new RegistryResponseError(
      `${what}: ${shown} has a detached HEAD (${short(headCommit)}) and no origin/HEAD, main or master: cannot tell which commit is its default branch (check out the default branch, or fetch origin's HEAD)`,
    );
  }
  return {
    gitDir,
    head: headCommit,
    note: `read ${checkedOutName} (${short(headCommit)}): the repository has no origin/HEAD, main or master to read instead`,
  };
}

function createSnapshot(shown: string, source: Source, what: string, git: Git): GitSnapshot {
  const { gitDir, head } = source;
  const failed = (action: string, result: GitRunResult): Error =>
    // A lazy fetch of a missing object goes back to the remote: failures there are transport ones.
    new RegistryUnavailableError(`${what}: ${action} in ${shown} failed (${lastLine(result.stderr)})`);

  const lsTree = async (args: readonly string[], action: string) => {
    const result = await git(inRepo(gitDir, ['ls-tree', '-z', ...args]), gitDir);
    if (result.code !== 0) throw failed(action, result);
    return parseLsTree(result.stdout.toString('utf8'));
  };

  return {
    location: shown,
    head,
    ...(source.note ? { note: source.note } : {}),
    async readFile(path) {
      const entries = await lsTree([head, '--', path], `listing ${path}`);
      const entry = entries.find((e) => e.path === path);
      if (entry?.type !== 'blob') return undefined;
      const result = await git(inRepo(gitDir, ['cat-file', 'blob', entry.oid]), gitDir);
      if (result.code !== 0) throw failed(`reading ${path}`, result);
      return result.stdout.toString('utf8');
    },
    async listDir(path) {
      const dir = path.replace(/\/+$/, '');
      // '' is the repository's top folder.
      const prefix = dir ? `${dir}/` : '';
      const entries = await lsTree(
        prefix ? [head, '--', prefix] : [head],
        `listing ${prefix || 'the top folder'}`,
      );
      if (entries.length === 0) return undefined;
      return entries
        .filter((e) => e.path.startsWith(prefix))
        .map((e) => ({ name: e.path.slice(prefix.length), type: e.type }));
    },
    async lastChange(path) {
      const boundaries = await shallowCommits(gitDir);
      if (boundaries.has(head)) return undefined;
      const result = await git(inRepo(gitDir, ['log', '-1', '--format=%H%x00%cI', head, '--', path]), gitDir);
      if (result.code !== 0) throw failed(`reading the history of ${path}`, result);
      const [commit, date] = result.stdout.toString('utf8').trim().split('\0');
      if (!commit || !date || boundaries.has(commit)) return undefined;
      return { commit, date: new Date(date).toISOString() };
    },
  };
}

interface LsTreeEntry {
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  path: string;
}

function parseLsTree(text: string): LsTreeEntry[] {
  const entries: LsTreeEntry[] = [];
  for (const record of text.split('\0')) {
    const match = /^\d+ (blob|tree|commit) ([0-9a-f]+)\t([\s\S]+)$/.exec(record);
    if (match)
      entries.push({ type: match[1] as LsTreeEntry['type'], oid: match[2] ?? '', path: match[3] ?? '' });
  }
  return entries;
}

async function shallowCommits(gitDir: string): Promise<Set<string>> {
  try {
    const text = await readFile(join(gitDir, 'shallow'), 'utf8');
    return new Set(text.split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

/** git's last `fatal:`/`error:` line, or its last line. */
function lastLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const fatal = lines.filter((l) => /^(fatal|error):/.test(l));
  return redact((fatal.at(-1) ?? lines.at(-1) ?? 'no message').slice(0, 300));
}

const NOT_FOUND =
  /repository '.*' not found|not found|does not exist|does not appear to be a git repository|returned error: 404/i;
const AUTH =
  /could not read (username|password)|authentication failed|returned error: 40[13]|permission denied|terminal prompts disabled/i;
const TRANSIENT =
  /returned error: (429|5\d\d)|could not resolve host|failed to connect|connection refused|connection timed out|timed out|early eof|rpc failed|connection reset|the remote end hung up/i;

/** Words a clone failure: not found and auth are answers (response errors), network trouble is not. */
function cloneError(what: string, shown: string, stderr: string): AppError {
  const line = lastLine(stderr);
  const status = /returned error: (\d{3})/.exec(stderr)?.[1];
  if (AUTH.test(stderr)) {
    return new RegistryResponseError(
      `${what}: git clone ${shown} was refused (${line}): the repository is private (set a token) or does not exist`,
    );
  }
  if (NOT_FOUND.test(stderr) && !TRANSIENT.test(stderr.replace(/returned error: 404/i, ''))) {
    return new RegistryResponseError(`${what}: no git repository at ${shown} (${line})`);
  }
  if (TRANSIENT.test(stderr)) {
    return new RegistryUnavailableError(
      `${what}: git clone ${shown} failed (${line})`,
      status ? Number(status) : undefined,
    );
  }
  return new RegistryResponseError(`${what}: git clone ${shown} failed (${line})`);
}
