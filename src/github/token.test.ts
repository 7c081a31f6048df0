import { describe, expect, it } from 'vitest';
import { redact } from '../shared/redact.ts';
import { resolveToken } from './token.ts';

const noGh = async () => undefined;

describe('resolveToken', () => {
  it('prefers --token, then GH_TOKEN, then GITHUB_TOKEN, then gh auth token', async () => {
    const env = { GH_TOKEN: 'from-gh-token-env', GITHUB_TOKEN: 'from-github-token-env' };
    expect(await resolveToken({ flag: 'from-the-flag', env, ghAuthToken: noGh })).toEqual({
      token: 'from-the-flag',
      source: 'flag',
    });
    expect((await resolveToken({ env, ghAuthToken: noGh })).source).toBe('GH_TOKEN');
    expect((await resolveToken({ env: { GITHUB_TOKEN: 'x-github-token' }, ghAuthToken: noGh })).source).toBe(
      'GITHUB_TOKEN',
    );
    const fromGh = await resolveToken({ env: {}, ghAuthToken: async () => 'token-from-gh-cli' });
    expect(fromGh).toEqual({ token: 'token-from-gh-cli', source: 'gh' });
    expect(await resolveToken({ env: {}, ghAuthToken: noGh })).toEqual({ token: undefined, source: 'none' });
  });

  it('registers whatever it finds as a secret, so redaction removes it everywhere', async () => {
    const secret = 'opaque-enterprise-token-123456';
    await resolveToken({ env: { GITHUB_TOKEN: secret }, ghAuthToken: noGh });
    expect(redact(`failed with ${secret} in it`)).toBe('failed with *** in it');
  });
});
