/** The explicit list of commands; cli/program.ts registers them in this order. */
import { demoCommand } from './demo.ts';
import { existsCommand } from './exists.ts';
import { initCommand } from './init.ts';
import { templatesCommand } from './templates.ts';
import type { CliCommand } from './types.ts';
import { verifyCommand } from './verify.ts';
import { watchCommand } from './watch.ts';
import { whyCommand } from './why.ts';

export const commands: readonly CliCommand[] = [
  demoCommand,
  watchCommand,
  whyCommand,
  templatesCommand,
  verifyCommand,
  existsCommand,
  initCommand,
];
