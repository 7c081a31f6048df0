/**
 * @module `shipwatch why <file|->`: what really broke in a CI log - verdict, failing step and exit code,
 * root causes from the failure-signature knowledge base with the evidence lines, consequences, and
 * the noise labelled as noise. Exit code: 0 succeeded, 1 failed, 3 can't tell (2 bad input/usage).
 */
import { ExitError, UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';

interface WhyFlags {
  json?: boolean;
  format?: string;
}

const FORMATS = ['text', 'markdown', 'json'] as const;

export const whyCommand: CliCommand = {
  name: 'why',
  register(program, io) {
    program
      .command('why')
      .description(
        'diagnose a CI log: verdict, failing step, root cause with evidence, and the noise labelled as noise',
      )
      .argument(
        '<log>',
        'job log file, run zip, .gz, or - for stdin (GitHub Actions, gh --log-failed, web copy, Jenkins, GitLab, plain)',
      )
      .option('--json', 'machine-readable output (same as --format json)')
      .option('--format <format>', 'text | markdown | json (default: text)')
      .addHelpText(
        'after',
        [
          '',
          'Several jobs (a run zip, --log-failed output of several jobs): each job is diagnosed on its own, in',
          'the order of the log; the text and markdown views show every job and cite lines as `job › L16`.',
          '--json then adds "jobs": [{"job": name, ...that job\'s diagnosis}], and its top-level verdict,',
          'failingStep, causes and noise are those of the first job that failed (else the first job the log',
          "cannot tell about, else the first job), so the top-level verdict and the exit code are the run's.",
          '',
          'Exit codes: 0 the job succeeded, 1 it failed (the diagnosis says why), 3 the log does not say',
          '(an excerpt without a job result), 2 bad input or usage. For several jobs: 1 if any job failed.',
          '',
        ].join('\n'),
      )
      .action(async (file: string, flags: WhyFlags) => {
        // --json is a shorthand: with any other --format it is a contradiction, not a precedence rule.
        if (flags.json && flags.format !== undefined && flags.format !== 'json') {
          throw new UsageError(`--json conflicts with --format ${flags.format}; give one of them`);
        }
        const format = flags.json ? 'json' : (flags.format ?? 'text');
        if (!(FORMATS as readonly string[]).includes(format)) {
          throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
        }
        const { runWhy } = await import('../../logs/why/run.ts');
        const diagnosis = await runWhy(io.context, { path: file, stdin: io.stdin });
        if (format === 'json') {
          io.stdout.write(`${JSON.stringify(diagnosis)}\n`);
        } else if (format === 'markdown') {
          const { renderMarkdown } = await import('../../logs/why/render-markdown.ts');
          io.stdout.write(renderMarkdown(diagnosis));
        } else {
          const { renderText } = await import('../../logs/why/render-text.ts');
          io.stdout.write(renderText(diagnosis, io.color));
        }
        const code = diagnosis.verdict === 'succeeded' ? 0 : diagnosis.verdict === 'failed' ? 1 : 3;
        if (code !== 0) throw new ExitError(code);
      });
  },
};
