/**
 * @module Scoop bucket: the app manifest (`bucket/<app>.json`) on the default branch of the bucket's git
 * repository is the truth: `version`, and each url with its hash (per architecture).
 */
import { RegistryResponseError, UsageError } from '../../errors.ts';
import {
  readFirstFile,
  readNotes,
  repoTarget,
  sameVersion,
  snapshotOptions,
  withNotes,
} from '../git/git-channel.ts';
import { withGitSnapshot } from '../git/snapshot.ts';
import { observe, parseBody } from '../http.ts';
import type { RegistryAdapter } from '../types.ts';
import { manifestArtifacts } from './manifest-artifacts.ts';
import { ScoopManifest } from './schema.ts';

/** An app name as `scoop install` parses it (lib/core.ps1 parse_app): the manifest's file name. */
const APP_NAME = /^[a-zA-Z0-9_.-]+$/;

const ID = 'scoop';
const HISTORY_DEPTH = 50;

export const scoop = {
  id: ID,
  displayName: 'Scoop bucket',
  defaultBaseUrl: 'https://github.com',
  baseUrlKind: 'git',
  packageFormat:
    '`owner/scoop-bucket/app` (a bucket repo on GitHub), `app` for ScoopInstaller/Main, or `app` with --registry <git repo>',
  capabilities: {
    seesPending: false,
    exposesChecksums: true,
    needsToken: 'optional',
    tokenEnv: ['GITHUB_TOKEN'],
    // Absent = no manifest on the default branch of a bucket that cloned; a bucket git cannot fetch is an error.
    absentIs: 'in-answer',
    notes:
      "Reads bucket/<app>.json (or <app>.json at the root) on the default branch of the bucket (a remote's HEAD, by a shallow partial git clone; a local path's origin/HEAD, main or master, not its checkout): version, url and hash per architecture (bare hex = sha256). Date = last commit touching the manifest within the last 50. Token only for private buckets. Names match in any letter case, as brew and scoop read them (the reason then names the file read).",
  },
  check(pkg, version, ctx) {
    return observe(ID, pkg, version, ctx, async (track) => {
      const target = repoTarget(pkg, ctx, {
        example: '`owner/scoop-bucket/app`',
        fallbackRepo: 'ScoopInstaller/Main',
      });
      // Bad input, not a bucket answer: exit 2, checked before git runs (a missing file reads "absent").
      if (!APP_NAME.test(target.item)) {
        throw new UsageError(
          `'${target.item}' is not a valid Scoop app name (letters, digits, '.', '_', '-': the manifest's file name)`,
        );
      }
      track.url = target.location;
      const what = `Scoop bucket ${target.repo ?? target.location}`;
      return withGitSnapshot(
        target.location,
        snapshotOptions(ctx, what, { depth: HISTORY_DEPTH }),
        async (snap) => {
          const short = snap.head.slice(0, 12);
          const found = await readFirstFile(snap, [`bucket/${target.item}.json`, `${target.item}.json`]);
          if (found === undefined) {
            return withNotes(
              {
                verdict: 'absent',
                url: target.location,
                reason: `${what} has no manifest for ${target.item} at ${short} (looked for bucket/${target.item}.json and ${target.item}.json)`,
              },
              readNotes(snap),
            );
          }
          const { path, text } = found;
          const notes = readNotes(snap, found, target.item);
          const where = `${path} at ${short}`;
          // Editors on Windows save a BOM; JSON.parse refuses it.
          const manifest = parseBody(text.replace(/^\uFEFF/, ''), ScoopManifest, `${what}: ${where}`);
          if (!sameVersion(manifest.version, version)) {
            return withNotes(
              {
                verdict: 'absent',
                url: target.location,
                reason: `${what} has ${target.item} ${manifest.version} (${where}), not ${version}`,
              },
              notes,
            );
          }
          const { artifacts, problems } = manifestArtifacts(manifest);
          if (problems.length > 0) {
            throw new RegistryResponseError(
              `${what}: ${where} is not a usable manifest: ${problems.join('; ')}`,
            );
          }
          const change = await snap.lastChange(path);
          return withNotes(
            {
              verdict: 'present',
              url: target.location,
              ...(change ? { publishedAt: change.date } : {}),
              artifacts,
            },
            notes,
          );
        },
      );
    });
  },
} satisfies RegistryAdapter;
