/** Registry text is made printable before it reaches the terminal (QA finding F15). */
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { startFixtureServer } from '../../registries/fixture-server.ts';

describe('exists: registry text on the terminal', () => {
  it('an escape sequence in a deprecation notice is shown, not executed', async () => {
    const spoof = 'x\u001b[2K\u001b[1A\u001b[2K\rSPOOFED\u0007';
    const server = await startFixtureServer(() => ({
      status: 200,
      body: {
        name: 'left-pad',
        'dist-tags': { latest: '1.2.3' },
        time: { '1.2.3': '2026-01-01T00:00:00.000Z' },
        versions: {
          '1.2.3': {
            name: 'left-pad',
            version: '1.2.3',
            deprecated: spoof,
            dist: {
              tarball: 'http://x/left-pad-1.2.3.tgz',
              shasum: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
            },
          },
        },
      },
    }));
    try {
      const run = await runCliCaptured(['exists', 'npm', 'left-pad', '1.2.3', '--registry', server.url]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('␛[2K␛[1A␛[2K SPOOFED');
      expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    } finally {
      await server.close();
    }
  });
});
