import { UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';

// Placeholder until the command lands; says so plainly instead of pretending.
export const demoCommand: CliCommand = {
  name: 'demo',
  register(program) {
    program
      .command('demo')
      .description('(not yet available)')
      .option('--json', 'machine-readable output')
      .allowUnknownOption()
      .action(() => {
        throw new UsageError('`shipwatch demo` is not available in this build yet');
      });
  },
};
