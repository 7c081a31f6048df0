import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { loadConfig } from './load.ts';
import { channelVersion, parseConfigText } from './parse.ts';

const KNOWN = ['chocolatey', 'crates-io', 'github-releases', 'go-proxy', 'npm', 'pypi', 'aur'];
const full = readFileSync(new URL('./__fixtures__/full.yml', import.meta.url), 'utf8');
const parse = (text: string) =>
  parseConfigText(text, { file: 'shipwatch.yml', knownChannels: KNOWN, gitChannels: ['aur'] });
const problems = (text: string) => {
  const result = parse(text);
  return result.ok
    ? []
    : result.problems.filter((p) => p.level === 'error').map((p) => `${p.path}: ${p.message}`);
};

describe('shipwatch.yml parse → normalize → rules', () => {
  it('fills defaults and resolves names and packages', () => {
    const result = parse(full);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { config } = result;
    expect(config).toMatchObject({
      product: 'demo',
      github: 'shipwatch/demo',
      tagPrefix: 'v',
      timeoutMs: 15000,
      concurrency: 16,
    });
    expect(config.channels.map((c) => [c.name, c.package])).toEqual([
      ['github-releases', 'shipwatch/demo'],
      ['npm', '@shipwatch/demo'],
      ['pypi', 'shipwatch-demo'],
      ['crates-io', 'shipwatch-demo'],
      ['chocolatey', 'shipwatch-demo'],
      ['go-proxy', 'github.com/shipwatch/demo'],
    ]);
    expect(config.channels[4]?.optional).toBe(true);
    expect(config.channels[5]?.registry).toBe('https://goproxy.example.com');
    expect(channelVersion(config.channels[5]!, '1.2.3')).toBe('v1.2.3');
    expect(channelVersion(config.channels[1]!, '1.2.3')).toBe('1.2.3');
  });

  it('names an unknown key by its full path', () => {
    expect(problems('product: x\nchannels:\n  - channel: npm\n    pakage: x\n')).toEqual([
      'channels[0].pakage: unknown key',
    ]);
  });

  it('rejects an unknown channel with a suggestion', () => {
    const [p] = problems('product: x\nchannels:\n  - channel: crates\n    package: y\n');
    expect(p).toMatch(/^channels\[0\]\.channel: unknown channel "crates" \(did you mean "crates-io"\?\)/);
  });

  it('requires a package, except github-releases with a top-level github', () => {
    expect(problems('product: x\nchannels:\n  - channel: pypi\n')).toEqual([
      'channels[0].package: required for this channel',
    ]);
    expect(problems('product: x\nchannels:\n  - channel: github-releases\n')[0]).toMatch(
      /^channels\[0\]\.package: github-releases needs/,
    );
  });

  it('labels a channel listed twice by channel:package and rejects exact duplicates', () => {
    const twice = parse(
      'product: x\nchannels:\n  - {channel: aur, package: a}\n  - {channel: aur, package: a-bin}\n',
    );
    expect(twice.ok && twice.config.channels.map((c) => c.name)).toEqual(['aur:a', 'aur:a-bin']);
    expect(
      problems('product: x\nchannels:\n  - {channel: aur, package: a}\n  - {channel: aur, package: a}\n'),
    ).toEqual(['channels[1]: duplicate channel "aur:a" (same as channels[0]); give one a distinct `name`']);
  });

  it('reports type errors and bad values by path', () => {
    const out = problems(
      'product: x\ngithub: not-a-repo\nconcurrency: 0\nchannels:\n  - {channel: npm, package: a}\n',
    );
    expect(out).toEqual(['github: must be "owner/repo"', expect.stringMatching(/^concurrency: Too small/)]);
  });

  it('wants an http(s) registry URL, except for git-backed channels (git URL or a path beside the file)', () => {
    const text =
      'product: x\nchannels:\n  - {channel: npm, package: a, registry: "ftp://x"}\n  - {channel: aur, package: b, registry: ./tap}\n';
    expect(problems(text)).toEqual(['channels[0].registry: must be an http:// or https:// URL']);
    const ok = parseConfigText(text.replace('ftp://x', 'http://127.0.0.1:1/'), {
      file: '/repo/shipwatch.yml',
      knownChannels: KNOWN,
      gitChannels: ['aur'],
    });
    expect(ok.ok && ok.config.channels.map((c) => c.registry)).toEqual(['http://127.0.0.1:1', '/repo/tap']);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(problems('product: x\nchannels: [\n')[0]).toMatch(/^line \d+:\d+: /);
  });

  it('says the YAML error place once, without the parser\'s dangling " at line L, column C:"', () => {
    expect(problems('product: x\nproduct: y\nchannels: []\n')).toEqual(['line 2:1: Map keys must be unique']);
  });

  it('an unresolved alias is a problem at its line, not a crash', () => {
    expect(problems('product: &a x\nchannels: *b\n')).toEqual([
      'line 2:11: unresolved alias *b (no anchor &b before it)',
    ]);
  });

  it('an alias bomb is refused, not expanded', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++)
      text += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    text += 'product: x\nchannels:\n  - channel: npm\n    package: a\n';
    expect(problems(text)).toEqual([': aliases expand to too many nodes (more than 100 per alias): refused']);
  });

  it('several YAML documents: says so in plain words, not the library hint', () => {
    expect(problems('product: x\nchannels: []\n---\nproduct: y\n')).toEqual([
      'line 3:1: the file holds several YAML documents (a second ---); shipwatch.yml is one document',
    ]);
  });

  it('warns (without failing) about a version template lacking {version}', () => {
    const result = parse('product: x\nchannels:\n  - {channel: npm, package: a, version: "1.0.0"}\n');
    expect(result.ok && result.warnings.map((w) => w.path)).toEqual(['channels[0].version']);
  });
});

describe('loadConfig', () => {
  it('throws one ConfigError naming the file, the key path and the problem', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-config-'));
    try {
      await writeFile(
        path.join(dir, 'shipwatch.yml'),
        'product: x\nchannels:\n  - channel: npm\n    pakage: x\n',
      );
      const error = await loadConfig({ cwd: dir, knownChannels: KNOWN }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(
        'shipwatch.yml: invalid config (1 problem)\n  - channels[0].pakage: unknown key',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says how to get a config when there is none', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-config-'));
    try {
      await expect(loadConfig({ cwd: dir, knownChannels: KNOWN })).rejects.toThrow(/run `shipwatch init`/);
      await expect(loadConfig({ cwd: dir, file: 'nope.yml', knownChannels: KNOWN })).rejects.toThrow(
        /^nope\.yml: no such file$/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says which file it read when several config files exist (a stale copy is a classic trap)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-config-'));
    try {
      const text = 'product: x\nchannels:\n  - channel: npm\n    package: a\n';
      await writeFile(path.join(dir, 'shipwatch.yml'), text);
      await writeFile(path.join(dir, 'shipwatch.yaml'), text);
      await mkdir(path.join(dir, '.github'));
      await writeFile(path.join(dir, '.github/shipwatch.yml'), text);
      const { warnings } = await loadConfig({ cwd: dir, knownChannels: KNOWN });
      expect(warnings).toEqual([
        'read shipwatch.yml; shipwatch.yaml and .github/shipwatch.yml also exist and were ignored',
      ]);
      // An explicit --config is the user's choice: nothing to say.
      const chosen = await loadConfig({ cwd: dir, file: 'shipwatch.yaml', knownChannels: KNOWN });
      expect(chosen.warnings).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says plainly when --config names a directory or a binary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-config-'));
    try {
      await mkdir(path.join(dir, 'conf.d'));
      await writeFile(path.join(dir, 'blob.yml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
      await expect(loadConfig({ cwd: dir, file: 'conf.d', knownChannels: KNOWN })).rejects.toThrow(
        /^conf\.d is a directory, not a config file$/,
      );
      await expect(loadConfig({ cwd: dir, file: 'blob.yml', knownChannels: KNOWN })).rejects.toThrow(
        /^blob\.yml looks binary \(NUL bytes\); not a YAML config$/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
