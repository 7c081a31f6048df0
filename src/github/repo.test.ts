import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { parseRepoFlag, repoFromRemoteUrl, resolveRepo } from './repo.ts';

describe('repository resolution', () => {
  it('parses --repo owner/name and rejects anything else', () => {
    expect(parseRepoFlag('octo-org/octo.repo')).toEqual({ owner: 'octo-org', repo: 'octo.repo' });
    expect(() => parseRepoFlag('octo-org')).toThrow(UsageError);
    expect(() => parseRepoFlag('a/b/c')).toThrow(/--repo: expected owner\/name/);
  });

  it('reads owner/name from https, scp-like and ssh remotes', () => {
    expect(repoFromRemoteUrl('https://github.com/cli/cli.git')).toEqual({ owner: 'cli', repo: 'cli' });
    expect(repoFromRemoteUrl('git@github.com:astral-sh/uv.git')).toEqual({ owner: 'astral-sh', repo: 'uv' });
    expect(repoFromRemoteUrl('ssh://git@ghe.example.com/team/tool')).toEqual({ owner: 'team', repo: 'tool' });
    expect(repoFromRemoteUrl('/some/local/path')).toBeUndefined();
  });

  it('uses the origin remote of a real git checkout, and says what to do without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipwatch-repo-'));
    try {
      await expect(resolveRepo({ cwd: dir })).rejects.toThrow(/pass --repo owner\/name/);
      execFileSync('git', ['init', '-q', dir]);
      execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', 'https://github.com/owner1/repo1.git']);
      await expect(resolveRepo({ cwd: dir })).resolves.toEqual({ owner: 'owner1', repo: 'repo1' });
      await expect(resolveRepo({ cwd: dir, flag: 'x/y' })).resolves.toEqual({ owner: 'x', repo: 'y' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
