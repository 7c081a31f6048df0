import { describe, expect, it } from 'vitest';
import type { ArtifactEvidence, ChannelObservation, Verdict } from '../registries/types.ts';
import { checkIntegrity } from './integrity.ts';

// checkIntegrity is pure over observations: these are the shapes the adapters produce.
const SHA = '1f3a'.padEnd(64, '0');
const dl = (repo: string, tag: string, name: string) =>
  `https://github.com/${repo}/releases/download/${tag}/${name}`;

function observation(
  channel: string,
  verdict: Verdict,
  artifacts: ArtifactEvidence[],
  extra: Partial<ChannelObservation> = {},
): ChannelObservation {
  return {
    channel,
    package: 'acme/tool',
    version: 'v2.0.0',
    verdict,
    artifacts,
    checkedAt: '2026-11-26T00:00:00Z',
    ...extra,
  };
}

const formula = (...urls: string[]) => ({
  name: 'homebrew',
  observation: observation(
    'homebrew',
    'present',
    urls.map((url) => ({ url, sha256: SHA })),
  ),
});

describe('checkIntegrity: a draft reference release', () => {
  const draft = observation(
    'github-releases',
    'pending',
    [
      {
        name: 'tool.tar.gz',
        url: dl('acme/tool', 'v2.0.0', 'tool.tar.gz'),
        sha256: SHA,
        unavailable: 'draft',
      },
    ],
    { reason: 'release v2.0.0 is a draft (not published)' },
  );

  it('is an error, never "verified", even when the sha256 matches', () => {
    const [f] = checkIntegrity([formula(dl('acme/tool', 'v2.0.0', 'tool.tar.gz'))], {
      repo: 'acme/tool',
      observation: draft,
    });
    expect(f).toMatchObject({ kind: 'draft-release', severity: 'error' });
    expect(f?.message).toBe(
      'points at release v2.0.0, which is a draft: public downloads fail until it is published',
    );
  });

  it("a draft's `untagged-…` asset URLs do not turn a URL of the version's tag into wrong-tag", () => {
    const untagged = observation('github-releases', 'pending', [
      { url: dl('acme/tool', 'untagged-5c1e', 'tool.tar.gz'), sha256: SHA, unavailable: 'draft' },
    ]);
    const findings = checkIntegrity(
      [formula(dl('acme/tool', 'v2.0.0', 'tool.tar.gz'), dl('acme/tool', 'v1.9.0', 'tool.tar.gz'))],
      { repo: 'acme/tool', observation: untagged },
    );
    expect(findings.map((f) => [f.kind, f.severity])).toEqual([
      ['draft-release', 'error'],
      ['wrong-tag', 'error'],
    ]);
  });
});

describe('checkIntegrity: URLs outside the configured release', () => {
  const published = observation('github-releases', 'present', [
    { name: 'tool.tar.gz', url: dl('acme/tool', 'v2.0.0', 'tool.tar.gz'), sha256: SHA },
  ]);

  it("a release URL of another owner/repo (a fork) is an error, even with the release's sha256", () => {
    const [f] = checkIntegrity([formula(dl('evil-fork/tool', 'v2.0.0', 'tool.tar.gz'))], {
      repo: 'acme/tool',
      observation: published,
    });
    expect(f).toMatchObject({ kind: 'foreign-release', severity: 'error' });
    expect(f?.message).toBe(
      "points at a release of evil-fork/tool, not acme/tool: users install another repository's build",
    );
  });

  it('any other host is a warning "not checked", never silence', () => {
    const [f] = checkIntegrity([formula('https://objects.example-cdn.com/tool/2.0.0/tool.tar.gz')], {
      repo: 'acme/tool',
      observation: published,
    });
    expect(f).toMatchObject({ kind: 'outside-release', severity: 'warning' });
    expect(f?.message).toBe('points outside the release of acme/tool (objects.example-cdn.com): not checked');
  });

  it('the release path on a host that is neither github.com nor the release’s own is not taken for it', () => {
    const [f] = checkIntegrity(
      [formula(`https://mirror.example.com/acme/tool/releases/download/v2.0.0/tool.tar.gz`)],
      {
        repo: 'acme/tool',
        observation: published,
      },
    );
    expect(f?.kind).toBe('outside-release');
  });

  it("a GitHub Enterprise host is recognised from the release's own asset URLs", () => {
    const ghes = observation('github-releases', 'present', [
      { url: 'https://ghe.corp/acme/tool/releases/download/v2.0.0/tool.tar.gz', sha256: SHA },
    ]);
    const findings = checkIntegrity(
      [
        formula(
          'https://ghe.corp/acme/tool/releases/download/v2.0.0/tool.tar.gz',
          'https://ghe.corp/other/tool/releases/download/v2.0.0/tool.tar.gz',
        ),
      ],
      { repo: 'acme/tool', observation: ghes },
    );
    expect(findings.map((f) => f.kind)).toEqual(['verified', 'foreign-release']);
  });

  it('registry-hosted artifacts of other channels (npm tarball, PyPI file) are not integrity findings', () => {
    const npm = {
      name: 'npm',
      observation: observation('npm', 'present', [
        { url: 'https://registry.npmjs.org/tool/-/tool-2.0.0.tgz', digest: 'sha512-AAAA' },
      ]),
    };
    expect(checkIntegrity([npm], { repo: 'acme/tool', observation: published })).toEqual([]);
  });
});

describe('checkIntegrity: a reference release that could not be read', () => {
  const url = dl('acme/tool', 'v2.0.0', 'tool.tar.gz');

  it('a rate limit leaves the artifact unchecked (severity unknown), saying why', () => {
    const limited = observation('github-releases', 'error', [], {
      errorCode: 'REGISTRY_UNAVAILABLE',
      httpStatus: 403,
      reason:
        'GitHub release acme/tool@v2.0.0: GitHub API rate limit exceeded (403, resets at 2030-01-01T00:00:00.000Z)',
    });
    const [f] = checkIntegrity([formula(url)], { repo: 'acme/tool', observation: limited });
    expect(f).toMatchObject({
      kind: 'no-reference',
      severity: 'unknown',
      unchecked: 'GitHub API rate limit',
    });
    expect(f?.message).toMatch(
      /^cannot check tool\.tar\.gz: GitHub release acme\/tool@v2\.0\.0: GitHub API rate limit/,
    );
  });

  it('a 5xx and a missing lookup are unknown too; an absent release is an error', () => {
    const down = observation('github-releases', 'error', [], { httpStatus: 502, reason: 'answered 502' });
    const absent = observation('github-releases', 'absent', [], {
      reason: 'no published release tagged v2.0.0',
    });
    const check = (o: ChannelObservation | undefined) =>
      checkIntegrity([formula(url)], { repo: 'acme/tool', observation: o })[0];
    expect(check(down)).toMatchObject({
      severity: 'unknown',
      unchecked: 'the GitHub release could not be read (HTTP 502)',
    });
    expect(check(undefined)).toMatchObject({
      severity: 'unknown',
      unchecked: 'the GitHub release was not looked up',
    });
    expect(check(absent)).toMatchObject({ kind: 'no-reference', severity: 'error' });
  });
});

describe('checkIntegrity: an asset still uploading', () => {
  const release = observation(
    'github-releases',
    'pending',
    [
      { name: 'a.tar.gz', url: dl('acme/tool', 'v2.0.0', 'a.tar.gz'), sha256: SHA },
      { name: 'b.tar.gz', url: dl('acme/tool', 'v2.0.0', 'b.tar.gz'), unavailable: 'uploading' },
    ],
    { reason: 'release v2.0.0 is published; 1 of 2 asset(s) still uploading (b.tar.gz)' },
  );

  it('is "not checked yet" (unknown), not missing-asset; the finished assets are still verified', () => {
    const findings = checkIntegrity(
      [formula(dl('acme/tool', 'v2.0.0', 'a.tar.gz'), dl('acme/tool', 'v2.0.0', 'b.tar.gz'))],
      { repo: 'acme/tool', observation: release },
    );
    expect(findings.map((f) => [f.kind, f.severity])).toEqual([
      ['verified', 'ok'],
      ['asset-uploading', 'unknown'],
    ]);
    expect(findings[1]?.message).toBe(
      'b.tar.gz is still uploading to release v2.0.0: downloads 404 until it finishes (retry in a minute)',
    );
  });
});
