import { UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';

// Placeholder until the command lands; says so plainly instead of pretending.
export const existsCommand: CliCommand = {
  name: 'exists',
  register(program) {
    program
      .command('exists')
      .description('(not yet available)')
      .option('--json', 'machine-readable output')
      .allowUnknownOption()
      .action(() => {
        throw new UsageError('`shipwatch exists` is not available in this build yet');
      });
  },
};
