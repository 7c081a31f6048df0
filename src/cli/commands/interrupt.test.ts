import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultContext } from '../../shared/context.ts';
import { type CliIo, makeColors } from '../io.ts';
import { runCli } from '../main.ts';

/** Runs the CLI with a registry that never answers and presses Ctrl-C as soon as a request is made. */
async function runInterrupted(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  let interrupt: (() => void) | undefined;
  const hangingFetch = ((_url: string, init?: RequestInit) =>
    new Promise((_resolve, reject) => {
      const signal = init?.signal;
      // As real fetch: an already aborted signal rejects at once.
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener('abort', () => reject(signal.reason));
      queueMicrotask(() => interrupt?.());
    })) as typeof fetch;
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdin: Readable.from([]),
    color: makeColors(false),
    context: defaultContext({ cwd, env: {}, fetch: hangingFetch }),
    onInterrupt(handler) {
      interrupt = handler;
      return () => {
        interrupt = undefined;
      };
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Ctrl-C during a registry check', () => {
  it('exists: exit 130, no verdict printed (a cancelled check is neither absent nor a registry error)', async () => {
    const run = await runInterrupted(
      ['exists', 'npm', 'foo', '1.0.0', '--registry', 'http://127.0.0.1:9'],
      '/',
    );
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('interrupted: no verdict\n');
  });

  it('verify: exit 130, no report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-interrupt-'));
    dirs.push(dir);
    writeFileSync(
      path.join(dir, 'shipwatch.yml'),
      'product: x\nchannels:\n  - channel: npm\n    package: foo\n    registry: http://127.0.0.1:9\n',
    );
    const run = await runInterrupted(['verify', '1.0.0', '--json'], dir);
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('interrupted: no verdict\n');
  });

  it('verify --run: Ctrl-C also stops the GitHub request for the job conclusions at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipwatch-interrupt-'));
    dirs.push(dir);
    writeFileSync(
      path.join(dir, 'shipwatch.yml'),
      'product: x\ngithub: o/r\nchannels:\n  - channel: npm\n    package: foo\n    registry: http://127.0.0.1:9\n',
    );
    const run = await runInterrupted(
      ['verify', '1.0.0', '--run', '5', '--api-url', 'http://127.0.0.1:9'],
      dir,
    );
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('interrupted: no verdict\n');
  });

  it('watch: Ctrl-C while the run itself is being fetched exits 130 (it was "this is a bug", exit 70)', async () => {
    const run = await runInterrupted(
      ['watch', '1', '--repo', 'a/b', '--api-url', 'http://127.0.0.1:9', '--json'],
      '/',
    );
    expect(run.stderr).not.toContain('this is a bug');
    expect(run.code).toBe(130);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; interrupted?: boolean });
    expect(events.at(-1)).toMatchObject({ type: 'final', interrupted: true });
  });
});
