import { UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';

// Placeholder until the command lands; says so plainly instead of pretending.
export const watchCommand: CliCommand = {
  name: 'watch',
  register(program) {
    program
      .command('watch')
      .description('(not yet available)')
      .option('--json', 'machine-readable output')
      .allowUnknownOption()
      .action(() => {
        throw new UsageError('`shipwatch watch` is not available in this build yet');
      });
  },
};
