import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { diagnoseText } from './diagnose.ts';
import type { Diagnosis } from './types.ts';

/** A GitHub Actions job log: timestamps added to each line. */
function gh(lines: string[]): string {
  return `${lines.map((l, i) => `2025-01-02T03:04:${String(5 + (i % 50)).padStart(2, '0')}.1234567Z ${l}`).join('\n')}\n`;
}

const SETUP = ['Current runner version: 2.320.0', '##[group]Operating System', 'Ubuntu', '##[endgroup]'];
const COMPLETE = ['Cleaning up orphan processes'];

const lineOf = (d: Diagnosis, re: RegExp) => d.causes.flatMap((c) => c.evidence).find((e) => re.test(e.text));

describe('diagnoseText', () => {
  it('says "can\'t tell" for an empty log, with a note, and no causes', async () => {
    const d = await diagnoseText('');
    expect(d).toMatchObject({ verdict: 'unknown', failingStep: null, causes: [], noise: [] });
    expect(d.notes?.join(' ')).toMatch(/empty/);
  });

  it('names the compile error as the cause and npm lifecycle lines as its consequences', async () => {
    const d = await diagnoseText(
      gh([
        ...SETUP,
        '##[group]Run npm run build',
        'npm run build',
        '##[endgroup]',
        '> app@1.0.0 build',
        '> tsc -p .',
        "src/index.ts(3,1): error TS2304: Cannot find name 'foo'.",
        'npm error Lifecycle script `build` failed with error:',
        'npm error code 2',
        'npm error command failed',
        '##[error]Process completed with exit code 2.',
        ...COMPLETE,
      ]),
    );
    expect(d.verdict).toBe('failed');
    expect(d.failingStep).toMatchObject({ name: 'Run npm run build', exitCode: 2 });
    const [cause] = d.causes;
    expect(cause).toMatchObject({ signature: 'typescript-error', category: 'build-compile-error' });
    expect(cause!.evidence.map((e) => e.text)).toEqual([
      "src/index.ts(3,1): error TS2304: Cannot find name 'foo'.",
      '##[error]Process completed with exit code 2.',
    ]);
    expect(cause!.consequences.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'npm error Lifecycle script `build` failed with error:',
        'npm error command failed',
      ]),
    );
    // Line numbers are the log's own.
    expect(cause!.evidence[0]!.line).toBe(10);
  });

  it('marks an ##[error] annotation that repeats an earlier line as a consequence', async () => {
    const d = await diagnoseText(
      gh([
        '##[group]Run ./deploy.sh',
        './deploy.sh',
        '##[endgroup]',
        'deploy: target cluster prod-eu is read-only',
        '##[error]deploy: target cluster prod-eu is read-only',
        '##[error]Process completed with exit code 1.',
      ]),
    );
    expect(d.verdict).toBe('failed');
    const all = d.causes.flatMap((c) => c.consequences.map((q) => q.line));
    expect(all).toContain(5);
    expect(d.causes.flatMap((c) => c.evidence.map((e) => e.line))).not.toContain(5);
  });

  it('treats already_exists after a connection reset as a consequence of the network failure', async () => {
    const d = await diagnoseText(
      [
        '• failed to upload artifact, will retry artifact=app.tar.gz error=Post "https://uploads.github.com/repos/o/r/releases/1/assets?name=app.tar.gz": write tcp 10.0.0.1:1->140.82.112.14:443: write: connection reset by peer try=1',
        '• failed to upload artifact, will retry artifact=app.tar.gz error=POST https://uploads.github.com/repos/o/r/releases/1/assets?name=app.tar.gz: 422 Validation Failed [{Resource:ReleaseAsset Field:name Code:already_exists Message:}] try=2',
        '⨯ release failed after 12s error=POST https://uploads.github.com/repos/o/r/releases/1/assets?name=app.tar.gz: 422 Validation Failed [{Resource:ReleaseAsset Field:name Code:already_exists Message:}]',
      ].join('\n'),
    );
    expect(d.causes[0]).toMatchObject({ category: 'network-timeout' });
    expect(d.causes[0]!.consequences.map((q) => q.line)).toEqual(expect.arrayContaining([2]));
    expect(d.causes.some((c) => c.category === 'publish-version-exists')).toBe(false);
    expect(d.failingStep).toMatchObject({ name: 'goreleaser release', inferred: true });
  });

  it('groups thousands of setup-go tar lines as noise with a count and a reason, and the job succeeded', async () => {
    const tar = Array.from(
      { length: 3000 },
      (_, i) =>
        `##[error]/usr/bin/tar: ../../../go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.6.linux-amd64/src/pkg${i % 97}/file${i}.go: Cannot open: File exists`,
    );
    const d = await diagnoseText(
      gh([
        ...SETUP,
        '##[group]Run actions/setup-go@v5',
        'with:',
        '##[endgroup]',
        ...tar,
        '##[group]Run go build ./...',
        'go build ./...',
        '##[endgroup]',
        ...COMPLETE,
      ]),
    );
    expect(d.verdict).toBe('succeeded');
    expect(d.causes).toEqual([]);
    expect(d.noise.reduce((s, n) => s + n.count, 0)).toBe(3000);
    expect(d.noise.length).toBeLessThanOrEqual(3);
    expect(d.noise[0]!.reason).toMatch(/setup-go issues 403, 424, 722/);
    expect(d.category).toBe('cache-restore-noise');
  });

  it('falls back to the failing step, its exit code and its last informative lines when nothing matches', async () => {
    const d = await diagnoseText(
      gh([
        '##[group]Run ./smoke.sh',
        './smoke.sh',
        'echo "✅ all good"',
        '##[endgroup]',
        '✅ service healthy',
        'checking workspace creation...',
        'ws-smoke',
        '##[error]Process completed with exit code 22.',
      ]),
    );
    expect(d.verdict).toBe('failed');
    expect(d.failingStep).toMatchObject({ name: 'Run ./smoke.sh', exitCode: 22 });
    const [fallback] = d.causes;
    expect(fallback).toMatchObject({ signature: 'unknown-failure', confidence: 'low' });
    const texts = fallback!.evidence.map((e) => e.text);
    expect(texts).toContain('checking workspace creation...');
    expect(texts).toContain('##[error]Process completed with exit code 22.');
    expect(texts.join('\n')).not.toMatch(/✅/);
    expect(fallback!.explanation).toMatch(/curl --fail/);
  });

  it('puts the failing step first when the only matches are in a step that succeeded', async () => {
    const d = await diagnoseText(
      gh([
        ...SETUP,
        '##[group]Run ./probe-api.sh',
        './probe-api.sh',
        '##[endgroup]',
        'HttpError: Bad credentials',
        '##[group]Run make all',
        'make all',
        '##[endgroup]',
        'widget exploded while folding',
        'make: *** [Makefile:3: all] Error 2',
        '##[error]Process completed with exit code 2.',
        ...COMPLETE,
      ]),
    );
    expect(d.failingStep).toMatchObject({ name: 'Run make all', exitCode: 2 });
    expect(d.causes[0]).toMatchObject({ signature: 'unknown-failure', step: 'Run make all' });
    expect(d.causes[0]!.evidence.map((e) => e.text)).toContain('widget exploded while folding');
    // The match in the step that succeeded is still reported, after it.
    expect(d.causes.map((c) => c.signature)).toContain('github-bad-credentials');
  });

  it('cites a one-off error printed long before the step stopped', async () => {
    const progress = Array.from({ length: 120 }, (_, i) => `processed chunk ${i} of 120`);
    const d = await diagnoseText(
      gh([
        '##[group]Run ./sync.sh',
        './sync.sh',
        '##[endgroup]',
        'sync: unable to open manifest at s3://bucket/manifest.json',
        ...progress,
        '##[error]Process completed with exit code 1.',
      ]),
    );
    const [fallback] = d.causes;
    expect(fallback).toMatchObject({ signature: 'unknown-failure' });
    expect(fallback!.evidence.map((e) => e.text)).toContain(
      'sync: unable to open manifest at s3://bucket/manifest.json',
    );
  });

  it('says which token kind and which permission for a tap push with GITHUB_TOKEN', async () => {
    const d = await diagnoseText(
      '⨯ release failed after 51s error=homebrew tap formula: failed to publish artifacts: PUT https://api.github.com/repos/acme/homebrew-tools/contents/Formula/x.rb: 403 Resource not accessible by integration []\n',
    );
    const [cause] = d.causes;
    expect(cause).toMatchObject({ signature: 'tap-403-github-token', category: 'auth-token-permission' });
    expect(cause!.title).toContain('acme/homebrew-tools');
    expect(cause!.explanation).toMatch(/GITHUB_TOKEN/);
    expect(cause!.explanation).toMatch(/contents: write/);
  });

  it("drops the sentence's closing period from a captured name used in the title", async () => {
    const d = await diagnoseText(
      'remote: Permission to octo-org/homebrew-tap.git denied to Jane-Q-Public.\nfatal: unable to access\n',
    );
    const [cause] = d.causes;
    expect(cause).toMatchObject({ signature: 'github-push-denied-user' });
    expect(cause!.title).toBe('The personal token of Jane-Q-Public may not push to octo-org/homebrew-tap');
  });

  it('reads a Jenkins log: the shell trace names the step, the exit line is evidence', async () => {
    const d = await diagnoseText(
      [
        '[Pipeline] sh',
        '+ docker push registry.example.com/team/app:1.2.3',
        'The push refers to repository [registry.example.com/team/app]',
        'denied: requested access to the resource is denied',
        'script returned exit code 1',
        'Finished: FAILURE',
      ].join('\n'),
    );
    expect(d.verdict).toBe('failed');
    expect(d.failingStep?.name).toBe('docker push');
    expect(d.causes[0]).toMatchObject({ category: 'registry-denied' });
    expect(lineOf(d, /script returned exit code 1/)).toBeTruthy();
  });

  it('reads GitLab and Azure Pipelines endings as failures', async () => {
    const gitlab = await diagnoseText(
      ['$ npm ci', 'npm ERR! code ERESOLVE', 'ERROR: Job failed: exit code 1'].join('\n'),
    );
    expect(gitlab).toMatchObject({ verdict: 'failed', category: 'dependency-resolution' });
    const azure = await diagnoseText(
      ['##[section]Starting: Build', 'something went sideways', "##[error]Bash exited with code '1'."].join(
        '\n',
      ),
    );
    expect(azure.verdict).toBe('failed');
    expect(azure.causes[0]?.evidence.length).toBeGreaterThan(0);
  });

  it("reads plain make output: the compiler error is the cause, make's line a consequence", async () => {
    const d = await diagnoseText(
      [
        'cc -O2 -c src/main.c',
        'src/main.c:3:10: fatal error: openssl/ssl.h: No such file or directory',
        'compilation terminated.',
        'make: *** [Makefile:12: build/main.o] Error 1',
      ].join('\n'),
    );
    expect(d.causes[0]).toMatchObject({ signature: 'c-compile-error' });
    expect(d.causes[0]!.consequences.map((q) => q.line)).toContain(4);
  });

  it('sees the tool line inside BuildKit output (`#12 3.4 error[E0432]: …`)', async () => {
    const d = await diagnoseText(
      [
        '#12 [builder 4/6] RUN cargo build --release',
        '#12 3.456 error[E0432]: unresolved import `crate::missing`',
        '#12 ERROR: process "/bin/sh -c cargo build --release" did not complete successfully: exit code: 101',
      ].join('\n'),
    );
    expect(d.causes[0]).toMatchObject({ signature: 'rust-compile-error', category: 'build-compile-error' });
    expect(d.causes[0]!.evidence.map((e) => e.line)).toContain(2);
  });

  it('names no failing step for a job that succeeded, even when it reports a problem', async () => {
    const d = await diagnoseText(
      [
        '2024-05-01T10:00:06.0000000Z ##[group]Run goreleaser release --clean',
        '2024-05-01T10:00:06.0100000Z ##[endgroup]',
        '2024-05-01T10:00:09.0000000Z   • Waiting for previous upload(s) to complete their review process.',
        '2024-05-01T10:00:10.0000000Z   • release succeeded after 10s',
        '2024-05-01T10:00:12.0000000Z Cleaning up orphan processes',
      ].join('\n'),
    );
    expect(d.verdict).toBe('succeeded');
    expect(d.failingStep).toBeNull();
    expect(d.causes[0]).toMatchObject({ signature: 'snap-pending-review' });
  });

  it('ranks a cause seen only in a warning annotation after the error that failed the step', async () => {
    const d = await diagnoseText(
      [
        '2024-05-01T10:00:00.0000000Z ##[group]Run ./release.sh',
        '2024-05-01T10:00:00.1000000Z ##[endgroup]',
        '2024-05-01T10:00:01.0000000Z ##[warning]Failed to save: Resource not accessible by integration',
        '2024-05-01T10:00:02.0000000Z FAILED tests/test_x.py::test_y - AssertionError: assert 1 == 2',
        '2024-05-01T10:00:02.1000000Z ##[error]Process completed with exit code 1.',
      ].join('\n'),
    );
    expect(d.causes.map((x) => x.signature)).toEqual([
      'pytest-failures',
      'github-resource-not-accessible-integration',
    ]);
  });

  it('notes a log cut mid-line and still answers', async () => {
    const d = await diagnoseText(
      'npm error code E409\nnpm error 409 Conflict - PUT https://npm.pkg.github.com/@o%2fp - Cannot publish over existing ver',
    );
    expect(d.causes[0]).toMatchObject({ category: 'publish-version-exists' });
    expect(d.notes?.join(' ')).toMatch(/cut/);
  });

  it('never cites a noise line as evidence, even when it also looks like an error', async () => {
    const d = await diagnoseText(
      [
        'npm ERR! code E403',
        'npm ERR! 403 403 Forbidden - PUT https://registry.npmjs.org/pkg - You cannot publish over the previously published versions: 1.0.0.',
        'npm ERR! 403 In most cases, you or one of your dependencies are requesting',
        'npm ERR! 403 a package version that is forbidden by your security policy, or',
      ].join('\n'),
    );
    const cited = d.causes.flatMap((c) => c.evidence.map((e) => e.line));
    expect(cited).toEqual([1, 2]);
    expect(d.noise.map((n) => n.firstLine)).toEqual([3, 4]);
  });
});

describe('shipwatch why (CLI)', () => {
  const failing = gh([
    '##[group]Run npm publish',
    'npm publish',
    '##[endgroup]',
    'npm error code ENEEDAUTH',
    '##[error]Process completed with exit code 1.',
  ]);

  it('prints the --json shape of issue 4 and exits 1 for a failed job', async () => {
    const run = await runCliCaptured(['why', '-', '--json'], { stdin: failing });
    expect(run.code).toBe(1);
    const d = JSON.parse(run.stdout) as Diagnosis;
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['verdict', 'failingStep', 'causes', 'noise']));
    expect(Object.keys(d.failingStep!)).toEqual(
      expect.arrayContaining(['name', 'exitCode', 'startLine', 'endLine']),
    );
    expect(Object.keys(d.causes[0]!)).toEqual(
      expect.arrayContaining(['signature', 'category', 'title', 'remedy', 'evidence', 'consequences']),
    );
  });

  it('renders text in the order verdict → failing step → causes, citing L<n>', async () => {
    const run = await runCliCaptured(['why', '-'], { stdin: failing });
    const out = run.stdout;
    expect(out.indexOf('Verdict:')).toBeLessThan(out.indexOf('Failing step:'));
    expect(out.indexOf('Failing step:')).toBeLessThan(out.indexOf('Cause'));
    expect(out).toMatch(/L4 {2}npm error code ENEEDAUTH/);
  });

  it('renders markdown', async () => {
    const run = await runCliCaptured(['why', '-', '--format', 'markdown'], { stdin: failing });
    expect(run.stdout).toMatch(/^## Verdict: failed/);
    expect(run.stdout).toContain('```');
  });

  it('exits 0 for a job that succeeded and 3 when the log cannot tell', async () => {
    const ok = await runCliCaptured(['why', '-'], {
      stdin: gh([...SETUP, '##[group]Run make', 'make', '##[endgroup]', 'done', ...COMPLETE]),
    });
    expect(ok.code).toBe(0);
    const unknown = await runCliCaptured(['why', '-'], { stdin: 'just some text\n' });
    expect(unknown.code).toBe(3);
  });

  it('rejects binary input and a bad --format with one line and exit 2', async () => {
    const binary = await runCliCaptured(['why', '-'], { stdin: Buffer.from([0, 1, 2, 0, 255, 0, 7]) });
    expect(binary.code).toBe(2);
    expect(binary.stderr.trim().split('\n')).toHaveLength(1);
    const bad = await runCliCaptured(['why', '-', '--format', 'yaml'], { stdin: 'x\n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format/);
  });

  it('rejects --json with another --format as a usage error (exit 2), instead of letting --json win', async () => {
    const run = await runCliCaptured(['why', '-', '--json', '--format', 'markdown'], { stdin: failing });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe('error: --json conflicts with --format markdown; give one of them');
    const same = await runCliCaptured(['why', '-', '--json', '--format', 'json'], { stdin: failing });
    expect(same.code).toBe(1);
    expect(JSON.parse(same.stdout)).toMatchObject({ verdict: 'failed' });
  });
});
