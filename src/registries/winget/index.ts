/**
 * @module Winget: the installer manifest in the winget-pkgs layout
 * (`manifests/<first letter>/<Publisher>/<Name>/<version>/<Id>.installer.yaml`) on the default branch of the
 * manifests repository: merged means present. Each installer's InstallerUrl + InstallerSha256.
 */
import { parse as parseYaml } from 'yaml';
import { RegistryResponseError, UsageError } from '../../errors.ts';
import { fileNameOf, readNotes, snapshotOptions, withNotes } from '../git/git-channel.ts';
import { type GitSnapshot, withGitSnapshot } from '../git/snapshot.ts';
import { observe } from '../http.ts';
import type { ArtifactEvidence, RegistryAdapter } from '../types.ts';
import { WingetInstallerManifest } from './schema.ts';

const ID = 'winget';
const DEFAULT_REPO = 'https://github.com/microsoft/winget-pkgs.git';
const IDENTIFIER = /^[^./\\\s]+(?:\.[^./\\\s]+)+$/;

/** `Acme.Widget` → `manifests/a/Acme/Widget` (only the first letter is lower-cased). */
export function packageDir(identifier: string): string {
  return `manifests/${identifier.charAt(0).toLowerCase()}/${identifier.split('.').join('/')}`;
}

export const winget = {
  id: ID,
  displayName: 'Winget',
  defaultBaseUrl: 'https://github.com/microsoft/winget-pkgs',
  baseUrlKind: 'git',
  packageFormat: 'package identifier, e.g. `Acme.Widget` (case as in winget-pkgs)',
  capabilities: {
    seesPending: false,
    exposesChecksums: true,
    needsToken: 'optional',
    tokenEnv: ['GITHUB_TOKEN'],
    // Absent = no manifest on the default branch of a repository that cloned; a repository git cannot fetch is an error.
    absentIs: 'in-answer',
    notes:
      'Reads the installer manifest on the default branch of microsoft/winget-pkgs (or --registry <git repo>; a local one at its origin/HEAD, main or master, not its checkout) with a depth-1, tree:0 clone: merged = present; an open or closed PR is absent (PRs are not read). InstallerSha256 per installer. No date from a depth-1 clone (full-history local repos give one).',
  },
  check(pkg, version, ctx) {
    return observe(ID, pkg, version, ctx, async (track) => {
      // Bad input, not a registry answer: exit 2, like the other channels' name checks.
      if (!IDENTIFIER.test(pkg)) {
        throw new UsageError(
          `winget: '${pkg}' is not a package identifier (expected Publisher.Name, e.g. Acme.Widget)`,
        );
      }
      const location = ctx.baseUrl ?? DEFAULT_REPO;
      track.url = location;
      const what = `Winget manifests ${ctx.baseUrl ?? 'microsoft/winget-pkgs'}`;
      return withGitSnapshot(
        location,
        // winget-pkgs holds hundreds of thousands of files: fetch only the trees on our path.
        snapshotOptions(ctx, what, { depth: 1, filter: 'tree:0' }),
        async (snap) => {
          const short = snap.head.slice(0, 12);
          const dir = (await findPackageDir(snap, pkg)) ?? undefined;
          if (!dir) {
            return withNotes(
              {
                verdict: 'absent',
                url: location,
                reason: `${what} has no manifests for ${pkg} at ${short} (no ${packageDir(pkg)}/)`,
              },
              readNotes(snap),
            );
          }
          const bare = version.replace(/^v(?=\d)/i, '');
          const found =
            (await readInstaller(snap, dir.path, dir.id, version)) ??
            (bare !== version ? await readInstaller(snap, dir.path, dir.id, bare) : undefined);
          if (!found) {
            const versions = ((await snap.listDir(dir.path)) ?? [])
              .filter((e) => e.type === 'tree' && /\d/.test(e.name))
              .map((e) => e.name)
              .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
            const has = versions.length
              ? `has ${dir.id} ${versions[0]}${versions.length > 1 ? ` (latest of ${versions.length} versions)` : ''}`
              : `has no version folders for ${dir.id}`;
            return withNotes(
              { verdict: 'absent', url: location, reason: `${what} ${has} at ${short}, not ${version}` },
              readNotes(snap),
            );
          }
          const where = `${found.path} at ${short}`;
          const manifest = parseManifest(found.text, `${what}: ${where}`);
          if (
            manifest.PackageIdentifier.toLowerCase() !== dir.id.toLowerCase() ||
            manifest.PackageVersion !== found.version
          ) {
            throw new RegistryResponseError(
              `${what}: ${where} declares ${manifest.PackageIdentifier} ${manifest.PackageVersion}, not ${dir.id} ${found.version}`,
            );
          }
          const artifacts = installerArtifacts(manifest, `${what}: ${where}`);
          const change = await snap.lastChange(found.path);
          return withNotes(
            { verdict: 'present', url: location, ...(change ? { publishedAt: change.date } : {}), artifacts },
            readNotes(snap),
          );
        },
      );
    });
  },
} satisfies RegistryAdapter;

/** The package folder, exactly as spelled or (winget ids are case-insensitive) in another case. */
async function findPackageDir(
  snap: GitSnapshot,
  id: string,
): Promise<{ path: string; id: string } | undefined> {
  const exact = packageDir(id);
  if (await snap.listDir(exact)) return { path: exact, id };
  let path = `manifests/${id.charAt(0).toLowerCase()}`;
  const segments: string[] = [];
  for (const segment of id.split('.')) {
    const entries = await snap.listDir(path);
    const match = entries?.find((e) => e.type === 'tree' && e.name.toLowerCase() === segment.toLowerCase());
    if (!match) return undefined;
    segments.push(match.name);
    path = `${path}/${match.name}`;
  }
  return { path, id: segments.join('.') };
}

async function readInstaller(
  snap: GitSnapshot,
  dir: string,
  id: string,
  version: string,
): Promise<{ path: string; text: string; version: string } | undefined> {
  const versionDir = `${dir}/${version}`;
  for (const name of [`${id}.installer.yaml`, `${id}.yaml`]) {
    const path = `${versionDir}/${name}`;
    const text = await snap.readFile(path);
    // `<Id>.yaml` of a multi-file manifest is the version manifest: no installers, keep looking.
    if (text !== undefined && (name.endsWith('.installer.yaml') || /^\s*Installers\s*:/m.test(text))) {
      return { path, text, version };
    }
  }
  const entries = await snap.listDir(versionDir);
  if (entries) {
    throw new RegistryResponseError(
      `winget: ${versionDir}/ exists but holds no installer manifest (${entries.map((e) => e.name).join(', ')})`,
    );
  }
  return undefined;
}

function parseManifest(text: string, what: string): WingetInstallerManifest {
  let data: unknown;
  try {
    data = parseYaml(text.replace(/^\uFEFF/, ''), { schema: 'failsafe' });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new RegistryResponseError(`${what}: not valid YAML (${message})`);
  }
  const result = WingetInstallerManifest.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new RegistryResponseError(`${what}: unexpected manifest shape (${problems})`);
  }
  return result.data;
}

function installerArtifacts(manifest: WingetInstallerManifest, what: string): ArtifactEvidence[] {
  const seen = new Set<string>();
  const artifacts: ArtifactEvidence[] = [];
  manifest.Installers.forEach((installer, i) => {
    const url = installer.InstallerUrl ?? manifest.InstallerUrl;
    const sha = installer.InstallerSha256 ?? manifest.InstallerSha256;
    if (!url || !sha) {
      throw new RegistryResponseError(
        `${what}: Installers.${i} has no ${url ? 'InstallerSha256' : 'InstallerUrl'}`,
      );
    }
    const key = `${url}\0${sha.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    const name = fileNameOf(url);
    artifacts.push({ ...(name ? { name } : {}), url, sha256: sha.toLowerCase() });
  });
  return artifacts;
}
