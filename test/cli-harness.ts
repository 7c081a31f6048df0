/** Runs the CLI in-process with captured output: the same path as the real bin, minus process.*. */
import { Readable } from 'node:stream';
import { type CliIo, makeColors } from '../src/cli/io.ts';
import { stderrLogger } from '../src/cli/logger.ts';
import { runCli } from '../src/cli/main.ts';
import { type CommandContext, defaultContext } from '../src/shared/context.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliCaptured(
  argv: string[],
  options: { context?: Partial<CommandContext>; stdin?: string | Buffer; tty?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stderrWriter = { write: (s: string) => (stderr += s) };
  const env = options.context?.env ?? {};
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: stderrWriter,
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    color: makeColors(false),
    // The same stderr logger as the real bin, so tests see the warnings users see.
    context: defaultContext({
      env: {},
      logger: stderrLogger(stderrWriter, makeColors(false), env),
      ...options.context,
    }),
    onInterrupt: () => () => {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
