import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';

const workflow = [
  'on: {push: {tags: ["v*"]}}',
  'jobs:',
  '  release:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: softprops/action-gh-release@v2',
  '  publish-npm:',
  '    needs: release',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: npm publish --provenance',
  '',
].join('\n');

const dirs: string[] = [];
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-init-cli-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(dir, '.github/workflows/release.yml'), workflow);
  writeFileSync(path.join(dir, 'package.json'), '{"name": "@acme/tool"}');
  mkdirSync(path.join(dir, '.git'));
  writeFileSync(path.join(dir, '.git/config'), '[remote "origin"]\n\turl = git@github.com:acme/tool.git\n');
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('shipwatch init (CLI)', () => {
  it('writes shipwatch.yml that verify can load', async () => {
    const dir = project();
    const out = await runCliCaptured(['init'], { context: { cwd: dir } });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(`wrote ${path.join(dir, 'shipwatch.yml')} with 2 channels from release.yml\n`);
    const yml = readFileSync(path.join(dir, 'shipwatch.yml'), 'utf8');
    expect(yml).toContain('github: acme/tool\n');
    expect(yml).toContain('  - channel: npm\n    package: "@acme/tool"\n    job: publish-npm\n');
    // verify reads it without complaint (and fails only because nothing is reachable, not on config).
    const check = await runCliCaptured(['verify', '1.0.0', '--json', '--timeout', '200'], {
      context: {
        cwd: dir,
        fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch,
      },
    });
    expect(check.stderr).toBe('');
    expect((JSON.parse(check.stdout) as { summaryLine: string }).summaryLine).toBe(
      'Summary: 0/2 channels live, 0 pending, 0 missing, 2 errors',
    );
  });

  it('never overwrites an existing config', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'shipwatch.yml'), 'product: mine\n');
    const out = await runCliCaptured(['init'], { context: { cwd: dir } });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'error: shipwatch.yml already exists; not overwriting it (use --stdout to print a proposal)\n',
    );
    expect(readFileSync(path.join(dir, 'shipwatch.yml'), 'utf8')).toBe('product: mine\n');
  });

  it('--stdout prints the proposal and writes nothing', async () => {
    const dir = project();
    const out = await runCliCaptured(['init', '--stdout'], { context: { cwd: dir } });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^# shipwatch\.yml — proposed by `shipwatch init` from release\.yml\./);
    expect(existsSync(path.join(dir, 'shipwatch.yml'))).toBe(false);
  });

  it('no workflows: one clear error, exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-init-cli-'));
    dirs.push(dir);
    const out = await runCliCaptured(['init'], { context: { cwd: dir } });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^error: no \.github\/workflows directory in /);
  });

  it('nothing recognised (a malformed or a publish-free workflow): notes, exit 2, no shipwatch.yml written', async () => {
    const dir = project();
    writeFileSync(path.join(dir, '.github/workflows/release.yml'), 'on: [push\njobs:\n  build: {\n');
    writeFileSync(
      path.join(dir, '.github/workflows/ci.yml'),
      'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    );
    const out = await runCliCaptured(['init'], { context: { cwd: dir } });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(
      'note: release.yml:2:1: not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ])\n',
    );
    expect(out.stderr).toMatch(
      /error: no publish steps recognised in ci\.yml, release\.yml; nothing written/,
    );
    expect(existsSync(path.join(dir, 'shipwatch.yml'))).toBe(false);
    // --stdout still shows the starting point to fill in by hand.
    const printed = await runCliCaptured(['init', '--stdout'], { context: { cwd: dir } });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('# nothing detected');
  });
});
