/**
 * @module Entry of `watch` and `demo` below the CLI: resolves token and repository, builds the
 * client, runs the loop, and hands every event to one sink. Plain function of the context.
 */
import { createGitHubClient, type LimitNotice } from '../github/client.ts';
import { parseRepoFlag, type RepoRef, resolveRepo } from '../github/repo.ts';
import { resolveToken, type TokenOptions } from '../github/token.ts';
import {
  type ListenAddress,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../github/webhook-receiver.ts';
import type { CommandContext } from '../shared/context.ts';
import type { RoleAssignment, WatchAnalysis, WorkflowLike } from './analysis.ts';
import type { WatchEvent } from './events.ts';
import { pollingSource } from './job-source.ts';
import { realSleep, type WatchResult, type WatchTarget, watchRun } from './watch-run.ts';
import { formatWait } from './views/format.ts';
import { webhookSource } from './webhook-source.ts';

export interface RunWatchOptions<W extends WorkflowLike, A extends RoleAssignment> {
  target: WatchTarget;
  /** `--repo owner/name`; the git remote of cwd when absent. */
  repo?: string | undefined;
  /** `--api-url`. */
  apiUrl?: string | undefined;
  /** `--token`. */
  token?: string | undefined;
  /** Skip token discovery entirely (the demo talks to our own simulator). */
  anonymous?: boolean;
  analysis: WatchAnalysis<W, A>;
  onEvent: (event: WatchEvent) => void;
  signal: AbortSignal;
  /** Real ms per server ms (1 / simulator speed). */
  timeScale?: number;
  /** Watch clock (ms); ctx.now by default. */
  clock?: () => number;
  /** Injected `gh auth token` (tests). */
  ghAuthToken?: TokenOptions['ghAuthToken'];
  sleep?: (realMs: number, signal: AbortSignal) => Promise<void>;
  /**
   * Webhook mode: job updates from `workflow_job` / `workflow_run` deliveries, with a slow safety
   * poll. Either a receiver already listening (the demo starts it before the simulator), or where
   * to start one (`--listen`, `--webhook-secret`); polling when absent.
   */
  webhooks?: { receiver: WebhookReceiver } | { listen: ListenAddress; secret?: string | undefined };
  /** Seconds between the webhook mode's safety polls (default 60). */
  safetyPollSec?: number;
  /** See WatchOptions.followAttemptsUntil (the demo only). */
  followAttemptsUntil?: number;
}

export async function runWatch<W extends WorkflowLike, A extends RoleAssignment>(
  ctx: CommandContext,
  options: RunWatchOptions<W, A>,
): Promise<WatchResult> {
  // An explicit `--repo ''` is a mistake to report, not a request for the git remote.
  const repo: RepoRef =
    options.repo !== undefined
      ? parseRepoFlag(options.repo)
      : await resolveRepo({ flag: undefined, cwd: ctx.cwd });
  const { token, source } = options.anonymous
    ? { token: undefined, source: 'none' as const }
    : await resolveToken({ flag: options.token, env: ctx.env, ghAuthToken: options.ghAuthToken });
  const clock = options.clock ?? ctx.now;
  const startedAt = clock();
  const client = createGitHubClient({
    baseUrl: options.apiUrl,
    token,
    fetch: ctx.fetch,
    // HTTPS_PROXY / NO_PROXY from the command's environment (loopback, e.g. the demo's simulator, goes direct).
    env: ctx.env,
    logger: ctx.logger,
    timeScale: options.timeScale ?? 1,
    onLimit: (notice: LimitNotice) =>
      options.onEvent({
        type: 'rate-limit',
        t: Math.round((clock() - startedAt) / 100) / 10,
        kind: notice.kind,
        waitSec: notice.retryAfterSec,
        retrying: notice.retrying,
        message: `${notice.kind} rate limit on ${notice.request}; ${notice.retrying ? `retrying in ${formatWait(notice.retryAfterSec)}` : 'backing off'}`,
      }),
  });
  const abort = () => client.abort();
  const sleep = options.sleep ?? realSleep;
  const hooks = options.webhooks;
  // Started here only when we own it; a receiver handed in is closed by whoever started it.
  const owned =
    hooks && 'listen' in hooks
      ? await startWebhookReceiver({ ...hooks.listen, secret: hooks.secret })
      : undefined;
  const receiver = hooks && 'receiver' in hooks ? hooks.receiver : owned;
  options.signal.addEventListener('abort', abort, { once: true });
  try {
    return await watchRun({
      client,
      repo,
      target: options.target,
      analysis: options.analysis,
      clock,
      sleep,
      signal: options.signal,
      emit: options.onEvent,
      tokenSource: source,
      ...(options.followAttemptsUntil !== undefined
        ? { followAttemptsUntil: options.followAttemptsUntil }
        : {}),
      source: receiver
        ? webhookSource(receiver, { safetyPollSec: options.safetyPollSec, sleep })
        : pollingSource(sleep),
    });
  } finally {
    options.signal.removeEventListener('abort', abort);
    await owned?.close();
  }
}
