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
  webhooks?: boolean;
  listen?: string;
  webhookSecret?: string;
}

export const DEFAULT_LISTEN = '127.0.0.1:8765';

const WEBHOOK_HELP = `
Webhook mode (--webhooks): job updates arrive as workflow_job / workflow_run webhooks on a
receiver bound to loopback (--listen, default ${DEFAULT_LISTEN}); each failed job's log is fetched
once when its workflow_job "completed" arrives; a safety poll (a conditional GET of the run every
60 s, and the jobs list when the run changed or a delivery looks missed) repairs lost deliveries.
Real GitHub deliveries reach a laptop through the gh-webhook extension or a tunnel:
  gh extension install cli/gh-webhook
  gh webhook forward --repo o/r --events workflow_job,workflow_run --url http://${DEFAULT_LISTEN}/ --secret S
  shipwatch watch --latest --repo o/r --webhooks --webhook-secret S     (or SHIPWATCH_WEBHOOK_SECRET=S)
With a secret, deliveries without a valid X-Hub-Signature-256 are answered 401 and ignored.
(The future \`shipwatch serve\` will receive them too.)`;

export function parseWebhookFlags(
  flags: WatchFlags,
  env: Readonly<Record<string, string | undefined>>,
): { listen: string; secret: string | undefined } | undefined {
  if (!flags.webhooks) {
    if (flags.listen !== undefined) throw new UsageError('--listen needs --webhooks');
    if (flags.webhookSecret !== undefined) throw new UsageError('--webhook-secret needs --webhooks');
    return undefined;
  }
  const secret = flags.webhookSecret ?? (env.SHIPWATCH_WEBHOOK_SECRET || undefined);
  if (secret !== undefined && secret.trim() === '') throw new UsageError('--webhook-secret: empty secret');
  return { listen: flags.listen ?? DEFAULT_LISTEN, secret };
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
      .option('--webhooks', 'receive workflow_job / workflow_run webhooks instead of polling (see below)')
      .option(
        '--listen <[host:]port>',
        `where the webhook receiver listens, loopback only (default ${DEFAULT_LISTEN})`,
      )
      .option(
        '--webhook-secret <secret>',
        'webhook secret (default: SHIPWATCH_WEBHOOK_SECRET); verifies every delivery',
      )
      .addHelpText('after', WEBHOOK_HELP)
      .addHelpText('after', VIEW_HELP)
      .addHelpText('after', WATCH_EXIT_CODES)
      .action(async (runIdArg: string | undefined, flags: WatchFlags) => {
        // First thing: from here on the token is redacted from every message, whatever fails.
        registerSecret(flags.token);
        const hooks = parseWebhookFlags(flags, io.context.env);
        registerSecret(hooks?.secret);
        const runId = parseRunId(runIdArg, flags);
        const apiUrl = parseApiUrl(flags.apiUrl);
        if (flags.workflow !== undefined && flags.latest) {
          throw new UsageError('--workflow already picks the latest run of that workflow; drop --latest');
        }
        const [{ withWatchSession }, { runWatch }, { loadDefaultAnalysis }, { parseListen }] =
          await Promise.all([
            import('../../watch/cli-entry.ts'),
            import('../../watch/run-watch.ts'),
            import('../../watch/default-analysis.ts'),
            import('../../github/webhook-receiver.ts'),
          ]);
        const listen = hooks ? parseListen(hooks.listen) : undefined;
        if (hooks && !hooks.secret) {
          io.stderr.write(
            'warning: no webhook secret: deliveries are not verified (set --webhook-secret or SHIPWATCH_WEBHOOK_SECRET, and the same --secret in gh webhook forward)\n',
          );
        }
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
            ...(hooks && listen ? { webhooks: { listen, secret: hooks.secret } } : {}),
          }),
        );
      });
  },
};

/** Shared with `demo`, which draws the same views. */
export const VIEW_HELP = `
Output: on a terminal a live block of job rows redrawn in place; append-only lines when stdout is
not a terminal or TERM=dumb; NDJSON with --json. NO_COLOR turns colour off (the redraw stays).`;

const WATCH_EXIT_CODES = `
Exit codes: 0 every job succeeded, 1 any job failed, 4 the watch could not tell (the GitHub API
failed after retries: token rejected, rate limit that did not clear, 5xx, network; or the run ended
with a job that never finished),
2 usage error (bad flag, unknown run or workflow), 130 interrupted (Ctrl-C; the terminal is restored).`;
