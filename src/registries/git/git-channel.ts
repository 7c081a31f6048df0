/**
 * @module What the git-backed adapters (Homebrew tap, Scoop bucket, Winget) share: turning
 * `owner/repo/item` (or just `item` with a `--registry` repository) into a clone location,
 * version comparison, and the artifact name of a download url.
 */
import { UsageError } from '../../errors.ts';
import type { ObservationBody } from '../http.ts';
import type { RegistryContext } from '../types.ts';
import type { GitReadOptions, GitSnapshot } from './snapshot.ts';

export interface RepoTarget {
  /** What git clones: the override, or `https://github.com/<owner>/<repo>.git`. */
  location: string;
  /** `owner/repo` when the package named it, for messages. */
  repo: string | undefined;
  /** The formula, cask or app name (last segment of the package). */
  item: string;
}

/**
 * `owner/repo/item` → GitHub repository + item; `item` alone needs `--registry` or `fallbackRepo`.
 * `repoName` adjusts the repository part (Homebrew's `homebrew-` prefix).
 */
export function repoTarget(
  pkg: string,
  ctx: Pick<RegistryContext, 'baseUrl'>,
  options: { fallbackRepo?: string; repoName?: (name: string) => string; example: string },
): RepoTarget {
  const parts = pkg.split('/').map((p) => p.trim());
  if (parts.some((p) => p === '' || p === '.' || p === '..') || parts.length > 3 || parts.length === 2) {
    throw new UsageError(`package '${pkg}' must look like ${options.example}`);
  }
  const item = parts.at(-1) ?? '';
  const named =
    parts.length === 3 ? `${parts[0]}/${(options.repoName ?? ((n) => n))(parts[1] ?? '')}` : undefined;
  if (ctx.baseUrl) return { location: ctx.baseUrl, repo: named, item };
  const repo = named ?? options.fallbackRepo;
  if (!repo)
    throw new UsageError(`package '${pkg}' must look like ${options.example} (or pass --registry <repo>)`);
  return { location: `https://github.com/${repo}.git`, repo, item };
}

/** The snapshot options every git-backed adapter passes: the context's deadline, env, logger, signal, token. */
export function snapshotOptions(
  ctx: Pick<RegistryContext, 'timeoutMs' | 'env' | 'logger' | 'signal' | 'token'>,
  what: string,
  clone: Pick<GitReadOptions, 'depth' | 'filter'>,
): GitReadOptions {
  return {
    what,
    timeoutMs: ctx.timeoutMs,
    env: ctx.env,
    logger: ctx.logger,
    ...clone,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.token ? { token: ctx.token } : {}),
  };
}

/** A file found by `readFirstFile`. */
export interface FoundFile {
  path: string;
  text: string;
  /** False when only another letter case of the file name exists (`bucket/frag.json` for `Frag`). */
  exact: boolean;
}

/**
 * The first of `candidates` that exists, with its text; undefined when none does. When no
 * candidate exists as spelled, the same names in another letter case are tried, because the
 * tools read them that way (`scoop install Frag` finds `bucket/frag.json`, brew downcases names).
 */
export async function readFirstFile(
  snap: Pick<GitSnapshot, 'readFile' | 'listDir'>,
  candidates: readonly string[],
): Promise<FoundFile | undefined> {
  for (const path of candidates) {
    const text = await snap.readFile(path);
    if (text !== undefined) return { path, text, exact: true };
  }
  for (const path of candidates) {
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const wanted = path.slice(slash + 1).toLowerCase();
    const matches = ((await snap.listDir(dir)) ?? []).filter(
      (e) => e.type === 'blob' && e.name.toLowerCase() === wanted,
    );
    // Prefer the all-lower-case spelling (the name brew and scoop normalise to) when several exist.
    const match = matches.find((e) => e.name === wanted) ?? matches[0];
    if (!match) continue;
    const found = `${dir ? `${dir}/` : ''}${match.name}`;
    const text = await snap.readFile(found);
    if (text !== undefined) return { path: found, text, exact: false };
  }
  return undefined;
}

/** What was read when it is not simply what was asked for: another branch, another letter case. */
export function readNotes(snap: Pick<GitSnapshot, 'note'>, found?: FoundFile, asked?: string): string[] {
  return [
    ...(found && !found.exact
      ? [`read ${found.path} for ${asked ?? 'the name asked'} (names are case-insensitive)`]
      : []),
    ...(snap.note ? [snap.note] : []),
  ];
}

/** Adds notes about what was read to the observation's reason (a present one gets them as its reason). */
export function withNotes(body: ObservationBody, notes: readonly string[]): ObservationBody {
  if (notes.length === 0) return body;
  const extra = notes.join('; ');
  return { ...body, reason: body.reason ? `${body.reason}; ${extra}` : extra };
}

/** Same version, ignoring a leading `v` on either side. */
export function sameVersion(a: string, b: string): boolean {
  const strip = (v: string) => v.trim().replace(/^v(?=\d)/i, '');
  return strip(a) === strip(b);
}

/** Last path segment of a download url (fragment and query dropped), for `ArtifactEvidence.name`. */
export function fileNameOf(url: string): string | undefined {
  const path = url.split(/[?#]/)[0] ?? '';
  const name = decodeURIComponentSafe(path.slice(path.lastIndexOf('/') + 1));
  return name || undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
