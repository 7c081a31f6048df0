/**
 * @module Package names the repository itself declares (package.json, pyproject.toml, Cargo.toml,
 * go.mod, snapcraft.yaml, *.nuspec, .goreleaser.yml), read leniently: `init` proposes, it never fails on them.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface RepoFacts {
  npmName?: string;
  /** `publisher.name` from package.json, for VS Code extensions. */
  vscodeId?: string;
  pythonName?: string;
  crateName?: string;
  goModule?: string;
  snapName?: string;
  nuspecId?: string;
  /** Parsed .goreleaser.y(a)ml, when present. */
  goreleaser?: Record<string, unknown>;
  /** `owner/repo` from the git remote. */
  github?: string;
  /** Directory name: the last-resort product name. */
  dirName: string;
}

async function text(cwd: string, rel: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(cwd, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** `name = "x"` inside a TOML `[section]` (no TOML dependency for one key). */
export function tomlKey(source: string, section: string, key: string): string | undefined {
  let inSection = false;
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      inSection = header[1]?.trim() === section;
      continue;
    }
    if (!inSection) continue;
    const m = new RegExp(`^${key}\\s*=\\s*["']([^"']+)["']`).exec(line);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

function githubFromGitConfig(config: string | undefined): string | undefined {
  const url = config && /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(config)?.[1];
  if (!url) return undefined;
  const m = /github\.com[/:]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

export async function readRepoFacts(cwd: string): Promise<RepoFacts> {
  const facts: RepoFacts = { dirName: path.basename(cwd) };
  const pkg = await text(cwd, 'package.json');
  if (pkg) {
    try {
      const json = JSON.parse(pkg) as { name?: unknown; publisher?: unknown; engines?: { vscode?: unknown } };
      if (typeof json.name === 'string') facts.npmName = json.name;
      if (typeof json.publisher === 'string' && typeof json.name === 'string' && json.engines?.vscode) {
        facts.vscodeId = `${json.publisher}.${json.name}`;
      }
    } catch {
      // A broken package.json only means no npm name to propose.
    }
  }
  const pyproject = await text(cwd, 'pyproject.toml');
  const pythonName =
    pyproject && (tomlKey(pyproject, 'project', 'name') ?? tomlKey(pyproject, 'tool.poetry', 'name'));
  if (pythonName) facts.pythonName = pythonName;
  const cargo = await text(cwd, 'Cargo.toml');
  const crateName = cargo && tomlKey(cargo, 'package', 'name');
  if (crateName) facts.crateName = crateName;
  const gomod = await text(cwd, 'go.mod');
  const goModule = gomod && /^module\s+(\S+)/m.exec(gomod)?.[1];
  if (goModule) facts.goModule = goModule;
  const snapcraft = (await text(cwd, 'snap/snapcraft.yaml')) ?? (await text(cwd, 'snapcraft.yaml'));
  const snapName = snapcraft && /^name:\s*['"]?([a-z0-9-]+)/m.exec(snapcraft)?.[1];
  if (snapName) facts.snapName = snapName;
  const nuspecDir = await readdir(cwd).catch(() => [] as string[]);
  const nuspec = nuspecDir.find((f) => f.endsWith('.nuspec'));
  const nuspecText = nuspec ? await text(cwd, nuspec) : undefined;
  const nuspecId = nuspecText && /<id>([^<]+)<\/id>/.exec(nuspecText)?.[1];
  if (nuspecId) facts.nuspecId = nuspecId.trim();
  const goreleaserText = (await text(cwd, '.goreleaser.yml')) ?? (await text(cwd, '.goreleaser.yaml'));
  if (goreleaserText) {
    try {
      const parsed: unknown = parseYaml(goreleaserText);
      if (parsed && typeof parsed === 'object') facts.goreleaser = parsed as Record<string, unknown>;
    } catch {
      // Unreadable GoReleaser config: its channels are simply not proposed.
    }
  }
  const github = githubFromGitConfig(await text(cwd, '.git/config'));
  if (github) facts.github = github;
  return facts;
}
