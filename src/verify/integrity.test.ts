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
