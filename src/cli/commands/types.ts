import type { Command } from 'commander';
import type { CliIo } from '../io.ts';

/** One CLI command: registers its flags on the program; its action lazy-imports the core. */
export interface CliCommand {
  name: string;
  register(program: Command, io: CliIo): void;
}
