import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inferVersion, parseFormula } from './parse-formula.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseFormula', () => {
  it('reads version and every url/sha256 pair of per-OS, per-CPU blocks', () => {
    const parsed = parseFormula(fixture('widget-1.2.3.rb'));
    expect(parsed).toEqual({
      kind: 'formula',
      version: '1.2.3',
      problems: [],
      artifacts: [
        {
          url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Darwin_x86_64.tar.gz',
          sha256: '1'.repeat(64),
        },
        {
          url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Darwin_arm64.tar.gz',
          sha256: '2'.repeat(64),
        },
        {
          url: 'https://github.com/acme/widget/releases/download/v1.2.3/widget_Linux_x86_64.tar.gz',
          sha256: `${'3'.repeat(62)}aa`,
        },
      ],
    });
  });

  it('skips bottles, resources and head; infers the version from the url', () => {
    const parsed = parseFormula(fixture('gizmo-core-style.rb'));
    expect(parsed.version).toBe('0.9.1');
    expect(parsed.problems).toEqual([]);
    expect(parsed.artifacts).toEqual([
      {
        url: 'https://github.com/acme/gizmo/archive/refs/tags/v0.9.1.tar.gz',
        sha256: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
      },
    ]);
  });

  it('expands a cask url per arch with #{version} and #{arch}', () => {
    const parsed = parseFormula(fixture('gadget-cask.rb'));
    expect(parsed.kind).toBe('cask');
    expect(parsed.version).toBe('3.4.5');
    expect(parsed.artifacts).toEqual([
      {
        url: 'https://github.com/acme/gadget/releases/download/v3.4.5/gadget_arm64.dmg',
        sha256: '7'.repeat(64),
      },
      {
        url: 'https://github.com/acme/gadget/releases/download/v3.4.5/gadget_x86_64.dmg',
        sha256: '8'.repeat(64),
      },
    ]);
  });

  it('flags an empty or non-hex sha256, a missing url and a file that is no formula', () => {
    expect(parseFormula(fixture('widget-empty-sha.rb')).problems).toEqual([
      'sha256 for https://github.com/acme/widget/releases/download/v1.2.3/widget_Darwin_arm64.tar.gz is empty',
    ]);
    expect(
      parseFormula('class A < Formula\n  url "https://x/a-1.0.tar.gz"\n  sha256 "abc"\nend\n').problems[0],
    ).toMatch(/not 64 hex digits: "abc"/);
    expect(parseFormula('class A < Formula\n  desc "x"\nend\n').problems).toEqual([
      'declares no download url',
    ]);
    expect(parseFormula('{"version": "1.2.3"}').problems[0]).toMatch(/not a formula or cask/);
    expect(
      parseFormula('class A < Formula\n  on_macos do\n  url "https://x/a-1.0.tgz"\nend\n').problems,
    ).toContain('unbalanced do/end (missing end)');
  });

  it('if/else CPU branches pair each url with its own sha256, empty ones flagged', () => {
    const text = [
      'class Tool < Formula',
      '  version "2.0.1"',
      '  on_macos do',
      '    if Hardware::CPU.intel?',
      '      url "https://github.com/a/tool/releases/download/v2.0.1/tool-darwin-amd64.tar.gz"',
      '      sha256 ""',
      '    else',
      '      url "https://github.com/a/tool/releases/download/v2.0.1/tool-darwin-arm64.tar.gz"',
      `      sha256 "${'f'.repeat(64)}"`,
      '    end',
      '  end',
      'end',
    ].join('\n');
    const parsed = parseFormula(text);
    expect(parsed.artifacts).toEqual([
      { url: 'https://github.com/a/tool/releases/download/v2.0.1/tool-darwin-amd64.tar.gz' },
      {
        url: 'https://github.com/a/tool/releases/download/v2.0.1/tool-darwin-arm64.tar.gz',
        sha256: 'f'.repeat(64),
      },
    ]);
    expect(parsed.problems).toEqual([
      'sha256 for https://github.com/a/tool/releases/download/v2.0.1/tool-darwin-amd64.tar.gz is empty',
    ]);
  });

  it('a cask with sha256 :no_check has an artifact without checksum', () => {
    const parsed = parseFormula(
      'cask "n" do\n  version "2.0"\n  sha256 :no_check\n  url "https://x/n.dmg"\nend\n',
    );
    expect(parsed).toMatchObject({ problems: [], version: '2.0', artifacts: [{ url: 'https://x/n.dmg' }] });
    expect(parsed.artifacts[0]?.sha256).toBeUndefined();
  });
});

describe('inferVersion', () => {
  it('reads release-download tags and tarball names', () => {
    expect(inferVersion('https://github.com/a/b/releases/download/v2.3.4/b_linux.tar.gz')).toBe('2.3.4');
    expect(inferVersion('https://github.com/a/b/archive/refs/tags/v1.0.0.tar.gz')).toBe('1.0.0');
    expect(inferVersion('https://example.org/dist/tool-4.5.6.tar.xz')).toBe('4.5.6');
    expect(inferVersion('https://example.org/latest')).toBeUndefined();
  });
});
