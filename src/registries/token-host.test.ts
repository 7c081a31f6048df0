/** Where an environment token may go (QA finding F26: the rule compared hosts, not the scheme). */
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { envTokenMayGoTo } from './http.ts';

const npmLike = { defaultBaseUrl: 'https://registry.npmjs.org' };

describe('envTokenMayGoTo', () => {
  it('the channel own host over https, loopback over anything, listed hosts over https', () => {
    expect(envTokenMayGoTo(npmLike, undefined, {})).toBe(true);
    expect(envTokenMayGoTo(npmLike, 'https://registry.npmjs.org', {})).toBe(true);
    expect(envTokenMayGoTo(npmLike, 'http://127.0.0.1:4873', {})).toBe(true);
    expect(envTokenMayGoTo(npmLike, 'http://localhost:4873', {})).toBe(true);
    expect(
      envTokenMayGoTo(npmLike, 'https://npm.example.com', { SHIPWATCH_TOKEN_HOSTS: 'npm.example.com' }),
    ).toBe(true);
  });

  it('never in clear text to a non-loopback host, even the right one or a listed one', () => {
    expect(envTokenMayGoTo(npmLike, 'http://registry.npmjs.org', {})).toBe(false);
    expect(
      envTokenMayGoTo(npmLike, 'http://npm.example.com', { SHIPWATCH_TOKEN_HOSTS: 'npm.example.com' }),
    ).toBe(false);
    expect(envTokenMayGoTo({ defaultBaseUrl: 'https://api.github.com' }, 'http://api.github.com', {})).toBe(
      false,
    );
  });

  it('a foreign host, or a local repository path, gets nothing', () => {
    expect(envTokenMayGoTo(npmLike, 'https://evil.example', {})).toBe(false);
    expect(envTokenMayGoTo(npmLike, '/tmp/tap', {})).toBe(false);
  });
});

describe('the warning when a token is withheld', () => {
  it('says plain http is the reason, and says nothing for a local repository', async () => {
    const http = await runCliCaptured(
      [
        'exists',
        'npm',
        'left-pad',
        '1.3.0',
        '--registry',
        'http://registry.npmjs.invalid',
        '--timeout',
        '200',
      ],
      { context: { env: { NPM_TOKEN: 'npm_plainHTTPtest0123456789abcdef' } } },
    );
    expect(http.stderr).toContain(
      'warning: NPM_TOKEN not sent to registry.npmjs.invalid over plain http: it would cross the network in clear text (use https://)',
    );
    expect(http.code).toBe(4);
    const local = await runCliCaptured(
      ['exists', 'homebrew', 'tool', '1.0.0', '--registry', '/nonexistent/tap'],
      {
        context: { env: { GITHUB_TOKEN: 'ghp_localPATHtest0123456789abcdefgh' } },
      },
    );
    expect(local.stderr).not.toContain('not sent');
  });
});

describe('--registry shape', () => {
  it('a ?query or #fragment is a usage error (the package path would land inside it)', async () => {
    for (const registry of ['http://127.0.0.1:9/x?y=1', 'http://127.0.0.1:9/x#frag']) {
      const run = await runCliCaptured(['exists', 'npm', 'left-pad', '1.2.3', '--registry', registry]);
      expect(run.code, registry).toBe(2);
      expect(run.stderr).toMatch(
        /^error: --registry: .* has a (\?query|#fragment); give the registry's root URL/,
      );
    }
  });
});
