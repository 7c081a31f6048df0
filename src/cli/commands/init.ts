import { UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';

// Placeholder until the command lands; says so plainly instead of pretending.
export const initCommand: CliCommand = {
  name: 'init',
  register(program) {
    program
      .command('init')
      .description('(not yet available)')
      .option('--json', 'machine-readable output')
      .allowUnknownOption()
      .action(() => {
        throw new UsageError('`shipwatch init` is not available in this build yet');
      });
  },
};
