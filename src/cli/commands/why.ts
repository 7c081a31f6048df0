import { UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';

// Placeholder until the command lands; says so plainly instead of pretending.
export const whyCommand: CliCommand = {
  name: 'why',
  register(program) {
    program
      .command('why')
      .description('(not yet available)')
      .option('--json', 'machine-readable output')
      .allowUnknownOption()
      .action(() => {
        throw new UsageError('`shipwatch why` is not available in this build yet');
      });
  },
};
