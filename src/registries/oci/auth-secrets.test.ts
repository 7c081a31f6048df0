/** Credentials derived from a token are secrets too (review finding R8). */
import { describe, expect, it } from 'vitest';
import { redact } from '../../shared/redact.ts';
import { silentLogger } from '../../shared/logger.ts';
import { startFixtureServer } from '../fixture-server.ts';
import { answerChallenge } from './auth.ts';

describe('OCI auth registers what it derives from the token', () => {
  it('the Basic value (base64 of user:token) and the registry-issued bearer token are redacted everywhere', async () => {
    const secret = 'oci_authSECRET0123456789abcdef';
    const basic = await answerChallenge(
      { fetch: globalThis.fetch, logger: silentLogger, env: {}, now: Date.now, timeoutMs: 2000 },
      'Basic realm="registry"',
      'acme/app',
      { username: 'qa', secret },
      'test registry',
    );
    const encoded = basic.replace(/^Basic /, '');
    expect(redact(`echoed ${encoded}`)).toBe('echoed ***');

    const issued = 'registry-issued-token-0123456789';
    const server = await startFixtureServer(() => ({ status: 200, body: { token: issued } }));
    try {
      const bearer = await answerChallenge(
        { fetch: globalThis.fetch, logger: silentLogger, env: {}, now: Date.now, timeoutMs: 2000 },
        `Bearer realm="${server.url}/token",service="test"`,
        'acme/app',
        undefined,
        'test registry',
      );
      expect(bearer).toBe(`Bearer ${issued}`);
      expect(redact(`echoed ${issued}`)).toBe('echoed ***');
    } finally {
      await server.close();
    }
  });
});
