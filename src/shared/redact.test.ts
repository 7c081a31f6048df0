import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from './redact.ts';

describe('redact', () => {
  it('hides the password of a URL and keeps the URL readable (user, @, host)', () => {
    expect(redact('could not reach https://bot:s3cr3t-value@registry.example.com/pkg')).toBe(
      'could not reach https://bot:***@registry.example.com/pkg',
    );
  });

  it('hides GitHub and npm token shapes, authorization values and token query parameters', () => {
    const classic = `ghp_${'a'.repeat(36)}`;
    const fine = `github_pat_11ABCDEFG0_${'b'.repeat(59)}`;
    const npm = `npm_${'c'.repeat(36)}`;
    const text = `${classic} ${fine} ${npm} Authorization: Bearer xyz123 https://x/?access_token=abc&y=1`;
    const out = redact(text);
    for (const secret of [classic, fine, npm, 'xyz123', 'abc&']) expect(out).not.toContain(secret);
    expect(out).toContain('y=1');
  });

  it('hides a registered secret of any shape', () => {
    registerSecret('plain-looking-secret');
    expect(redact('token plain-looking-secret was refused')).toBe('token *** was refused');
  });

  it('hides authorization values and API keys written as JSON or headers, not only as `authorization: x`', () => {
    const cases = [
      '{"authorization":"Bearer abc123secret"}',
      "{'Authorization': 'token abc123secret'}",
      'x-api-key: abc123secret',
      'https://example.com/v1?api_key=abc123secret&x=1',
      '{"apiKey": "abc123secret"}',
    ];
    for (const text of cases) expect(redact(text), text).not.toContain('abc123secret');
    expect(redact('https://example.com/v1?api_key=abc123secret&x=1')).toContain('x=1');
  });
});
