/**
 * @module Which repository: `--repo owner/name`, or the `origin` remote of the git checkout in cwd.
 */
import { execFile } from 'node:child_process';
import { UsageError } from '../errors.ts';

export interface RepoRef {
  owner: string;
  repo: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** Parses `owner/name`; throws UsageError naming the flag when it is malformed. */
export function parseRepoFlag(value: string): RepoRef {
  const parts = value
    .trim()
    .replace(/\.git$/, '')
    .split('/');
  const [owner, repo] = parts;
  if (parts.length !== 2 || !owner || !repo || !NAME.test(owner) || !NAME.test(repo)) {
    throw new UsageError(`--repo: expected owner/name, got '${value}'`);
  }
  return { owner, repo };
}

/**
 * Extracts owner/name from a git remote URL: https://host/o/r(.git), git@host:o/r(.git),
 * ssh://git@host/o/r(.git). Returns undefined for anything else.
 */
export function repoFromRemoteUrl(url: string): RepoRef | undefined {
  const trimmed = url.trim();
  const match =
    /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?[^/]+\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(trimmed) ??
    /^[^@\s]+@[^:\s]+:([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(trimmed);
  if (!match?.[1] || !match[2]) return undefined;
  if (!NAME.test(match[1]) || !NAME.test(match[2])) return undefined;
  return { owner: match[1], repo: match[2] };
}

function gitRemoteUrl(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['remote', 'get-url', 'origin'], { cwd, timeout: 5000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim());
    });
  });
}

export async function resolveRepo(options: { flag?: string | undefined; cwd: string }): Promise<RepoRef> {
  if (options.flag !== undefined) return parseRepoFlag(options.flag);
  const url = await gitRemoteUrl(options.cwd);
  if (!url) {
    throw new UsageError(
      `no --repo given and ${options.cwd} has no git remote 'origin'; pass --repo owner/name`,
    );
  }
  const ref = repoFromRemoteUrl(url);
  if (!ref)
    throw new UsageError(`cannot read owner/name from the git remote '${url}'; pass --repo owner/name`);
  return ref;
}
