/** `shipwatch verify <version>`: every channel of shipwatch.yml, in parallel; exit 0 only when all expected are live. */
import path from 'node:path';
import { ExitError, UsageError } from '../../errors.ts';
import { type CliIo, writeJson } from '../io.ts';
import type { CliCommand } from './types.ts';

interface VerifyFlags {
  config?: string;
  json?: boolean;
  format?: string;
  run?: string;
  apiUrl?: string;
  concurrency?: string;
  timeout?: string;
}

/** A run id as GitHub prints it: digits only, and exact in a JS number. */
function runIdOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`--run: expected a run id (digits), got '${value}'`);
  return n;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function intBetween(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got '${value}'`);
  return n;
}

async function run(version: string, flags: VerifyFlags, io: CliIo): Promise<void> {
  if (!/^\S+$/.test(version)) {
    throw new UsageError(`version: expected one word like 1.4.2 or v1.4.2, got '${version}'`);
  }
  if (flags.json && flags.format !== undefined && flags.format !== 'json') {
    throw new UsageError(`--json conflicts with --format ${flags.format}; give one of them`);
  }
  const format = flags.json ? 'json' : (flags.format ?? 'text');
  if (!['text', 'json', 'markdown'].includes(format)) {
    throw new UsageError(`--format: expected text, json or markdown, got '${format}'`);
  }
  if (flags.config === '') throw new UsageError('--config: the path is empty');
  if (flags.apiUrl !== undefined && !isHttpUrl(flags.apiUrl)) {
    throw new UsageError(
      `--api-url: '${flags.apiUrl}' is not an http(s) URL (e.g. https://ghe.example.com/api/v3)`,
    );
  }
  const runId = runIdOf(flags.run);
  // The same bounds as shipwatch.yml's concurrency and timeoutMs.
  const concurrency = intBetween('--concurrency', flags.concurrency, 1, 64);
  const timeoutMs = intBetween('--timeout', flags.timeout, 100, 300_000);
  const ctx = io.context;
  const [{ loadConfig }, { registries }, { verifyRelease }] = await Promise.all([
    import('../../config/load.ts'),
    import('../../registries/index.ts'),
    import('../../verify/verify.ts'),
  ]);
  const { config, warnings } = await loadConfig({
    cwd: ctx.cwd,
    ...(flags.config ? { file: flags.config } : {}),
    knownChannels: Object.keys(registries),
    gitChannels: Object.values(registries)
      .filter((a) => a.baseUrlKind === 'git')
      .map((a) => a.id),
  });
  for (const w of warnings) io.stderr.write(`${(io.stderrColor ?? io.color).yellow('warning')}: ${w}\n`);
  if (concurrency) config.concurrency = concurrency;
  if (timeoutMs) config.timeoutMs = timeoutMs;
  if (flags.apiUrl) config.githubApiUrl = flags.apiUrl.replace(/\/+$/, '');

  let listRunJobs:
    | ((id: number) => Promise<{ name: string; status: string; conclusion?: string | null }[]>)
    | undefined;
  let readRunWorkflow: ((id: number) => Promise<{ path: string; text: string } | undefined>) | undefined;
  let abortGitHub: (() => void) | undefined;
  if (runId !== undefined) {
    if (!config.github) throw new UsageError(`--run needs \`github: owner/repo\` in ${config.file}`);
    const [owner = '', repo = ''] = config.github.split('/');
    const [gh, { envTokenMayGoTo }] = await Promise.all([
      import('../../github/index.ts'),
      import('../../registries/http.ts'),
    ]);
    const resolved = await gh.resolveToken({ env: ctx.env });
    // A githubApiUrl written in shipwatch.yml may come from a pull request: the CI token goes there only
    // when the user named the host (--api-url, SHIPWATCH_TOKEN_HOSTS), as for registry overrides.
    const fromConfig = flags.apiUrl === undefined ? config.githubApiUrl : undefined;
    const mayGo = envTokenMayGoTo({ defaultBaseUrl: 'https://api.github.com' }, fromConfig, ctx.env);
    if (resolved.token && !mayGo) {
      const host = new URL(fromConfig ?? '').host;
      io.stderr.write(
        `${(io.stderrColor ?? io.color).yellow('warning')}: ${resolved.source === 'gh' ? 'the token of `gh auth token`' : resolved.source} not sent to ${host} (githubApiUrl in shipwatch.yml); pass --api-url or list the host in SHIPWATCH_TOKEN_HOSTS\n`,
      );
    }
    const client = gh.createGitHubClient({
      baseUrl: config.githubApiUrl,
      token: mayGo ? resolved.token : undefined,
      fetch: ctx.fetch,
      env: ctx.env,
      logger: ctx.logger,
      // The same per-request bound as the registries (--timeout / timeoutMs), not the watch's 30 s.
      requestTimeoutMs: config.timeoutMs,
    });
    listRunJobs = (id) => gh.listJobs(client, { owner, repo }, id);
    // The file maps `job:` YAML keys to API job names (claims.ts), as watch does.
    readRunWorkflow = async (id) =>
      gh.getWorkflowFile(client, { owner, repo }, await gh.getRun(client, { owner, repo }, id));
    abortGitHub = () => client.abort();
  }

  const controller = new AbortController();
  const off = io.onInterrupt(() => {
    controller.abort();
    abortGitHub?.();
  });
  const interrupted = () => {
    io.stderr.write('interrupted: no verdict\n');
    return new ExitError(130, 'interrupted');
  };
  let done = 0;
  try {
    const report = await verifyRelease(ctx, {
      config,
      version,
      signal: controller.signal,
      ...(runId !== undefined && listRunJobs ? { runId, listRunJobs } : {}),
      ...(readRunWorkflow ? { readRunWorkflow } : {}),
      onResult: () => {
        done += 1;
        if (io.stderrIsTTY && format === 'text')
          io.stderr.write(`\rchecked ${done}/${config.channels.length} channels`);
      },
    }).catch((error: unknown) => {
      // An aborted GitHub request rejects; after Ctrl-C that is the interruption, not an error.
      throw controller.signal.aborted ? interrupted() : error;
    });
    if (io.stderrIsTTY && format === 'text') io.stderr.write('\r\u001b[K');
    // Ctrl-C: cancelled checks are not registry errors; a report made of them would mislead.
    if (controller.signal.aborted) throw interrupted();
    if (format === 'json') writeJson(io, report);
    else {
      const render = await import('../render/verify.ts');
      io.stdout.write(
        format === 'markdown'
          ? render.renderVerifyMarkdown(report)
          : render.renderVerifyText(report, io.color),
      );
    }
    // A channel that refused its own package name (npm, image, owner/repo shapes) is a config mistake;
    // one that refused the version typed on the command line (npm: not semver) is the command's.
    const file = path.relative(ctx.cwd, config.file) || config.file;
    const refused = report.channels.flatMap((c, i) => {
      if (c.observation.verdict !== 'error' || c.observation.errorCode !== 'USAGE') return [];
      const reason = c.observation.reason ?? 'refused';
      return [
        reason.includes(`'${c.observation.version}'`)
          ? `version ${c.observation.version}, on ${c.name}: ${reason}`
          : `${file}: channels[${i}] (${c.name}): ${reason}`,
      ];
    });
    if (refused.length > 0) {
      for (const line of refused) io.stderr.write(`${(io.stderrColor ?? io.color).red('error')}: ${line}\n`);
      throw new ExitError(2, 'bad package name or version');
    }
    if (report.outcome === 'problem') throw new ExitError(1, report.summaryLine);
    if (report.outcome === 'unknown') throw new ExitError(4, report.summaryLine);
  } finally {
    off();
  }
}

export const verifyCommand: CliCommand = {
  name: 'verify',
  register(program, io) {
    program
      .command('verify')
      .description(
        'ask every channel in shipwatch.yml whether <version> really shipped (exit 0 only when all expected are live)',
      )
      .argument('<version>', 'version to verify, e.g. 1.4.2 or v1.4.2')
      .option('-c, --config <file>', 'config file (default: shipwatch.yml in the current directory)')
      .option('--format <format>', 'text (default), markdown (for $GITHUB_STEP_SUMMARY) or json')
      .option('--json', 'machine-readable output (same as --format json)')
      .option('--run <id>', "workflow run id: put each publish job's conclusion beside its channel")
      .option('--api-url <url>', 'GitHub API root (GitHub Enterprise, simulator)')
      .option('--concurrency <n>', 'channels checked at once (default from config: 16)')
      .option('--timeout <ms>', 'per-request timeout in ms (default from config: 15000)')
      .addHelpText(
        'after',
        '\nExit codes: 0 every expected channel is live and no integrity error; 1 something is known to be wrong\n(an expected channel missing or pending, an integrity error, a job contradiction); 4 nothing is known\nto be wrong but some answer is missing (a channel errored, job conclusions unavailable): never 0,\nnever "missing"; 2 bad config (including a package name a channel refuses) or usage; 130 interrupted.\n',
      )
      .action((version: string, flags: VerifyFlags) => run(version, flags, io));
  },
};
