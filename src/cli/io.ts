/**
 * @module The CLI's view of the outside world: streams, TTY and colour decisions, and the core
 * context. Commands write through this, so tests can capture output without touching process.*.
 */
import pc from 'picocolors';
import type { CommandContext } from '../shared/context.ts';

export interface Writer {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  /** stdout is an interactive terminal (live views, progress bars). */
  stdoutIsTTY: boolean;
  /** stderr is an interactive terminal (progress bars go to stderr). */
  stderrIsTTY: boolean;
  /** Standard input, for `-` arguments. */
  stdin: NodeJS.ReadableStream;
  /** Colour functions; all identity when colour is off (NO_COLOR, not a TTY, --json). */
  color: Colors;
  /** Colours for what goes to stderr, decided on stderr's own TTY (`2> file` gets none); `color` when absent. */
  stderrColor?: Colors;
  context: CommandContext;
  /** Called on Ctrl-C; live views register cleanup here. */
  onInterrupt(handler: () => void): () => void;
}

export type Colors = Pick<
  typeof pc,
  'red' | 'green' | 'yellow' | 'blue' | 'cyan' | 'magenta' | 'gray' | 'bold' | 'dim'
>;

export function makeColors(enabled: boolean): Colors {
  const c = pc.createColors(enabled);
  return {
    red: c.red,
    green: c.green,
    yellow: c.yellow,
    blue: c.blue,
    cyan: c.cyan,
    magenta: c.magenta,
    gray: c.gray,
    bold: c.bold,
    dim: c.dim,
  };
}

/** Colour on only for a TTY, and never when NO_COLOR is set (https://no-color.org) or TERM=dumb. */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}
