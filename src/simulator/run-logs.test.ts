import { Octokit } from '@octokit/rest';
import yauzl from 'yauzl';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from './server.ts';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

function zipNames(bytes: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const out = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('run logs archive', () => {
  it('is a zip with a top-level file per job and a folder of step files (GitHub layout)', async () => {
    const sim = await startSimulator({ scenario: 'flaky-rerun', startAt: 1e6 });
    running.push(sim);
    const base = `${sim.url}/repos/${sim.owner}/${sim.repo}/actions/runs/${sim.runId}`;
    const res = await fetch(`${base}/attempts/1/logs`);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = await zipNames(Buffer.from(await res.arrayBuffer()));
    expect([...files.keys()]).toContain('0_test.txt');
    expect([...files.keys()]).toContain('test/1_Set up job.txt');
    const failing = [...files.entries()].find(
      ([k]) => k.startsWith('test/') && k.endsWith('_Install dependencies.txt'),
    );
    expect(failing?.[1]).toContain('read ECONNRESET');
    expect(files.get('0_test.txt')).toContain('##[error]Process completed with exit code 1.');
    // The skipped job of attempt 1 has no log.
    expect([...files.keys()].some((k) => k.includes('publish'))).toBe(false);
  });

  it('is not there while the run is in progress', async () => {
    const sim = await startSimulator({ scenario: 'flaky-rerun', speed: 0, startAt: 10 });
    running.push(sim);
    const res = await fetch(`${sim.url}/repos/${sim.owner}/${sim.repo}/actions/runs/${sim.runId}/logs`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(404);
  });
});

describe('Octokit against the simulator', () => {
  it('lists, paginates and downloads job logs with the real client', async () => {
    const token = 'ghp_octokitSimulatorToken000000000000';
    const sim = await startSimulator({ scenario: 'release-crisis', startAt: 1e6, token });
    running.push(sim);
    const octokit = new Octokit({ baseUrl: sim.url, auth: token });
    const jobs = await octokit.paginate(octokit.rest.actions.listJobsForWorkflowRun, {
      owner: sim.owner,
      repo: sim.repo,
      run_id: sim.runId,
      per_page: 4,
    });
    expect(jobs).toHaveLength(13);
    const hub = jobs.find((j) => j.name === 'build-and-release')!;
    const log = await octokit.rest.actions.downloadJobLogsForWorkflowRun({
      owner: sim.owner,
      repo: sim.repo,
      job_id: hub.id,
    });
    expect(String(log.data)).toContain('##[error]Process completed with exit code 1.');
    const { data: run } = await octokit.rest.actions.getWorkflowRun({
      owner: sim.owner,
      repo: sim.repo,
      run_id: sim.runId,
    });
    expect(run.conclusion).toBe('failure');
    const { data: release } = await octokit.rest.repos.getLatestRelease({ owner: sim.owner, repo: sim.repo });
    expect(release.assets[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Octokit surfaces a 304 as an error with status 304; the cost is what matters here.
    const etag = (
      await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
        owner: sim.owner,
        repo: sim.repo,
        run_id: sim.runId,
      })
    ).headers.etag!;
    await expect(
      octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
        owner: sim.owner,
        repo: sim.repo,
        run_id: sim.runId,
        headers: { 'if-none-match': etag },
      }),
    ).rejects.toMatchObject({ status: 304 });
  });
});
