/** Runs the CLI in-process with captured output: the same path as the real bin, minus process.*. */
import { Readable } from 'node:stream';
import { type CliIo, makeColors } from '../src/cli/io.ts';
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
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    color: makeColors(false),
    context: defaultContext({ env: {}, ...options.context }),
    onInterrupt: () => () => {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
