/**
 * @module Reads files at HEAD of a git repository (remote or local) for the git-backed channels:
 * a shallow, partial clone (`--depth N --filter=blob:none|tree:0 --no-checkout`) into a private
 * temp dir, lazy reads with `git ls-tree` / `git cat-file`, and the temp dir removed afterwards
 * whatever happens. One deadline covers the clone and every read.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, RegistryResponseError, RegistryUnavailableError } from '../../errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { redact, registerSecret } from '../../shared/redact.ts';
import { isHttpLocation } from './location.ts';
import {
  GitAbortedError,
  GitOutputTooLargeError,
  gitEnvironment,
  type GitRunResult,
  runGit,
} from './run-git.ts';

/** One entry of a directory at HEAD. */
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

/** A cloned repository, readable at HEAD while the callback of `withGitSnapshot` runs. */
export interface GitSnapshot {
  /** The repository as given (redacted), for messages. */
  readonly location: string;
  /** Commit id of HEAD. */
  readonly head: string;
  /** Text of the file at HEAD, or undefined when HEAD has no file at that path. */
  readFile(path: string): Promise<string | undefined>;
  /** Entries of a directory at HEAD, or undefined when there is no such directory. */
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
 * Clones `location`, runs `fn` against HEAD, removes the clone. Clone failures throw
 * RegistryUnavailableError (network, 5xx, timeout) or RegistryResponseError (no such repository,
 * auth), with git's own one-line reason.
 */
export async function withGitSnapshot<T>(
  location: string,
  options: GitReadOptions,
  fn: (snapshot: GitSnapshot) => Promise<T>,
): Promise<T> {
  const shown = redact(location);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const token = options.token && isHttpLocation(location) ? options.token : undefined;
  if (token) {
    registerSecret(token);
    registerSecret(Buffer.from(`x-access-token:${token}`).toString('base64'));
  }
  const env = gitEnvironment(options.env, token);
  const dir = await mkdtemp(join(tmpdir(), 'shipwatch-git-'));
  const clone = join(dir, 'repo');
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
    const headResult = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], clone);
    const head = headResult.stdout.toString('utf8').trim();
    if (headResult.code !== 0 || !head) {
      throw new RegistryResponseError(`${options.what}: ${shown} has no commits on its default branch`);
    }
    const snapshot = createSnapshot(shown, head, clone, options.what, git);
    return await fn(snapshot);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function createSnapshot(
  shown: string,
  head: string,
  clone: string,
  what: string,
  git: (args: readonly string[], cwd?: string) => Promise<GitRunResult>,
): GitSnapshot {
  const failed = (action: string, result: GitRunResult): Error =>
    // A lazy fetch of a missing object goes back to the remote: failures there are transport ones.
    new RegistryUnavailableError(`${what}: ${action} in ${shown} failed (${lastLine(result.stderr)})`);

  const lsTree = async (args: readonly string[], action: string) => {
    const result = await git(['ls-tree', '-z', ...args], clone);
    if (result.code !== 0) throw failed(action, result);
    return parseLsTree(result.stdout.toString('utf8'));
  };

  return {
    location: shown,
    head,
    async readFile(path) {
      const entries = await lsTree(['HEAD', '--', path], `listing ${path}`);
      const entry = entries.find((e) => e.path === path);
      if (entry?.type !== 'blob') return undefined;
      const result = await git(['cat-file', 'blob', entry.oid], clone);
      if (result.code !== 0) throw failed(`reading ${path}`, result);
      return result.stdout.toString('utf8');
    },
    async listDir(path) {
      const prefix = `${path.replace(/\/+$/, '')}/`;
      const entries = await lsTree(['HEAD', '--', prefix], `listing ${prefix}`);
      if (entries.length === 0) return undefined;
      return entries
        .filter((e) => e.path.startsWith(prefix))
        .map((e) => ({ name: e.path.slice(prefix.length), type: e.type }));
    },
    async lastChange(path) {
      const boundaries = await shallowCommits(clone);
      if (boundaries.has(head)) return undefined;
      const result = await git(['log', '-1', '--format=%H%x00%cI', 'HEAD', '--', path], clone);
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

async function shallowCommits(clone: string): Promise<Set<string>> {
  try {
    const text = await readFile(join(clone, '.git', 'shallow'), 'utf8');
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
