import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { startFixtureServer } from '../registries/fixture-server.ts';
import { registerSecret } from '../shared/redact.ts';
import { makeColors } from './io.ts';
import { stderrLogger } from './logger.ts';

function captured(env: Record<string, string> = {}) {
  let text = '';
  const logger = stderrLogger({ write: (s: string) => (text += s) }, makeColors(false), env);
  return { logger, text: () => text };
}

describe('the CLI logger', () => {
  it('prints warnings as one line, keeps debug and info quiet unless SHIPWATCH_DEBUG=1', () => {
    const quiet = captured();
    quiet.logger.debug({ url: 'x' }, 'request');
    quiet.logger.info({}, 'hello');
    quiet.logger.warn({ host: 'h' }, 'NPM_TOKEN not sent to h');
    quiet.logger.warn({ host: 'h' }, 'NPM_TOKEN not sent to h');
    expect(quiet.text()).toBe('warning: NPM_TOKEN not sent to h\n');
    const loud = captured({ SHIPWATCH_DEBUG: '1' });
    loud.logger.debug({ url: 'x' }, 'request');
    expect(loud.text()).toBe('debug: request {"url":"x"}\n');
  });

  it('redacts registered secrets', () => {
    const secret = 'npm_loggerTEST0123456789abcdef';
    registerSecret(secret);
    const out = captured();
    out.logger.warn({}, `token ${secret} refused`);
    expect(out.text()).not.toContain(secret);
  });

  it('shipwatch exists: an environment token withheld from a foreign --registry is said on stderr', async () => {
    const server = await startFixtureServer(() => ({ status: 401, body: { error: 'unauthorized' } }));
    try {
      // [::ffff:127.0.0.1] reaches this server without being on the loopback allow-list: a foreign host.
      const foreign = server.url.replace('127.0.0.1', '[::ffff:127.0.0.1]');
      const token = 'npm_withheldTEST0123456789abcdef';
      const run = await runCliCaptured(['exists', 'npm', 'left-pad', '1.3.0', '--registry', foreign], {
        context: { env: { NPM_TOKEN: token } },
      });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain(
        // Plain http to a non-loopback host: withheld whatever the host (clear text on the network).
        `warning: NPM_TOKEN not sent to ${new URL(foreign).host} over plain http`,
      );
      expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
      expect(run.stdout + run.stderr).not.toContain(token);
    } finally {
      await server.close();
    }
  });
});
