import { UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';

// Placeholder until the command lands; says so plainly instead of pretending.
export const templatesCommand: CliCommand = {
  name: 'templates',
  register(program) {
    program
      .command('templates')
      .description('(not yet available)')
      .option('--json', 'machine-readable output')
      .allowUnknownOption()
      .action(() => {
        throw new UsageError('`shipwatch templates` is not available in this build yet');
      });
  },
};
