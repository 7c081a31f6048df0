/**
 * @module `shipwatch demo`: `watch` against the built-in GitHub API simulator replaying the
 * 12-channel release crisis, no token and no network.
 */
import { UsageError } from '../../errors.ts';
import type { CliCommand } from './types.ts';
import { VIEW_HELP } from './watch.ts';

interface DemoFlags {
  json?: boolean;
  speed?: string;
  scenario?: string;
  poll?: boolean;
}

export function parseSpeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 10_000) {
    throw new UsageError(
      `--speed: expected a number of simulated seconds per real second (0 < N ≤ 10000), got '${value}'`,
    );
  }
  return speed;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  register(program, io) {
    program
      .command('demo')
      .description(
        'watch a replayed 12-channel release crisis on the built-in GitHub API simulator (no token, no network)',
      )
      .option('--json', 'stream NDJSON events, ending with a final object (same as `watch --json`)')
      .option(
        '--poll',
        "poll the jobs (3–30 s cadence) instead of receiving the simulator's signed webhooks (the default)",
      )
      .option(
        '--speed <n>',
        'simulated seconds per real second (default: the whole story in about 30 s, at most 60×)',
      )
      .option(
        '--scenario <name>',
        'built-in scenario (release-crisis, clean-release, flaky-rerun, release-race, matrix-failfast, big-matrix, rerun-failed-jobs) or a scenario file (docs/simulator.md)',
      )
      .addHelpText('after', VIEW_HELP)
      .addHelpText(
        'after',
        '\nA scenario with a re-run is watched to its end: its result is the last attempt.\nExit codes: 0 every job of the replayed run succeeded, 1 some failed (the default crisis scenario\nfails on purpose), 2 usage error, 130 interrupted (Ctrl-C; the terminal is restored).',
      )
      .action(async (flags: DemoFlags) => {
        const speed = parseSpeed(flags.speed);
        const [{ withWatchSession }, { runDemo }, { loadDefaultAnalysis }, { listScenarios }] =
          await Promise.all([
            import('../../watch/cli-entry.ts'),
            import('../../watch/demo.ts'),
            import('../../watch/default-analysis.ts'),
            import('../../simulator/server.ts'),
          ]);
        const scenario = flags.scenario;
        if (
          scenario !== undefined &&
          !listScenarios().includes(scenario) &&
          !/\.(ya?ml|json)$/.test(scenario)
        ) {
          throw new UsageError(
            `--scenario: unknown scenario '${scenario}' (built in: ${listScenarios().join(', ')})`,
          );
        }
        const analysis = await loadDefaultAnalysis();
        await withWatchSession(io, flags.json === true, (session) =>
          runDemo(io.context, {
            scenario,
            speed,
            poll: flags.poll === true,
            analysis,
            onEvent: session.onEvent,
            signal: session.signal,
          }),
        );
      });
  },
};
