/**
 * @module Builds the commander program. Each command lives in its own file under commands/ and
 * registers its flags here; the heavy code behind it is imported lazily when the command runs.
 */
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.ts';
import { commands } from './commands/index.ts';
import type { CliIo } from './io.ts';

export const VERSION = '0.1.0';

export function buildProgram(io: CliIo): Command {
  const program = new Command('shipwatch')
    .description('Tells the truth about a software release: what broke, why, and what really shipped.')
    .version(VERSION, '-V, --version')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => {
        // Our error boundary prints usage errors; commander must not print them a second time.
      },
    })
    .exitOverride();
  for (const command of commands) command.register(program, io);
  return program;
}

/** Converts commander's own parse errors into our UsageError (exit 2) or a clean exit (help/version). */
export function translateCommanderError(error: unknown): unknown {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      return { exitCode: 0 };
    }
    // `shipwatch` with no command: commander already printed the help on stderr; that is a usage error.
    if (error.code === 'commander.help') return { exitCode: error.exitCode === 0 ? 0 : 2 };
    return new UsageError(`${error.message.replace(/^error: /, '')} (see --help)`);
  }
  return error;
}
