/** `shipwatch init`: propose a shipwatch.yml from the workflow files; write it only when none exists. */
import { InputError } from '../../errors.ts';
import { type CliIo, writeJson } from '../io.ts';
import type { CliCommand } from './types.ts';

interface InitFlags {
  stdout?: boolean;
  json?: boolean;
}

async function run(flags: InitFlags, io: CliIo): Promise<void> {
  const [{ proposeConfig, writeProposal }, { registries }] = await Promise.all([
    import('../../config/init/propose.ts'),
    import('../../registries/index.ts'),
  ]);
  const cwd = io.context.cwd;
  const proposal = await proposeConfig(cwd, Object.keys(registries));
  if (flags.json) {
    writeJson(io, { ...proposal, written: false });
    return;
  }
  for (const note of proposal.notes)
    io.stderr.write(`${(io.stderrColor ?? io.color).yellow('note')}: ${note}\n`);
  if (flags.stdout) {
    io.stdout.write(proposal.yaml);
    return;
  }
  const active = proposal.channels.filter((c) => !c.disabled && !c.unsupported);
  // A file holding only the placeholder channel would make `verify` check a package that is not ours.
  if (active.length === 0) {
    throw new InputError(
      `no publish steps recognised in ${proposal.workflows.join(', ')}; nothing written (\`shipwatch init --stdout\` prints a starting point)`,
    );
  }
  const file = await writeProposal(cwd, proposal);
  const guessed = active.filter((c) => c.guessedPackage).length;
  io.stdout.write(
    `wrote ${file} with ${active.length} channel${active.length === 1 ? '' : 's'} from ${proposal.workflows.join(', ')}` +
      `${guessed ? ` (${guessed} package name${guessed === 1 ? '' : 's'} guessed: check the comments)` : ''}\n`,
  );
}

export const initCommand: CliCommand = {
  name: 'init',
  register(program, io) {
    program
      .command('init')
      .description('propose a shipwatch.yml from .github/workflows (written only if none exists)')
      .option('--stdout', 'print the proposal instead of writing shipwatch.yml')
      .option('--json', 'machine-readable proposal (detections with their sources); writes nothing')
      .addHelpText(
        'after',
        '\nExit codes: 0 written (or printed), 2 nothing to propose (no workflows, no publish step recognised),\nshipwatch.yml already exists, or bad usage.\n',
      )
      .action((flags: InitFlags) => run(flags, io));
  },
};
