import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { defaultContext } from '../shared/context.ts';
import { type CliIo, makeColors } from './io.ts';
import { reportError, runCli } from './main.ts';
import { ConfigError } from '../errors.ts';
import { runCliCaptured } from '../../test/cli-harness.ts';

describe('cli error boundary', () => {
  it('prints help for every command and exits 0', async () => {
    const top = await runCliCaptured(['--help']);
    expect(top.code).toBe(0);
    const names = [...top.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]).filter((n) => n !== 'help');
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const run = await runCliCaptured([name!, '--help']);
      expect(run.code, name).toBe(0);
      expect(run.stdout).toContain(`shipwatch ${name}`);
      expect(run.stdout).toContain('--json');
    }
  });

  it('turns an unknown flag into one line on stderr and exit 2, no stack', async () => {
    const run = await runCliCaptured(['--no-such-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown option '--no-such-flag'/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('turns an unknown command into exit 2', async () => {
    const run = await runCliCaptured(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('frobnicate');
  });

  it('without a command prints the help on stderr and exits 2 (usage), stdout left empty', async () => {
    const run = await runCliCaptured([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: shipwatch');
    const help = await runCliCaptured(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: shipwatch');
  });

  it('runs when started through a symlink named `shipwatch` (how npm installs the bin)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-bin-'));
    try {
      const link = path.join(dir, 'shipwatch');
      symlinkSync(fileURLToPath(new URL('./main.ts', import.meta.url)), link);
      const run = spawnSync(process.execPath, ['--import', 'tsx', link, '--version'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an exception thrown outside a command (a timer, a stream callback) is reported as our bug, exit 70', () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    // Once main has started (its handlers are installed), a timer callback throws.
    const crash =
      'data:text/javascript,const t=setInterval(()=>{if(process.listenerCount("uncaughtException")>0){clearInterval(t);throw new Error("boom from a callback")}},5)';
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', crash, main, 'why', '-'], {
      encoding: 'utf8',
      input: '',
      timeout: 20_000,
    });
    expect(run.status).toBe(70);
    expect(run.stderr).toMatch(/(^|\n)internal error: this is a bug in shipwatch/);
    expect(run.stderr).toContain('boom from a callback');
  });

  it("colours the error line by stderr's own TTY: `2> file` gets no escapes even when stdout is a terminal", async () => {
    let stderr = '';
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      stdoutIsTTY: true,
      stderrIsTTY: false,
      stdin: Readable.from([]),
      color: makeColors(true),
      stderrColor: makeColors(false),
      context: defaultContext({ env: {} }),
      onInterrupt: () => () => {},
    };
    const code = await runCli(['why', '/nonexistent/missing.log'], io);
    expect(code).toBe(2);
    expect(stderr).toBe('error: /nonexistent/missing.log: no such file\n');
  });

  it('SIGTERM and SIGHUP are handled like Ctrl-C (commands clean up: exit 130, "interrupted")', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      let child: ReturnType<typeof spawn> | undefined;
      // A registry that never answers; the signal is sent once the request has arrived.
      const server = createServer(() => child?.kill(signal));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      child = spawn(
        process.execPath,
        ['--import', 'tsx', main, 'exists', 'npm', 'foo', '1.0.0', '--registry', `http://127.0.0.1:${port}`],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child?.on('close', (c) => resolve(c)));
      server.closeAllConnections();
      server.close();
      expect(code, signal).toBe(130);
      expect(stderr).toBe('interrupted: no verdict\n');
    }
  });

  it('a registry that echoes the token in every field (date, file name, digest) never gets it printed', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const token = 'npm_echoTEST0123456789abcdefghijklmn';
    // Returns a packument whose every string is the Authorization value it received.
    const server = createServer((req, res) => {
      const a = req.headers.authorization ?? 'none';
      const name = decodeURIComponent((req.url ?? '/').slice(1));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          name,
          'dist-tags': { latest: '1.2.3' },
          time: { '1.2.3': a },
          versions: {
            '1.2.3': {
              name,
              version: '1.2.3',
              deprecated: `use ${a}`,
              dist: {
                tarball: `http://x/${encodeURIComponent(a)}/-/${encodeURIComponent(a)}.tgz`,
                integrity: a,
              },
            },
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const json of [false, true]) {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            main,
            'exists',
            'npm',
            'left-pad',
            '1.2.3',
            '--registry',
            `http://127.0.0.1:${port}`,
            ...(json ? ['--json'] : []),
          ],
          { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NPM_TOKEN: token } },
        );
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.stderr?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        await new Promise((resolve) => child.on('close', resolve));
        expect(out).toContain('***');
        expect(out).not.toContain(token);
        expect(out).not.toContain(encodeURIComponent(token));
      }
    } finally {
      server.close();
    }
  });

  it('a reader that goes away (| head) ends the CLI with 141, as SIGPIPE would, never 0', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    // Lines of 97 different lengths: as many templates, a few hundred KB of output (more than a pipe holds).
    const lines = Array.from({ length: 3000 }, (_, i) =>
      Array.from({ length: (i % 97) + 1 }, (_, k) => `w${(i * 7 + k) % 13}`).join(' '),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'templates', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin?.end(`${lines.join('\n')}\n`);
    // Read one chunk, then close our end of the pipe, as `head -c1` does.
    child.stdout?.once('data', () => child.stdout?.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(141);
  });

  it('an error message quoting a server is printed printable (no escape sequence reaches the terminal)', () => {
    let stderr = '';
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      stdoutIsTTY: false,
      stderrIsTTY: false,
      stdin: Readable.from([]),
      color: makeColors(false),
      context: defaultContext(),
      onInterrupt: () => () => {},
    };
    const code = reportError(
      new ConfigError('GET /repos/a/b: HTTP 401: \u001b[2J\u001b]0;pwned\u0007Bad\n  - next line'),
      io,
    );
    expect(code).toBe(2);
    expect(stderr).toBe('error: GET /repos/a/b: HTTP 401: ␛[2J␛]0;pwned\ufffdBad\n  - next line\n');
  });
});
