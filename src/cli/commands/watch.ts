/**
 * @module `shipwatch watch [run-id|--workflow F|--latest]`: a release run live, with roles (root
 * cause / cascade / independent failure) and a `why` summary of each failed job as it completes.
 */
import { UsageError } from '../../errors.ts';
import { registerSecret } from '../../shared/redact.ts';
import type { CliCommand } from './types.ts';

interface WatchFlags {
  workflow?: string;
  latest?: boolean;
  repo?: string;
  apiUrl?: string;
  token?: string;
  json?: boolean;
}

export function parseApiUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--api-url: not a URL: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--api-url: expected http(s)://..., got '${value}'`);
  }
  return value;
}

export function parseRunId(value: string | undefined, flags: WatchFlags): number | undefined {
  if (value === undefined) return undefined;
  if (flags.workflow !== undefined || flags.latest) {
    throw new UsageError('give a run id, or --workflow, or --latest, not several');
  }
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`run id: expected a positive number, got '${value}'`);
  }
  return Number(value);
}

export const watchCommand: CliCommand = {
  name: 'watch',
  register(program, io) {
    program
      .command('watch')
      .description(
        'watch a workflow run live: roles (root cause / cascade), `why` of each failed job, low API cost',
      )
      .argument('[run-id]', 'workflow run id (default: the latest run)')
      .option('--workflow <file>', 'the latest run of this workflow (file name like release.yml, or its id)')
      .option('--latest', 'the latest run of the repository')
      .option('--repo <owner/name>', 'repository (default: the git remote of the current directory)')
      .option('--api-url <url>', 'API root (GitHub Enterprise: https://HOST/api/v3; the simulator)')
      .option('--token <token>', 'token (default: GH_TOKEN, GITHUB_TOKEN, or `gh auth token`)')
      .option('--json', 'stream NDJSON events, ending with a final object')
      .action(async (runIdArg: string | undefined, flags: WatchFlags) => {
        // First thing: from here on the token is redacted from every message, whatever fails.
        registerSecret(flags.token);
        const runId = parseRunId(runIdArg, flags);
        const apiUrl = parseApiUrl(flags.apiUrl);
        if (flags.workflow !== undefined && flags.latest) {
          throw new UsageError('--workflow already picks the latest run of that workflow; drop --latest');
        }
        const [{ withWatchSession }, { runWatch }, { loadDefaultAnalysis }] = await Promise.all([
          import('../../watch/cli-entry.ts'),
          import('../../watch/run-watch.ts'),
          import('../../watch/default-analysis.ts'),
        ]);
        const analysis = await loadDefaultAnalysis();
        await withWatchSession(io, flags.json === true, (session) =>
          runWatch(io.context, {
            target:
              runId !== undefined ? { kind: 'id', runId } : { kind: 'latest', workflow: flags.workflow },
            repo: flags.repo,
            apiUrl,
            token: flags.token,
            analysis,
            onEvent: session.onEvent,
            signal: session.signal,
          }),
        );
      });
  },
};
