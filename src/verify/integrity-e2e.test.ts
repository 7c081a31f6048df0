import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { createGitRepo, type TestGitRepo } from '../../test/git-repo.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import type { VerifyReport } from './types.ts';

// Integrity end to end with real parts: the GitHub API simulator serves the release and its asset
// digests; a real git tap (Homebrew adapter) declares url + sha256 per platform, one of them wrong.
describe('verify integrity: tap formula vs GitHub release asset digests', () => {
  let sim: RunningSimulator;
  let tap: TestGitRepo;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'clean-release' });
    sim.advance(Math.ceil((sim.endsAt() - sim.simulatedNow()) / 1000) + 60);
    const release = (await (
      await fetch(`${sim.url}/repos/${sim.owner}/${sim.repo}/releases/tags/v2.4.0`)
    ).json()) as {
      assets: { name: string; digest: string }[];
    };
    const sha = (name: string) =>
      release.assets.find((a) => a.name === name)?.digest.replace('sha256:', '') ?? '';
    const dl = (name: string) =>
      `https://github.com/${sim.owner}/${sim.repo}/releases/download/v2.4.0/${name}`;
    const formula = [
      'class Widget < Formula',
      '  desc "Widget"',
      '  version "2.4.0"',
      '  on_macos do',
      '    if Hardware::CPU.arm?',
      `      url "${dl('widget-2.4.0-darwin-arm64.tar.gz')}"`,
      `      sha256 "${'0'.repeat(64)}"`,
      '    end',
      '  end',
      '  on_linux do',
      '    if Hardware::CPU.intel?',
      `      url "${dl('widget-2.4.0-linux-amd64.tar.gz')}"`,
      `      sha256 "${sha('widget-2.4.0-linux-amd64.tar.gz').toUpperCase()}"`,
      '    end',
      '    if Hardware::CPU.arm?',
      `      url "${dl('widget-2.4.0-linux-arm64-musl.tar.gz')}"`,
      `      sha256 "${'1'.repeat(64)}"`,
      '    end',
      '  end',
      'end',
      '',
    ].join('\n');
    tap = createGitRepo([{ files: { 'Formula/widget.rb': formula }, date: '2026-03-02T11:22:33Z' }]);
    dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-integrity-'));
    await writeFile(
      path.join(dir, 'shipwatch.yml'),
      [
        'product: widget',
        `github: ${sim.owner}/${sim.repo}`,
        `githubApiUrl: ${sim.url}`,
        'channels:',
        '  - channel: homebrew',
        '    package: widget',
        `    registry: ${tap.path}`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await sim?.close();
    tap?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies the matching asset, flags the wrong sha256 and the asset that does not exist', async () => {
    const out = await runCliCaptured(['verify', '2.4.0', '--json'], { context: { cwd: dir, env: {} } });
    expect(out.stderr).toBe('');
    const report = JSON.parse(out.stdout) as VerifyReport;
    expect(report.channels[0]?.observation.verdict).toBe('present');
    expect(report.integrity.map((f) => [f.kind, f.url.split('/').at(-1)])).toEqual([
      ['checksum-mismatch', 'widget-2.4.0-darwin-arm64.tar.gz'],
      ['verified', 'widget-2.4.0-linux-amd64.tar.gz'],
      ['missing-asset', 'widget-2.4.0-linux-arm64-musl.tar.gz'],
    ]);
    expect(report.summaryLine).toBe(
      'Summary: 1/1 channels live, 0 pending, 0 missing, 0 errors, 2 integrity problems',
    );
    expect(out.code).toBe(1);
  });
});
