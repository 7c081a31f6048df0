import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { type FixtureServer, fixtureJson, startFixtureServer } from '../../registries/fixture-server.ts';

const fixture = (id: string, file: string) =>
  fixtureJson(new URL(`../../registries/${id}/__fixtures__/`, import.meta.url), file);

describe('shipwatch verify (CLI)', () => {
  let server: FixtureServer;
  let dir: string;
  beforeAll(async () => {
    const release = fixture('github-releases', 'release-v1.4.2.json');
    const pypi = fixture('pypi', 'release-1.4.2.json');
    server = await startFixtureServer((r) => {
      if (r.path === '/repos/shipwatch/demo/releases/tags/v1.4.2') return { status: 200, body: release };
      if (r.path === '/pypi/shipwatch-demo/1.4.2/json') return { status: 200, body: pypi };
      return { status: 404, body: { message: 'Not Found' } };
    });
    dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-verify-'));
    const yml = (channels: string) =>
      `product: demo\ngithub: shipwatch/demo\ngithubApiUrl: ${server.url}\ntimeoutMs: 2000\nchannels:\n${channels}`;
    await writeFile(
      path.join(dir, 'shipwatch.yml'),
      yml(
        `  - channel: github-releases\n  - {channel: pypi, package: shipwatch-demo, registry: "${server.url}"}\n`,
      ),
    );
    await writeFile(
      path.join(dir, 'missing.yml'),
      yml(
        `  - {channel: pypi, package: shipwatch-demo, registry: "${server.url}"}\n  - {channel: crates-io, package: shipwatch-demo, registry: "${server.url}"}\n`,
      ),
    );
    // 127.0.0.1:9 (discard) refuses connections: an error, which must never read as missing.
    await writeFile(
      path.join(dir, 'unreachable.yml'),
      yml(
        `  - {channel: pypi, package: shipwatch-demo, registry: "${server.url}"}\n  - {channel: crates-io, package: shipwatch-demo, registry: "http://127.0.0.1:9"}\n`,
      ),
    );
    await writeFile(
      path.join(dir, 'missing-and-unreachable.yml'),
      yml(
        `  - {channel: crates-io, package: shipwatch-demo, registry: "${server.url}"}\n  - {channel: pypi, package: shipwatch-demo, registry: "http://127.0.0.1:9"}\n`,
      ),
    );
    await writeFile(
      path.join(dir, 'bad.yml'),
      'product: demo\nchannels:\n  - channel: pypi\n    packge: x\n',
    );
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the table and the Summary line; exit 0 when every channel is live', async () => {
    const out = await runCliCaptured(['verify', 'v1.4.2'], { context: { cwd: dir } });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^github-releases\s+live\s+2026-11-20 14:00Z\s+4 artifacts, 4 sha256$/m);
    expect(out.stdout).toMatch(/^pypi\s+live\s+2026-11-20 14:02Z\s+2 artifacts, 2 sha256$/m);
    expect(out.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Summary: 2/2 channels live, 0 pending, 0 missing, 0 errors',
    );
  });

  it('exit 1 when a channel is missing; --json carries the whole report', async () => {
    const out = await runCliCaptured(['verify', '1.4.2', '--config', 'missing.yml', '--json'], {
      context: { cwd: dir },
    });
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout) as {
      summaryLine: string;
      channels: { name: string; observation: { verdict: string } }[];
    };
    expect(report.channels.map((c) => [c.name, c.observation.verdict])).toEqual([
      ['pypi', 'present'],
      ['crates-io', 'absent'],
    ]);
    expect(report.summaryLine).toBe('Summary: 1/2 channels live, 0 pending, 1 missing, 0 errors');
  });

  it('exit 4, not 1, when a channel could not be checked and nothing is known to be missing', async () => {
    const out = await runCliCaptured(['verify', '1.4.2', '--config', 'unreachable.yml', '--json'], {
      context: { cwd: dir },
    });
    expect(out.code).toBe(4);
    const report = JSON.parse(out.stdout) as {
      outcome: string;
      summaryLine: string;
      channels: { observation: { verdict: string } }[];
    };
    expect(report.channels.map((c) => c.observation.verdict)).toEqual(['present', 'error']);
    expect(report.outcome).toBe('unknown');
    expect(report.summaryLine).toBe('Summary: 1/2 channels live, 0 pending, 0 missing, 1 error');
  });

  it('exit 1 when one channel is missing even if another could not be checked', async () => {
    const out = await runCliCaptured(
      ['verify', '1.4.2', '--config', 'missing-and-unreachable.yml', '--json'],
      {
        context: { cwd: dir },
      },
    );
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout) as {
      outcome: string;
      channels: { observation: { verdict: string } }[];
    };
    expect(report.channels.map((c) => c.observation.verdict)).toEqual(['absent', 'error']);
    expect(report.outcome).toBe('problem');
  });

  it("a version a channel cannot hold (npm: 1.2) is the command line's mistake, not the config's", async () => {
    await writeFile(
      path.join(dir, 'npm-only.yml'),
      'product: demo\ntimeoutMs: 2000\nchannels:\n  - {channel: npm, package: left-pad, registry: "http://127.0.0.1:9"}\n',
    );
    const out = await runCliCaptured(['verify', '1.2', '--config', 'npm-only.yml'], {
      context: { cwd: dir },
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^error: version 1\.2, on npm: npm versions are semver .*'1\.2' is not one/m);
    expect(out.stderr).not.toContain('npm-only.yml: channels[0]');
  });

  it('--format markdown renders a table for the job summary', async () => {
    const out = await runCliCaptured(['verify', '1.4.2', '-c', 'missing.yml', '--format', 'markdown'], {
      context: { cwd: dir },
    });
    expect(out.stdout).toContain(
      '| crates-io | ❌ missing | - | crates.io has no version 1.4.2 of shipwatch-demo (404) |',
    );
    expect(out.stdout).toContain('**Summary: 1/2 channels live, 0 pending, 1 missing, 0 errors**');
  });

  it('a bad config key is one clear error naming file and key path, exit 2', async () => {
    const out = await runCliCaptured(['verify', '1.4.2', '-c', 'bad.yml'], { context: { cwd: dir } });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      'error: bad.yml: invalid config (1 problem)\n  - channels[0].packge: unknown key\n',
    );
  });

  it('rejects a bad --format', async () => {
    const out = await runCliCaptured(['verify', '1.4.2', '--format', 'xml'], { context: { cwd: dir } });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--format: expected text, json or markdown/);
  });

  it('rejects --json together with another --format (conflicting outputs), before any check', async () => {
    const out = await runCliCaptured(['verify', '1.4.2', '--json', '--format', 'markdown'], {
      context: { cwd: dir },
    });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('error: --json conflicts with --format markdown; give one of them\n');
    const same = await runCliCaptured(['verify', '1.4.2', '--json', '--format', 'xml'], {
      context: { cwd: dir },
    });
    expect(same.code).toBe(2);
  });

  it('rejects an --api-url that is not an http(s) URL before any check', async () => {
    const out = await runCliCaptured(['verify', '1.4.2', '--api-url', 'nonsense'], { context: { cwd: dir } });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      "error: --api-url: 'nonsense' is not an http(s) URL (e.g. https://ghe.example.com/api/v3)\n",
    );
  });

  it('rejects an empty version or one with spaces (it would check tag "v" or "vnot a version")', async () => {
    for (const version of ['', '  ', 'not a version']) {
      const out = await runCliCaptured(['verify', version], { context: { cwd: dir } });
      expect(out.code, version).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toBe(`error: version: expected one word like 1.4.2 or v1.4.2, got '${version}'\n`);
    }
  });

  it('keeps --timeout and --concurrency within the config limits (a huge timeout crashed AbortSignal.timeout)', async () => {
    const timeout = await runCliCaptured(['verify', '1.4.2', '--timeout', '99999999999'], {
      context: { cwd: dir },
    });
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toBe(
      "error: --timeout: expected an integer from 100 to 300000, got '99999999999'\n",
    );
    const concurrency = await runCliCaptured(['verify', '1.4.2', '--concurrency', '1000'], {
      context: { cwd: dir },
    });
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toBe("error: --concurrency: expected an integer from 1 to 64, got '1000'\n");
  });

  it('takes --run only as a plain decimal run id (not 1e23, 0x10 or 1.5)', async () => {
    for (const id of ['99999999999999999999999', '0x10', '1.5', '1e3']) {
      const out = await runCliCaptured(['verify', '1.4.2', '--run', id], { context: { cwd: dir } });
      expect(out.code, id).toBe(2);
      expect(out.stderr).toBe(`error: --run: expected a run id (digits), got '${id}'\n`);
    }
  });

  it('a package name a channel refuses is a config error: the table is printed, exit 2 (not 1)', async () => {
    await writeFile(
      path.join(dir, 'badname.yml'),
      `product: demo\ntimeoutMs: 2000\nchannels:\n  - {channel: pypi, package: shipwatch-demo, registry: "${server.url}"}\n  - {channel: npm, package: "Bad Name!", registry: "${server.url}"}\n`,
    );
    const out = await runCliCaptured(['verify', '1.4.2', '-c', 'badname.yml'], { context: { cwd: dir } });
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/^pypi +live/m);
    expect(out.stderr).toBe(
      "error: badname.yml: channels[1] (npm): 'Bad Name!' is not a valid npm package name\n",
    );
  });

  it('rejects an empty --config path instead of falling back to shipwatch.yml', async () => {
    const out = await runCliCaptured(['verify', '1.4.2', '-c', ''], { context: { cwd: dir } });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('error: --config: the path is empty\n');
  });
});
