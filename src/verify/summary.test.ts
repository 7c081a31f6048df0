import { describe, expect, it } from 'vitest';
import type { Verdict } from '../registries/types.ts';
import { summarize } from './summary.ts';
import type { ChannelResult, IntegrityFinding } from './types.ts';

function channel(name: string, verdict: Verdict, expected = true): ChannelResult {
  return {
    name,
    channel: name,
    expected,
    durationMs: 1,
    observation: {
      channel: name,
      package: 'widget',
      version: '1.0.0',
      verdict,
      checkedAt: '2026-11-26T00:00:00Z',
    },
  };
}

describe('summarize: the outcome that decides the exit code', () => {
  it('ok only when every expected channel is present', () => {
    const r = summarize([channel('npm', 'present'), channel('pypi', 'absent', false)], [], []);
    expect([r.ok, r.outcome]).toEqual([true, 'ok']);
  });

  it('an error alone is "unknown", never a problem and never ok', () => {
    const r = summarize([channel('npm', 'present'), channel('pypi', 'error')], [], []);
    expect([r.ok, r.outcome]).toEqual([false, 'unknown']);
    expect(r.summaryLine).toBe('Summary: 1/2 channels live, 0 pending, 0 missing, 1 error');
  });

  it('job conclusions that could not be read are "unknown" when everything else is live', () => {
    const r = summarize([channel('npm', 'present')], [], [], 'HTTP 502');
    expect([r.ok, r.outcome]).toEqual([false, 'unknown']);
  });

  it('an expected channel absent or pending is a problem, even beside errors', () => {
    expect(summarize([channel('npm', 'absent'), channel('pypi', 'error')], [], []).outcome).toBe('problem');
    expect(summarize([channel('npm', 'pending')], [], []).outcome).toBe('problem');
  });

  it('an optional channel that errored or is absent does not make a problem', () => {
    const r = summarize([channel('npm', 'present'), channel('aur', 'error', false)], [], []);
    expect([r.ok, r.outcome]).toEqual([true, 'ok']);
  });

  it('an integrity error is a problem', () => {
    const r = summarize(
      [channel('homebrew', 'present')],
      [
        {
          channel: 'homebrew',
          kind: 'checksum-mismatch',
          severity: 'error',
          url: 'https://github.com/acme/widget/releases/download/v1.0.0/widget.tar.gz',
          declared: 'a'.repeat(64),
          actual: 'b'.repeat(64),
          message: 'declared sha256 differs from the release asset digest',
        },
      ],
      [],
    );
    expect([r.ok, r.outcome]).toEqual([false, 'problem']);
  });
  it('integrity not checked (release unreadable) is "unknown", named in the summary line, never ok', () => {
    const unchecked: IntegrityFinding = {
      kind: 'no-reference',
      severity: 'unknown',
      unchecked: 'GitHub API rate limit',
      channel: 'homebrew',
      url: 'https://github.com/acme/tool/releases/download/v1.0.0/tool.tar.gz',
      message: 'cannot check tool.tar.gz: rate limit',
    };
    const r = summarize(
      [channel('homebrew', 'present')],
      [unchecked, { ...unchecked, channel: 'scoop' }],
      [],
    );
    expect([r.ok, r.outcome]).toEqual([false, 'unknown']);
    expect(r.summary.integrityUnchecked).toBe(2);
    expect(r.summaryLine).toBe(
      'Summary: 1/1 channels live, 0 pending, 0 missing, 0 errors, integrity not checked: GitHub API rate limit',
    );
    // Something known to be wrong still wins.
    expect(summarize([channel('homebrew', 'absent')], [unchecked], []).outcome).toBe('problem');
  });
});
