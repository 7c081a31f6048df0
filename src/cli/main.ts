#!/usr/bin/env node
/**
 * @module The CLI entry point and its one error boundary.
 *  - UsageError / ConfigError / InputError and other user-facing AppErrors: one line, exit 2
 *    (registry and GitHub API failures that reach here exit 4: "could not tell", never 1, which
 *    means "the release failed" for watch and "absent" for exists);
 *  - ExitError: the command already explained itself; exit with its code;
 *  - anything else: "this is a bug", exit 70 (EX_SOFTWARE).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, ExitError } from '../errors.ts';
import { defaultContext } from '../shared/context.ts';
import { printableLines } from '../shared/printable.ts';
import { redact, redactRegistered } from '../shared/redact.ts';
import { type CliIo, colorEnabled, makeColors } from './io.ts';
import { stderrLogger } from './logger.ts';
import { VERSION, buildProgram, translateCommanderError } from './program.ts';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const program = buildProgram(io);
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (raw) {
    const error = translateCommanderError(raw);
    if (error && typeof error === 'object' && 'exitCode' in error && !(error instanceof Error)) {
      return (error as { exitCode: number }).exitCode;
    }
    return reportError(error, io);
  }
}

export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof ExitError) return error.exitCode;
  const paint = io.stderrColor ?? io.color;
  if (error instanceof AppError && error.userFacing) {
    // Messages quote servers (an API error body) and files: printable, line breaks kept.
    io.stderr.write(
      `${paint.red('error')}: ${printableLines(error.message).split('\n').map(clipLine).join('\n')}\n`,
    );
    return exitCodeFor(error);
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(
    `${paint.red('internal error')}: this is a bug in shipwatch ${VERSION} (node ${process.version}); please report it with the lines below.\n${redact(detail).replaceAll(io.context.cwd, '<cwd>')}\n`,
  );
  return 70;
}

/** An error line quoting a 20,000-character argument stays readable: both ends kept, the middle counted. */
function clipLine(line: string): string {
  const max = 400;
  if (line.length <= max) return line;
  return `${line.slice(0, 250)} … (${line.length - 350} characters) … ${line.slice(-100)}`;
}

function exitCodeFor(error: AppError): number {
  switch (error.code) {
    case 'REGISTRY_UNAVAILABLE':
    case 'REGISTRY_RESPONSE':
    case 'GITHUB_API':
      return 4;
    default:
      return 2;
  }
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function processIo(): CliIo {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const stderrColor = makeColors(colorEnabled(process.env, Boolean(process.stderr.isTTY)));
  return {
    stdout: redactingWriter(process.stdout),
    stderr: redactingWriter(process.stderr),
    stdoutIsTTY,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdin: process.stdin,
    color: makeColors(colorEnabled(process.env, stdoutIsTTY)),
    stderrColor,
    context: defaultContext({ logger: stderrLogger(process.stderr, stderrColor, process.env) }),
    onInterrupt(handler) {
      // `kill` and a closed terminal deserve the same cleanup as Ctrl-C (cursor shown, no half verdict).
      for (const signal of STOP_SIGNALS) process.on(signal, handler);
      return () => {
        for (const signal of STOP_SIGNALS) process.off(signal, handler);
      };
    },
  };
}

/**
 * The stream with every write passed through `redactRegistered`: whatever a registry or the API
 * echoes back (a token in a date field, a file name), a registered token never reaches the
 * terminal. Everything else (columns, drain events) is the stream's own.
 */
function redactingWriter(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean)(
            typeof chunk === 'string' ? redactRegistered(chunk) : chunk,
            ...rest,
          );
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** True when this file is the program node started, also through npm's `shipwatch` bin symlink; false when imported (tests). */
function startedAsMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (startedAsMain()) {
  // The reader of stdout is gone (`shipwatch templates big.log | head`): stop at once, as a Unix tool
  // killed by SIGPIPE does (128 + 13). Never 0: under `set -o pipefail` that would read as "present"
  // or "every job succeeded" whatever the verdict was.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(141);
  });
  const io = processIo();
  // Errors thrown outside a command's promise chain (timers, stream callbacks) still get the one
  // boundary: "this is a bug", exit 70, instead of Node's raw crash output.
  const crash = (error: unknown) => {
    process.exitCode = reportError(error, io);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  const code = await runCli(process.argv.slice(2), io);
  process.exitCode = code;
}
