import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registries } from '../../registries/index.ts';
import { parseConfigText } from '../parse.ts';
import { proposeConfig } from './propose.ts';

const repoRoot = path.resolve(new URL('.', import.meta.url).pathname, '../../..');
const shared = path.resolve(repoRoot, '../shared/workflows');
const KNOWN = Object.keys(registries);
const dirs: string[] = [];

function repo(files: Record<string, string>, workflows: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-init-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  for (const wf of workflows)
    copyFileSync(path.join(shared, wf), path.join(dir, '.github/workflows', wf.split('__').pop() ?? wf));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const gitConfig = (slug: string) =>
  `[remote "origin"]\n\turl = https://github.com/${slug}.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`;

describe('shipwatch init proposal', () => {
  it('reads the crisis workflow: one channel per publish job, names from the repository files', async () => {
    const dir = repo(
      {
        '.git/config': gitConfig('Michael-A-Kuykendall/contextlite'),
        'package.json': '{"name": "contextlite", "version": "1.0.0"}',
        'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "contextlite"\n',
        'Cargo.toml': '[package]\nname = "contextlite-client"\nversion = "1.0.0"\n',
        'snap/snapcraft.yaml': 'name: contextlite\nbase: core22\n',
      },
      ['Michael-A-Kuykendall__contextlite__publish-packages.yml'],
    );
    const p = await proposeConfig(dir, KNOWN);
    expect(p.github).toBe('Michael-A-Kuykendall/contextlite');
    const active = p.channels
      .filter((c) => !c.disabled && !c.unsupported)
      .map((c) => [c.channel, c.package, c.job]);
    expect(active).toEqual(
      expect.arrayContaining([
        ['github-releases', 'Michael-A-Kuykendall/contextlite', 'build-and-release'],
        ['npm', 'contextlite', 'publish-npm'],
        ['pypi', 'contextlite', 'publish-pypi'],
        ['docker-hub', 'makuykendall/contextlite', 'publish-docker'],
        ['chocolatey', 'contextlite', 'publish-chocolatey'],
        ['crates-io', 'contextlite-client', 'publish-crates'],
        ['snap', 'contextlite', 'publish-snap'],
        ['github-packages-npm', 'contextlite', 'publish-github-packages'],
      ]),
    );
    // Jobs switched off with `if: false` are listed, commented out.
    expect(p.channels.find((c) => c.job === 'publish-winget')?.disabled).toBe(true);
    expect(p.yaml).toMatch(/^ {2}# - channel: winget$/m);
  });

  it('produces a config that passes its own validation', async () => {
    for (const wf of [
      'Michael-A-Kuykendall__contextlite__publish-packages.yml',
      'PRQL__prql__release.yml',
      'evilmartians__lefthook__release.yml',
      'astral-sh__uv__release.yml',
      'orhun__git-cliff__cd.yml',
      'goreleaser__goreleaser__release.yml',
    ]) {
      const dir = repo({ '.git/config': gitConfig('example/project') }, [wf]);
      const p = await proposeConfig(dir, KNOWN);
      const result = parseConfigText(p.yaml, { file: 'shipwatch.yml', knownChannels: KNOWN });
      expect(result.ok ? [] : result.problems, wf).toEqual([]);
    }
  });

  it('expands GoReleaser: release, brews, scoops, dockers, and the Go module', async () => {
    const dir = repo(
      {
        '.git/config': gitConfig('acme/tool'),
        'go.mod': 'module github.com/acme/tool\n\ngo 1.22\n',
        '.goreleaser.yml': [
          'project_name: tool',
          'brews:',
          '  - repository: {owner: acme, name: homebrew-tap}',
          'scoops:',
          '  - repository: {owner: acme, name: scoop-bucket}',
          'dockers:',
          '  - image_templates: ["ghcr.io/acme/tool:{{ .Version }}", "acme/tool:latest"]',
          '',
        ].join('\n'),
      },
      ['goreleaser__goreleaser__release.yml'],
    );
    const p = await proposeConfig(dir, KNOWN);
    const found = p.channels.map((c) => `${c.channel}=${c.package}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'github-releases=acme/tool',
        'ghcr=acme/tool',
        'docker-hub=acme/tool',
        'go-proxy=github.com/acme/tool',
        expect.stringMatching(/^homebrew(-tap)?=acme\/homebrew-tap\/tool$/),
        expect.stringMatching(/^scoop(-bucket)?=acme\/scoop-bucket\/tool$/),
      ]),
    );
  });

  it('says so when there is nothing to read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-init-'));
    dirs.push(dir);
    await expect(proposeConfig(dir, KNOWN)).rejects.toThrow(/no \.github\/workflows directory/);
  });

  it('names a malformed workflow by file:line:column in its note', async () => {
    const dir = repo({ '.github/workflows/release.yml': 'on: push\njobs:\n  build: {\n' }, []);
    const proposal = await proposeConfig(dir, KNOWN);
    expect(proposal.notes).toContain(
      'release.yml:4:1: not valid YAML (Flow map in block collection must be sufficiently indented and end with a })',
    );
  });

  it('notes a workflow entry it cannot read (broken symlink, directory) and goes on with the others', async () => {
    const dir = repo({}, ['vitejs__vite__publish.yml']);
    const workflows = path.join(dir, '.github/workflows');
    symlinkSync(path.join(dir, 'nowhere.yml'), path.join(workflows, 'broken.yml'));
    mkdirSync(path.join(workflows, 'folder.yml'));
    const proposal = await proposeConfig(dir, KNOWN);
    expect(proposal.notes).toContain('broken.yml: cannot read (ENOENT)');
    expect(proposal.notes).toContain('folder.yml: cannot read (EISDIR)');
    expect(proposal.channels.length).toBeGreaterThan(0);
  });

  it('a binary workflow file is one short note, not the parser quoting its bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256));
    const dir = repo({ '.github/workflows/blob.yml': '' }, []);
    writeFileSync(path.join(dir, '.github/workflows/blob.yml'), bytes);
    const proposal = await proposeConfig(dir, KNOWN);
    expect(proposal.notes).toContain('blob.yml: looks binary (NUL bytes); not a workflow file');
  });

  it('keeps a YAML error note short even when the parser quotes a long line', async () => {
    const dir = repo(
      { '.github/workflows/long.yml': `on: push\njobs: "${'x'.repeat(500)}\n  oops: [\n` },
      [],
    );
    const proposal = await proposeConfig(dir, KNOWN);
    const note = proposal.notes.find((n) => n.startsWith('long.yml'));
    expect(note).toBeDefined();
    expect(note?.length).toBeLessThanOrEqual(200);
  });
});
