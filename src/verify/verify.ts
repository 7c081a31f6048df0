/**
 * @module `shipwatch verify` core: ask every configured channel about one version, in parallel
 * (bounded), then check integrity against the GitHub release and, with a run, claimed vs actual.
 * Plain function of the command context; never touches process.*.
 */
import { channelVersion } from '../config/parse.ts';
import type { ResolvedChannel, ResolvedConfig } from '../config/types.ts';
import { AppError } from '../errors.ts';
import { envTokenMayGoTo, mapLimit, registryContext, warnWithheld } from '../registries/http.ts';
import { registries as defaultRegistries } from '../registries/index.ts';
import type { ChannelObservation, RegistryAdapter } from '../registries/types.ts';
import type { CommandContext } from '../shared/context.ts';
import { type ClaimsWorkflow, compareClaims, type JobLite, loadClaimsWorkflow } from './claims.ts';
import { checkIntegrity } from './integrity.ts';
import { summarize } from './summary.ts';
import type { ChannelResult, VerifyReport } from './types.ts';
import { deadline } from '../shared/deadline.ts';

export interface VerifyOptions {
  config: ResolvedConfig;
  /** Version to verify; a leading tag prefix (`v1.2.3`) is accepted and dropped. */
  version: string;
  /** Adapter map; the production map by default (tests and the bench may pass their own). */
  adapters?: Readonly<Record<string, RegistryAdapter>>;
  /** When set, claimed vs actual: the jobs of this run are fetched through `listRunJobs`. */
  runId?: number;
  listRunJobs?: (runId: number) => Promise<JobLite[]>;
  /** The run's workflow file, to map `job:` YAML keys to the names the API reports (claims.ts). */
  readRunWorkflow?: (runId: number) => Promise<{ path: string; text: string } | undefined>;
  /** Told as each channel answers (progress on a TTY). */
  onResult?: (result: ChannelResult) => void;
  signal?: AbortSignal;
}

/** Drops the tag prefix from `v1.2.3` (only when a digit follows, so `version-x` survives). */
export function bareVersion(version: string, tagPrefix: string): string {
  return tagPrefix && version.startsWith(tagPrefix) && /^\d/.test(version.slice(tagPrefix.length))
    ? version.slice(tagPrefix.length)
    : version;
}

function versionOn(channel: ResolvedChannel, version: string, tagPrefix: string): string {
  // A GitHub release is found by its tag; other channels use the plain version.
  if (channel.channel === 'github-releases' && channel.versionTemplate === '{version}')
    return `${tagPrefix}${version}`;
  return channelVersion(channel, version);
}

// A channel may make a few requests (NuGet index + leaf; GitHub v-tag, bare tag, drafts list and,
// when absent, the repository itself); bound the whole check.
const REQUESTS_PER_CHECK = 4;

async function checkChannel(
  ctx: CommandContext,
  config: ResolvedConfig,
  channel: ResolvedChannel,
  version: string,
  adapters: Readonly<Record<string, RegistryAdapter>>,
  signal: AbortSignal | undefined,
): Promise<ChannelResult> {
  const started = ctx.now();
  const asked = versionOn(channel, version, config.tagPrefix);
  const adapter = Object.hasOwn(adapters, channel.channel) ? adapters[channel.channel] : undefined;
  let observation: ChannelObservation;
  if (!adapter) {
    observation = {
      channel: channel.channel,
      package: channel.package,
      version: asked,
      verdict: 'error',
      errorCode: 'CONFIG',
      reason: `no adapter for channel "${channel.channel}" in this build`,
      checkedAt: new Date(started).toISOString(),
    };
  } else {
    // The whole check's bound (not AbortSignal.any + timeout, which a GC can drop: shared/deadline.ts).
    const checkLimit = deadline(config.timeoutMs * REQUESTS_PER_CHECK, [signal]);
    const baseUrl =
      channel.registry ?? (channel.channel === 'github-releases' ? config.githubApiUrl : undefined);
    // `tokenEnv` names a variable of the environment, from a file a pull request can edit: the
    // token it holds obeys the same host rule as the channel's own token variables.
    const namedToken = channel.tokenEnv ? ctx.env[channel.tokenEnv] : undefined;
    const token =
      namedToken !== undefined && envTokenMayGoTo(adapter, baseUrl, ctx.env) ? namedToken : undefined;
    if (namedToken !== undefined && token === undefined) {
      warnWithheld(ctx.logger, adapter, `${channel.tokenEnv} (tokenEnv)`, baseUrl, channel.name);
    }
    try {
      const rctx = registryContext(adapter, ctx, {
        timeoutMs: config.timeoutMs,
        signal: checkLimit.signal,
        ...(baseUrl ? { baseUrl } : {}),
        ...(token ? { token } : {}),
      });
      observation = await adapter.check(channel.package, asked, rctx);
    } catch (error) {
      // Only context building can throw (a registry location the adapter refuses); check() never does.
      observation = {
        channel: channel.channel,
        package: channel.package,
        version: asked,
        verdict: 'error',
        errorCode: 'CONFIG',
        reason: `${channel.name}: ${error instanceof Error ? error.message : String(error)}`,
        checkedAt: new Date(started).toISOString(),
      };
    } finally {
      checkLimit.clear();
    }
  }
  return {
    name: channel.name,
    channel: channel.channel,
    expected: !channel.optional,
    observation,
    durationMs: Math.max(0, ctx.now() - started),
  };
}

export async function verifyRelease(ctx: CommandContext, options: VerifyOptions): Promise<VerifyReport> {
  const { config } = options;
  const adapters = options.adapters ?? defaultRegistries;
  const version = bareVersion(options.version.trim(), config.tagPrefix);
  const tag = `${config.tagPrefix}${version}`;
  const checkedAt = new Date(ctx.now()).toISOString();

  const channels = await mapLimit(config.channels, config.concurrency, async (channel) => {
    const result = await checkChannel(ctx, config, channel, version, adapters, options.signal);
    options.onResult?.(result);
    return result;
  });

  // The integrity reference: the configured GitHub Releases channel, else one extra look at `github`.
  let releaseObservation = channels.find((c) => c.channel === 'github-releases')?.observation;
  const repo = releaseObservation?.package ?? config.github;
  const needsReference = channels.some(
    (c) => c.channel !== 'github-releases' && (c.observation.artifacts?.length ?? 0) > 0,
  );
  if (!releaseObservation && repo && needsReference && adapters['github-releases']) {
    const implicit: ResolvedChannel = {
      name: 'github-releases',
      channel: 'github-releases',
      package: repo,
      versionTemplate: '{version}',
      optional: true,
      ...(config.githubApiUrl ? { registry: config.githubApiUrl } : {}),
    };
    releaseObservation = (await checkChannel(ctx, config, implicit, version, adapters, options.signal))
      .observation;
  }
  const integrity = repo ? checkIntegrity(channels, { repo, observation: releaseObservation }) : [];

  let claims: VerifyReport['claims'];
  if (options.runId !== undefined && options.listRunJobs) {
    claims = await readClaims(options.runId, options.listRunJobs, channels, config, options.readRunWorkflow);
  }

  const { summary, summaryLine, ok, outcome } = summarize(
    channels,
    integrity,
    claims?.rows ?? [],
    claims?.error,
  );
  return {
    product: config.product,
    version,
    tag,
    checkedAt,
    channels,
    integrity,
    ...(claims ? { claims } : {}),
    summary,
    summaryLine,
    ok,
    outcome,
  };
}

/** The registries already answered: a GitHub API failure costs the comparison, not the whole report. */
async function readClaims(
  runId: number,
  listRunJobs: (runId: number) => Promise<JobLite[]>,
  channels: readonly ChannelResult[],
  config: ResolvedConfig,
  readRunWorkflow?: VerifyOptions['readRunWorkflow'],
): Promise<NonNullable<VerifyReport['claims']>> {
  let jobs: JobLite[];
  try {
    jobs = await listRunJobs(runId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'GITHUB_API')
      return { runId, rows: [], error: error.message };
    throw error;
  }
  const source: ClaimsWorkflow = readRunWorkflow
    ? await loadClaimsWorkflow(runId, readRunWorkflow)
    : { unavailable: 'the workflow file was not read' };
  const withJobs = channels.map((c, i) => ({ ...c, job: config.channels[i]?.job }));
  return { runId, rows: compareClaims(withJobs, jobs, source) };
}
