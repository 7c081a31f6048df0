import { UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';

// Placeholder until the command lands; says so plainly instead of pretending.
export const verifyCommand: CliCommand = {
  name: 'verify',
  register(program) {
    program
      .command('verify')
      .description('(not yet available)')
      .option('--json', 'machine-readable output')
      .allowUnknownOption()
      .action(() => {
        throw new UsageError('`shipwatch verify` is not available in this build yet');
      });
  },
};
