/**
 * @module The core of `shipwatch exists`: one channel, one version, one verdict and its exit code
 * (0 present, 1 absent, 3 pending, 4 error — an error is never 1), plus the channel list data.
 */
import type { CommandContext } from '../shared/context.ts';
import { registryContext } from './http.ts';
import { getRegistry, listRegistries } from './index.ts';
import type { ChannelObservation, RegistryCapabilities, Verdict } from './types.ts';

/** The documented exit code of each verdict; `if shipwatch exists …` is true only for present. */
export const EXIT_CODES: Readonly<Record<Verdict, number>> = { present: 0, absent: 1, pending: 3, error: 4 };

export interface ExistsOptions {
  channel: string;
  package: string;
  version: string;
  /** Base URL override with the public service's layout. */
  registry?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExistsResult {
  observation: ChannelObservation;
  exitCode: number;
}

/** Throws UsageError for an unknown channel or a bad --registry; every registry failure is in the observation. */
export async function checkExists(ctx: CommandContext, options: ExistsOptions): Promise<ExistsResult> {
  const adapter = getRegistry(options.channel);
  const registryCtx = registryContext(adapter, ctx, {
    ...(options.registry !== undefined ? { baseUrl: options.registry } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const observation = await adapter.check(options.package, options.version, registryCtx);
  return { observation, exitCode: EXIT_CODES[observation.verdict] };
}

/** One row of `exists --list` (and of the docs): the adapter's data, nothing computed. */
export interface ChannelInfo {
  id: string;
  displayName: string;
  defaultBaseUrl: string;
  packageFormat: string;
  capabilities: RegistryCapabilities;
}

export function listChannels(): ChannelInfo[] {
  return listRegistries().map(({ id, displayName, defaultBaseUrl, packageFormat, capabilities }) => ({
    id,
    displayName,
    defaultBaseUrl,
    packageFormat,
    capabilities,
  }));
}
