/** GET /repos/{owner}/{repo}: github-releases asks it to tell an absent release from a private repository. */
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { startSimulator } from './server.ts';

describe('simulator: the repository route', () => {
  it('answers the scenario repository (public), 404 for any other; a release not there yet reads absent', async () => {
    // startAt 0: the clean release's tag does not exist yet.
    const sim = await startSimulator({ scenario: 'clean-release', speed: 0 });
    try {
      const ours = await fetch(`${sim.url}/repos/${sim.owner}/${sim.repo}`);
      expect(ours.status).toBe(200);
      expect(await ours.json()).toMatchObject({ full_name: `${sim.owner}/${sim.repo}`, private: false });
      expect((await fetch(`${sim.url}/repos/${sim.owner}/other`)).status).toBe(404);
      const run = await runCliCaptured([
        'exists',
        'github-releases',
        `${sim.owner}/${sim.repo}`,
        '2.4.0',
        '--registry',
        sim.url,
      ]);
      expect(run.stdout).toMatch(/^absent /);
      expect(run.code).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
