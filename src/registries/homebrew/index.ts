/**
 * @module Homebrew tap: the formula (or cask) file on the default branch of the tap's git repository is the
 * truth: its version, and each url with its sha256. The date is the last commit that touched
 * the file, when the fetched history shows it.
 */
import { RegistryResponseError } from '../../errors.ts';
import {
  fileNameOf,
  readFirstFile,
  readNotes,
  repoTarget,
  sameVersion,
  snapshotOptions,
  withNotes,
} from '../git/git-channel.ts';
import { withGitSnapshot } from '../git/snapshot.ts';
import { observe } from '../http.ts';
import type { RegistryAdapter } from '../types.ts';
import { parseFormula } from './parse-formula.ts';

const ID = 'homebrew';
/** Enough history to date a formula bumped in the last few dozen commits, still a small fetch. */
const HISTORY_DEPTH = 50;

/** Where a tap may keep `name`: brew's own search order, then casks. */
export function formulaPaths(name: string): string[] {
  const first = name.charAt(0).toLowerCase();
  return [
    `Formula/${name}.rb`,
    `Formula/${first}/${name}.rb`,
    `HomebrewFormula/${name}.rb`,
    // Projects that keep their formula in the product repo rather than a tap.
    `homebrew/${name}.rb`,
    `${name}.rb`,
    `Casks/${name}.rb`,
    `Casks/${first}/${name}.rb`,
  ];
}

export const homebrew = {
  id: ID,
  displayName: 'Homebrew tap',
  defaultBaseUrl: 'https://github.com',
  baseUrlKind: 'git',
  packageFormat:
    '`owner/homebrew-tap/formula` (a tap repo on GitHub; `owner/tap/formula` adds the homebrew- prefix like brew tap), `formula` for Homebrew/homebrew-core, or `formula` with --registry <git repo>',
  capabilities: {
    seesPending: false,
    exposesChecksums: true,
    needsToken: 'optional',
    tokenEnv: ['HOMEBREW_GITHUB_API_TOKEN', 'GITHUB_TOKEN'],
    // Absent = no formula on the default branch of a repository that cloned; a repository git cannot fetch is an error.
    absentIs: 'in-answer',
    notes:
      "Reads Formula/<name>.rb (or Casks/) on the default branch of the tap (a remote's HEAD, by a shallow partial git clone; a local path's origin/HEAD, main or master, not its checkout): version, url and sha256 per platform. A bump PR not yet merged is invisible (absent). Date = last commit touching the file within the last 50. Token only for private taps. Names match in any letter case, as brew and scoop read them (the reason then names the file read).",
  },
  check(pkg, version, ctx) {
    return observe(ID, pkg, version, ctx, async (track) => {
      const target = repoTarget(pkg, ctx, {
        example: '`owner/homebrew-tap/formula`',
        fallbackRepo: 'Homebrew/homebrew-core',
        repoName: (name) => (name.startsWith('homebrew-') ? name : `homebrew-${name}`),
      });
      track.url = target.location;
      const what = `Homebrew tap ${target.repo ?? target.location}`;
      return withGitSnapshot(
        target.location,
        snapshotOptions(ctx, what, { depth: HISTORY_DEPTH }),
        async (snap) => {
          const short = snap.head.slice(0, 12);
          const found = await readFirstFile(snap, formulaPaths(target.item));
          if (found === undefined) {
            return withNotes(
              {
                verdict: 'absent',
                url: target.location,
                reason: `${what} has no formula or cask named ${target.item} at ${short} (looked in Formula/, Casks/, HomebrewFormula/, homebrew/ and the root)`,
              },
              readNotes(snap),
            );
          }
          const { path, text } = found;
          const notes = readNotes(snap, found, target.item);
          const where = `${path} at ${short}`;
          const formula = parseFormula(text);
          if (formula.problems.length > 0) {
            throw new RegistryResponseError(
              `${what}: ${where} is not a usable ${formula.kind}: ${formula.problems.join('; ')}`,
            );
          }
          if (formula.version === undefined) {
            throw new RegistryResponseError(
              `${what}: ${where} has no \`version\` and none can be read from its url ${formula.artifacts[0]?.url ?? ''}`,
            );
          }
          if (!sameVersion(formula.version, version)) {
            return withNotes(
              {
                verdict: 'absent',
                url: target.location,
                reason: `${what} has ${target.item} ${formula.version} (${where}), not ${version}`,
              },
              notes,
            );
          }
          const change = await snap.lastChange(path);
          return withNotes(
            {
              verdict: 'present',
              url: target.location,
              ...(change ? { publishedAt: change.date } : {}),
              artifacts: formula.artifacts.map((a) => {
                const name = fileNameOf(a.url);
                return { ...(name ? { name } : {}), url: a.url, ...(a.sha256 ? { sha256: a.sha256 } : {}) };
              }),
            },
            notes,
          );
        },
      );
    });
  },
} satisfies RegistryAdapter;
