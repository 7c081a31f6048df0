import { connect, createServer } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import { type CliIo, colorEnabled, makeColors } from '../cli/io.ts';
import { runCli } from '../cli/main.ts';
import { defaultContext } from '../shared/context.ts';
import { type RunningSimulator, startSimulator } from '../simulator/server.ts';
import { HIDE_CURSOR, SHOW_CURSOR } from './views/live-view.ts';

// A token shape that the generic patterns do not know: only registerSecret() can hide it.
const TOKEN = 'enterprise-opaque-token-4f9c2b7d1e';
const SPEED = 40;

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'release-crisis', speed: SPEED, token: TOKEN });
});
afterAll(async () => {
  await sim.close();
});

function watchArgs(extra: string[] = []): string[] {
  return ['watch', String(sim.runId), '--repo', `${sim.owner}/${sim.repo}`, '--api-url', sim.url, ...extra];
}

describe('shipwatch watch (CLI, real HTTP)', () => {
  it('--json: NDJSON events ending with the final object; the token appears nowhere', async () => {
    const run = await runCliCaptured(watchArgs(['--json']), { context: { env: { GH_TOKEN: TOKEN } } });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    const events = lines.map((line) => JSON.parse(line) as { type: string });
    expect(events[0]?.type).toBe('start');
    const final = events.at(-1) as unknown as {
      type: string;
      jobs: { name: string; role: string; conclusion: string; needs: string[]; causedBy: string[] }[];
      requests: { total: number; notModified: number; perHour: number };
    };
    expect(final.type).toBe('final');
    expect(final.jobs).toContainEqual({
      name: 'publish-chocolatey',
      role: 'cascade',
      conclusion: 'skipped',
      needs: ['build-and-release'],
      causedBy: ['build-and-release'],
    });
    expect(final.requests.total).toBeGreaterThan(0);
    expect(typeof final.requests.perHour).toBe('number');
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('a rejected token: one clear line, exit 4 (could not watch, not "the release failed"), neither token printed', async () => {
    const wrong = 'enterprise-wrong-token-99aa77bb';
    const run = await runCliCaptured(watchArgs(['--token', wrong]), {
      context: { env: { GH_TOKEN: TOKEN } },
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error: .*401/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/401: Bad credentials.*the token from --token was rejected/);
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('a stale GH_TOKEN beside a good GITHUB_TOKEN: the message names GH_TOKEN and says it wins', async () => {
    const stale = 'enterprise-stale-token-1c2d3e4f';
    const run = await runCliCaptured(watchArgs(['--json']), {
      context: { env: { GH_TOKEN: stale, GITHUB_TOKEN: TOKEN } },
    });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/the token from GH_TOKEN was rejected/);
    expect(run.stderr).toMatch(/GH_TOKEN wins over GITHUB_TOKEN/);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; message?: string });
    expect(events.find((e) => e.type === 'error')?.message).toMatch(/the token from GH_TOKEN was rejected/);
    expect(run.stdout + run.stderr).not.toContain(stale);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('plain (non-TTY) output: append-only lines, a why line per failure, the Summary line', async () => {
    const run = await runCliCaptured(watchArgs(), { context: { env: { GITHUB_TOKEN: TOKEN } } });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('\x1b[');
    expect(run.stdout).toMatch(
      /\] why build-and-release: step 'Build multi-platform binaries' \(exit 1\): \S/,
    );
    expect(run.stdout).toMatch(
      /^Summary: \d+\/\d+ publish jobs succeeded; 1 root cause; 3 cascades; 5 independent failures/m,
    );
    expect(run.stdout).toMatch(/requests \d+ \(304: \d+\)/);
    expect(run.stdout).not.toContain(TOKEN);
  });

  it('--latest and --workflow find the run without an id', async () => {
    const base = ['--repo', `${sim.owner}/${sim.repo}`, '--api-url', sim.url, '--json'];
    for (const pick of [
      ['--latest'],
      ['--workflow', 'publish-packages.yml'],
      // As a shell completes it, and as the workflow is named (its `name:`), as gh run list takes them.
      ['--workflow', '.github/workflows/publish-packages.yml'],
      ['--workflow', 'publish packages'],
    ]) {
      const run = await runCliCaptured(['watch', ...pick, ...base], {
        context: { env: { GH_TOKEN: TOKEN } },
      });
      const first = run.stdout.split('\n').map((line) => (line ? JSON.parse(line) : {})) as {
        type?: string;
        run?: { id: number };
      }[];
      expect(first.find((e) => e.type === 'run')?.run?.id, pick.join(' ')).toBe(sim.runId);
      expect(run.code).toBe(1);
    }
    const missing = await runCliCaptured(['watch', '--workflow', 'nope.yml', ...base], {
      context: { env: { GH_TOKEN: TOKEN } },
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/workflow 'nope.yml' not found/);
    const unknownName = await runCliCaptured(['watch', '--workflow', 'Nope Release', ...base], {
      context: { env: { GH_TOKEN: TOKEN } },
    });
    expect(unknownName.code).toBe(2);
    expect(unknownName.stderr).toMatch(
      /--workflow 'Nope Release': no workflow of .* has that file name or name \(there are: publish-packages\.yml \("Publish Packages"\)\)/,
    );
  });

  it('a rate limit that never clears: stderr and the NDJSON error event say when to try again', async () => {
    const limited = await startSimulator({
      scenario: 'release-crisis',
      speed: SPEED,
      token: TOKEN,
      faults: [{ kind: 'secondary-limit', times: 0, retryAfter: 1 }],
    });
    try {
      const args = ['watch', String(limited.runId), '--repo', `${limited.owner}/${limited.repo}`];
      const run = await runCliCaptured([...args, '--api-url', limited.url, '--json'], {
        context: { env: { GH_TOKEN: TOKEN } },
      });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(
        /^error: .*HTTP 403: .*wait 1 s \(retry-after header\): try again after \S+Z\n$/,
      );
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; retryAfterSec?: number; retryAt?: string });
      const error = events.find((e) => e.type === 'error');
      expect(error?.retryAfterSec).toBe(1);
      expect(error?.retryAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(run.stderr).toContain(error?.retryAt);
    } finally {
      await limited.close();
    }
  });

  it('a run that does not exist: one line naming it, exit 2', async () => {
    const run = await runCliCaptured(
      ['watch', '999', '--repo', `${sim.owner}/${sim.repo}`, '--api-url', sim.url, '--token', TOKEN],
      { context: { env: {} } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: run 999 not found in .* \(HTTP 404\)/);
  });

  it("--repo '' is a usage error, not a fall-back to the git remote", async () => {
    const run = await runCliCaptured(['watch', '1', '--repo', '', '--api-url', sim.url], {
      context: { env: { GH_TOKEN: TOKEN } },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: --repo: expected owner/name, got ''\n");
  });

  it('usage errors exit 2 with one line', async () => {
    for (const argv of [
      ['watch', 'abc'],
      ['watch', '12', '--latest'],
      ['watch', '--repo', 'not-a-repo', '1'],
      ['watch', '--api-url', 'ftp://x', '--repo', 'o/r', '1'],
      ['demo', '--speed', '0'],
      ['demo', '--scenario', 'no-such-scenario'],
    ]) {
      const run = await runCliCaptured(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it('TERM=dumb on a TTY: the append-only lines view, no escape codes at all', async () => {
    const env = { GH_TOKEN: TOKEN, TERM: 'dumb' };
    const run = await runCliCaptured(watchArgs(), { context: { env }, tty: true });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('\x1b');
    expect(run.stdout).toMatch(/^Summary: .*1 root cause; 3 cascades/m);
  });

  it('NO_COLOR on a capable TTY: the live view still redraws, without colour', async () => {
    const env = { GH_TOKEN: TOKEN, NO_COLOR: '1', TERM: 'xterm-256color' };
    let stdout = '';
    const io: CliIo = {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => {} },
      stdoutIsTTY: true,
      stderrIsTTY: true,
      stdin: Readable.from([]),
      color: makeColors(colorEnabled(env, true)),
      context: defaultContext({ env }),
      onInterrupt: () => () => {},
    };
    expect(await runCli(watchArgs(), io)).toBe(1);
    expect(stdout.startsWith(HIDE_CURSOR)).toBe(true);
    expect(stdout.endsWith(SHOW_CURSOR)).toBe(true);
    // SGR sequences (colour, bold, dim) end in 'm'; cursor movement and hiding do not.
    expect(stdout).not.toMatch(/\x1b\[[0-9;]*m/);
  });

  it('Ctrl-C stops cleanly and leaves the cursor shown (TTY)', async () => {
    const slow = await startSimulator({ scenario: 'release-crisis', speed: 1, token: TOKEN });
    let stdout = '';
    let interrupt: (() => void) | undefined;
    const io: CliIo = {
      stdout: {
        write: (s: string) => {
          stdout += s;
          // Interrupt once the live block shows a running job.
          if (interrupt && stdout.includes('publish-npm')) {
            const handler = interrupt;
            interrupt = undefined;
            setTimeout(handler, 10);
          }
        },
      },
      stderr: { write: () => {} },
      stdoutIsTTY: true,
      stderrIsTTY: true,
      stdin: Readable.from([]),
      color: makeColors(true),
      context: defaultContext({ env: { GH_TOKEN: TOKEN } }),
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => {
          interrupt = undefined;
        };
      },
    };
    try {
      const args = [
        'watch',
        String(slow.runId),
        '--repo',
        `${slow.owner}/${slow.repo}`,
        '--api-url',
        slow.url,
      ];
      const code = await runCli(args, io);
      expect(code).toBe(130);
      expect(stdout.startsWith(HIDE_CURSOR)).toBe(true);
      expect(stdout.endsWith(SHOW_CURSOR)).toBe(true);
      expect(stdout.split(HIDE_CURSOR).length).toBe(stdout.split(SHOW_CURSOR).length);
      expect(stdout).toMatch(/Summary: .*watch interrupted/);
      expect(stdout).not.toContain(TOKEN);
    } finally {
      await slow.close();
    }
  });
});

/** Resolves true once something accepts connections on the port (the CLI's receiver is up). */
async function listening(port: number, stop: AbortSignal): Promise<boolean> {
  while (!stop.aborted) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('shipwatch watch --webhooks (CLI, real HTTP)', () => {
  it('receives signed deliveries on --listen; neither the token nor the webhook secret is printed', async () => {
    const secret = 'webhook-secret-cli-3d8f0a';
    const port = await freePort();
    // Deliveries made before the CLI listens are lost (not retried), and the safety poll is a
    // real minute away: the scenario's clock stands still until the receiver is up, then runs at
    // SPEED, however long the CLI takes to start on a loaded machine.
    const hooked = await startSimulator({
      scenario: 'release-crisis',
      speed: 1e-9,
      token: TOKEN,
      webhook: { url: `http://127.0.0.1:${port}/`, secret },
    });
    let clock: NodeJS.Timeout | undefined;
    const stop = new AbortController();
    void listening(port, stop.signal).then((up) => {
      if (up) clock = setInterval(() => hooked.advance(SPEED / 20), 50);
    });
    try {
      const args = [
        'watch',
        String(hooked.runId),
        '--repo',
        `${hooked.owner}/${hooked.repo}`,
        '--api-url',
        hooked.url,
        '--webhooks',
        '--listen',
        `127.0.0.1:${port}`,
        '--json',
      ];
      const run = await runCliCaptured(args, {
        context: { env: { GH_TOKEN: TOKEN, SHIPWATCH_WEBHOOK_SECRET: secret } },
      });
      expect(run.code).toBe(1);
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(events[0]).toMatchObject({
        type: 'start',
        source: 'webhooks',
        webhookUrl: `http://127.0.0.1:${port}/`,
      });
      const final = events.at(-1) as {
        type: string;
        summary: string;
        webhooks: { accepted: number; rejected: number };
      };
      expect(final.type).toBe('final');
      expect(final.summary).toMatch(/1 root cause; 3 cascades; 5 independent failures/);
      expect(final.webhooks.accepted).toBeGreaterThan(0);
      expect(final.webhooks.rejected).toBe(0);
      expect(hooked.deliveries().some((d) => d.status === 202)).toBe(true);
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
      expect(run.stdout + run.stderr).not.toContain(secret);
    } finally {
      stop.abort();
      clearInterval(clock);
      await hooked.close();
    }
  });

  it('--listen on a non-loopback host, or without --webhooks, is a usage error', async () => {
    for (const argv of [
      ['watch', '1', '--repo', 'o/r', '--webhooks', '--listen', '0.0.0.0:8765'],
      ['watch', '1', '--repo', 'o/r', '--listen', '8765'],
    ]) {
      const run = await runCliCaptured(argv, { context: { env: { GH_TOKEN: TOKEN } } });
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });
});

describe('shipwatch demo (CLI)', () => {
  it('--poll and the default (webhooks) print the same roles and summary', async () => {
    const finals = [];
    for (const extra of [[], ['--poll']]) {
      const run = await runCliCaptured(['demo', '--json', '--speed', '60', ...extra]);
      expect(run.code).toBe(1);
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; source?: string });
      expect(events[0]?.source).toBe(extra.length ? 'polling' : 'webhooks');
      finals.push(events.at(-1) as unknown as { summary: string; jobs: { name: string; role: string }[] });
    }
    expect(finals[0]?.summary).toBe(finals[1]?.summary);
    expect(finals[0]?.jobs.map((j) => [j.name, j.role])).toEqual(
      finals[1]?.jobs.map((j) => [j.name, j.role]),
    );
  });

  it('--json: the same NDJSON as watch, perHour on the scenario clock, exit 1 for the crisis', async () => {
    const run = await runCliCaptured(['demo', '--json', '--speed', '60']);
    expect(run.code).toBe(1);
    const final = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      type: string;
      summary: string;
      requests: { total: number; perHour: number };
      jobs: unknown[];
    };
    expect(final.type).toBe('final');
    expect(final.jobs).toHaveLength(13);
    expect(final.summary).toMatch(/1 root cause; 3 cascades; 5 independent failures/);
    // ~2 simulated minutes: the rate per hour is far above the raw count (scenario clock, not wall clock).
    expect(final.requests.perHour).toBeGreaterThan(final.requests.total * 10);
  });
});
