import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { createGitRepo, serveGitHttp } from '../../../test/git-repo.ts';
import { silentLogger } from '../../shared/logger.ts';
import { startFixtureServer } from '../fixture-server.ts';
import { runGitChannelContract } from '../git/contract.ts';
import type { RegistryContext } from '../types.ts';
import { packageDir, winget } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const NOW = Date.parse('2026-04-05T06:07:08Z');

const ctx = (baseUrl: string, extra: Partial<RegistryContext> = {}): RegistryContext => ({
  fetch: globalThis.fetch,
  logger: silentLogger,
  env: process.env,
  baseUrl,
  timeoutMs: 20_000,
  now: () => NOW,
  ...extra,
});

const W = 'manifests/a/Acme/Widget';
const manifests = {
  [`${W}/1.2.2/Acme.Widget.installer.yaml`]: fixture('Acme.Widget.installer-1.2.2.yaml'),
  [`${W}/1.2.2/Acme.Widget.yaml`]: fixture('Acme.Widget.version.yaml').replace('1.2.3', '1.2.2'),
  [`${W}/1.10.0/Acme.Widget.installer.yaml`]: fixture('Acme.Widget.installer-1.2.2.yaml').replaceAll(
    '1.2.2',
    '1.10.0',
  ),
  'manifests/a/Acme/Tool/1.20/Acme.Tool.yaml': fixture('Acme.Tool.singleton-1.20.yaml'),
  'manifests/a/Acme/Broken/1.0.0/Acme.Broken.installer.yaml': fixture('Acme.Broken.installer-1.0.0.yaml'),
  'manifests/a/Acme/Bad/1.0.0/Acme.Bad.installer.yaml': fixture('Acme.Bad.installer-1.0.0.yaml'),
  'manifests/a/Acme/Empty/2.0.0/Acme.Empty.locale.en-US.yaml': 'PackageIdentifier: Acme.Empty\n',
};
const repo = createGitRepo([
  { files: manifests, date: '2026-03-01T10:00:00Z' },
  {
    files: {
      [`${W}/1.2.3/Acme.Widget.installer.yaml`]: fixture('Acme.Widget.installer-1.2.3.yaml'),
      [`${W}/1.2.3/Acme.Widget.yaml`]: fixture('Acme.Widget.version.yaml'),
    },
    date: '2026-03-02T11:22:33Z',
  },
  { files: { 'README.md': 'later\n' }, date: '2026-03-03T00:00:00Z' },
]);
afterAll(() => repo.cleanup());

runGitChannelContract({
  adapter: winget,
  package: 'Acme.Widget',
  version: '1.2.3',
  present: { [`${W}/1.2.3/Acme.Widget.installer.yaml`]: fixture('Acme.Widget.installer-1.2.3.yaml') },
  absent: { [`${W}/1.2.2/Acme.Widget.installer.yaml`]: fixture('Acme.Widget.installer-1.2.2.yaml') },
  otherVersion: '1.2.2',
  malformed: {
    [`${W}/1.2.3/Acme.Widget.installer.yaml`]: fixture('Acme.Widget.installer-1.2.3.yaml').replace(
      /InstallerSha256: 1+/,
      'InstallerSha256: ""',
    ),
  },
  expectPresent: (observation) => expect(observation.artifacts).toHaveLength(2),
});

describe('winget adapter against a real manifests repository', () => {
  it('maps an identifier to the winget-pkgs path (first letter lower-cased only)', () => {
    expect(packageDir('Microsoft.VisualStudio.2022.Community')).toBe(
      'manifests/m/Microsoft/VisualStudio/2022/Community',
    );
  });

  it('present: every installer url with its sha256 (lower-cased), date of the merge commit', async () => {
    const observation = await winget.check('Acme.Widget', '1.2.3', ctx(repo.path));
    expect(observation).toMatchObject({
      channel: 'winget',
      verdict: 'present',
      publishedAt: '2026-03-02T11:22:33.000Z',
    });
    expect(observation.artifacts).toEqual([
      {
        name: 'widget_Windows_x86_64.zip',
        url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Windows_x86_64.zip',
        sha256: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
      },
      {
        name: 'widget_Windows_arm64.zip',
        url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Windows_arm64.zip',
        sha256: '1'.repeat(64),
      },
    ]);
  });

  it('a singleton manifest with root-level installer defaults; 1.20 stays 1.20; another case of the id', async () => {
    const observation = await winget.check('acme.tool', 'v1.20', ctx(repo.url));
    expect(observation.verdict, observation.reason).toBe('present');
    expect(observation.artifacts).toEqual([
      {
        name: 'tool-setup.exe',
        url: 'https://github.com/acme/tool/releases/download/v1.20/tool-setup.exe',
        sha256: '2'.repeat(64),
      },
    ]);
  });

  it('absent: another version is merged, and the latest is named (numeric order)', async () => {
    const observation = await winget.check('Acme.Widget', '2.0.0', ctx(repo.path));
    expect(observation.verdict).toBe('absent');
    expect(observation.reason).toMatch(
      /has Acme\.Widget 1\.10\.0 \(latest of 3 versions\) at [0-9a-f]{12}, not 2\.0\.0/,
    );
  });

  it('absent: no manifests for the package', async () => {
    const observation = await winget.check('Acme.Nothing', '1.0.0', ctx(repo.path));
    expect(observation.verdict).toBe('absent');
    expect(observation.reason).toMatch(/has no manifests for Acme\.Nothing .*manifests\/a\/Acme\/Nothing/);
  });

  it('malformed manifests → error: empty InstallerSha256, broken YAML, a version folder without installers', async () => {
    const broken = await winget.check('Acme.Broken', '1.0.0', ctx(repo.path));
    expect(broken).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(broken.reason).toMatch(/Installers\.0\.InstallerSha256/);
    const bad = await winget.check('Acme.Bad', '1.0.0', ctx(repo.path));
    expect(bad).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(bad.reason).toMatch(/not valid YAML/);
    const empty = await winget.check('Acme.Empty', '2.0.0', ctx(repo.path));
    expect(empty).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_RESPONSE' });
    expect(empty.reason).toMatch(/holds no installer manifest \(Acme\.Empty\.locale\.en-US\.yaml\)/);
  });

  it('not an identifier → usage error before git runs; shipwatch exists exits 2, not 4', async () => {
    for (const bad of ['widget', 'Acme', 'Acme/Tool', 'Acme.', '.Tool', 'Acme Tool.X']) {
      // No such repository: a name that got past the check would answer REGISTRY_RESPONSE instead.
      const observation = await winget.check(bad, '1.0.0', ctx(join(repo.path, 'missing')));
      expect(observation, bad).toMatchObject({ verdict: 'error', errorCode: 'USAGE' });
      expect(observation.reason).toMatch(/not a package identifier \(expected Publisher\.Name/);
    }
    for (const bad of ['Acme', 'Acme/Tool']) {
      const run = await runCliCaptured(['exists', 'winget', bad, '1.0', '--registry', repo.path]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/not a package identifier/);
    }
  });

  it('over smart HTTP with a depth-1 tree:0 clone: present without a claimed date; 5xx and hang → error', async () => {
    const bare = createGitRepo(
      [
        { files: manifests, date: '2026-03-01T10:00:00Z' },
        { files: { [`${W}/1.2.3/Acme.Widget.installer.yaml`]: fixture('Acme.Widget.installer-1.2.3.yaml') } },
      ],
      { bare: true, name: 'winget-pkgs.git' },
    );
    const server = await serveGitHttp(join(bare.path, '..'));
    const failing = await startFixtureServer(() => ({ status: 500, body: 'oops' }));
    try {
      const present = await winget.check('Acme.Widget', '1.2.3', ctx(`${server.url}/winget-pkgs.git`));
      expect(present.verdict, present.reason).toBe('present');
      expect(present.publishedAt).toBeUndefined();
      expect(present.artifacts).toHaveLength(2);
      const down = await winget.check('Acme.Widget', '1.2.3', ctx(`${failing.url}/winget-pkgs.git`));
      expect(down).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_UNAVAILABLE', httpStatus: 500 });
      failing.setHandler(() => 'hang');
      const hung = await winget.check(
        'Acme.Widget',
        '1.2.3',
        ctx(`${failing.url}/winget-pkgs.git`, { timeoutMs: 400 }),
      );
      expect(hung).toMatchObject({ verdict: 'error', errorCode: 'REGISTRY_UNAVAILABLE' });
      expect(hung.reason).toMatch(/within 400 ms/);
    } finally {
      await server.close();
      await failing.close();
      bare.cleanup();
    }
  });

  it('declares its capabilities as data', () => {
    expect(winget.capabilities).toMatchObject({
      exposesChecksums: true,
      seesPending: false,
      needsToken: 'optional',
    });
  });
});
