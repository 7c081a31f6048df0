/** `shipwatch exists <channel> <package> <version>`: the guard for a publish step (exit 0/1/3/4). */
import { ExitError, UsageError } from '../../errors.ts';
import type { ChannelInfo } from '../../registries/exists.ts';
import type { ChannelObservation } from '../../registries/types.ts';
import { type CliIo, writeJson } from '../io.ts';
import type { CliCommand } from './types.ts';
import { printableLine as safe } from '../../shared/printable.ts';

interface ExistsFlags {
  registry?: string;
  timeout?: string;
  digest?: string;
  json?: boolean;
  list?: boolean;
}

export const existsCommand: CliCommand = {
  name: 'exists',
  register(program, io) {
    program
      .command('exists')
      .description(
        'Is <version> of <package> on <channel>? Exit 0 present, 1 absent, 3 pending, 4 error (never 1 on an error), 5 present but another artifact (--digest), 2 bad usage, 130 interrupted',
      )
      .argument('[channel]', 'channel id (see --list)')
      .argument('[package]', 'package name as the channel spells it')
      .argument('[version]', 'version or tag, exactly as published')
      .option(
        '--registry <url>',
        'base URL of a mirror or self-hosted registry (same URL layout as the public one)',
      )
      .option('--timeout <ms>', 'per-request timeout in milliseconds (default 15000)')
      .option(
        '--digest <digest>',
        'the checksum you built (sha256:<hex>, sha512-… SRI, sha3-384:<hex> for Snap); exit 5 when the channel has another',
      )
      .option('--list', 'list the channels and what each can see')
      .option('--json', 'machine-readable output')
      .action(
        (
          channel: string | undefined,
          pkg: string | undefined,
          version: string | undefined,
          flags: ExistsFlags,
        ) => run(io, flags, channel, pkg, version),
      );
  },
};

async function run(
  io: CliIo,
  flags: ExistsFlags,
  channel: string | undefined,
  pkg: string | undefined,
  version: string | undefined,
): Promise<void> {
  const core = await import('../../registries/exists.ts');
  if (flags.list) {
    if (channel !== undefined || pkg !== undefined || version !== undefined)
      throw new UsageError('--list takes no arguments; to check a version drop --list');
    const channels = core.listChannels();
    if (flags.json) writeJson(io, channels);
    else io.stdout.write(renderList(channels, io));
    return;
  }
  if (!channel || !pkg || !version) {
    throw new UsageError(
      'usage: shipwatch exists <channel> <package> <version> (channels: shipwatch exists --list)',
    );
  }
  if (!/^\S+$/.test(version)) {
    throw new UsageError(`version: expected one word like 1.4.2 or v1.4.2, got '${version}'`);
  }
  const timeoutMs = parseTimeout(flags.timeout);
  const controller = new AbortController();
  const off = io.onInterrupt(() => controller.abort());
  try {
    const { observation, exitCode, digestMatches } = await core.checkExists(io.context, {
      channel,
      package: pkg,
      version,
      signal: controller.signal,
      ...(flags.registry !== undefined ? { registry: flags.registry } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(flags.digest !== undefined ? { digest: flags.digest } : {}),
    });
    // Ctrl-C: the cancelled request is not the registry's answer; print no verdict.
    if (controller.signal.aborted) {
      io.stderr.write('interrupted: no verdict\n');
      throw new ExitError(130, 'interrupted');
    }
    if (flags.json)
      writeJson(io, { ...observation, exitCode, ...(digestMatches === undefined ? {} : { digestMatches }) });
    else io.stdout.write(`${renderObservation(observation, io, digestMatches)}\n`);
    if (exitCode !== 0) throw new ExitError(exitCode, `${observation.verdict}`);
  } finally {
    off();
  }
}

const MAX_TIMEOUT_MS = 300_000;

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  // Bounded like shipwatch.yml's timeoutMs; timers refuse delays past 2^32 ms.
  if (!Number.isInteger(ms) || ms <= 0 || ms > MAX_TIMEOUT_MS)
    throw new UsageError(
      `--timeout: expected a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got '${value}'`,
    );
  return ms;
}

/** One line: verdict, what, then the evidence (time, checksum, URL) or the reason. */
export function renderObservation(
  o: ChannelObservation,
  io: Pick<CliIo, 'color'>,
  digestMatches?: boolean,
): string {
  const paint = {
    present: io.color.green,
    absent: io.color.red,
    pending: io.color.yellow,
    error: io.color.magenta,
  }[o.verdict];
  // Everything but the verdict comes from the command line or the registry: made printable (an
  // escape sequence in a reason could erase or forge this line on a terminal).
  const what = safe(`${o.channel} ${o.package}@${o.version}`);
  const artifact = o.artifacts?.[0];
  const evidence = [
    o.publishedAt ? `published ${o.publishedAt}` : undefined,
    artifact?.digest ?? (artifact?.sha256 ? `sha256:${artifact.sha256}` : undefined),
    artifact?.url ?? o.url,
  ]
    .filter((x): x is string => Boolean(x))
    .map(safe);
  const reason = o.reason === undefined ? undefined : safe(o.reason);
  if (digestMatches === false) return `${io.color.red('mismatch')}  ${what}  — ${reason ?? ''}`;
  const tail =
    o.verdict === 'present' ? [...evidence, reason].filter(Boolean).join('  ') : `— ${reason ?? ''}`;
  const checked = digestMatches ? '  (digest matches)' : '';
  return `${paint(o.verdict)}  ${what}  ${tail}${checked}`.trimEnd();
}

function renderList(channels: readonly ChannelInfo[], io: Pick<CliIo, 'color'>): string {
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const rows = [
    ['channel', 'name', 'pending', 'checksums', 'absent is', 'token', 'token env'],
    ...channels.map((c) => [
      c.id,
      c.displayName,
      yesNo(c.capabilities.seesPending),
      yesNo(c.capabilities.exposesChecksums),
      c.capabilities.absentIs,
      c.capabilities.needsToken,
      c.capabilities.tokenEnv.join(', ') || '-',
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [header = [], ...body] = rows;
  const out = [io.color.bold(line(header))];
  body.forEach((row, i) => {
    const c = channels[i];
    out.push(line(row));
    if (c) out.push(io.color.dim(`    package: ${c.packageFormat}. ${c.capabilities.notes}`));
  });
  return `${out.join('\n')}\n`;
}
