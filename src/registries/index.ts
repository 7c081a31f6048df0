/**
 * @module The explicit id → adapter map. A channel exists for shipwatch only once it is listed
 * here; `index.test.ts` fails when a folder under src/registries/ is not registered under its name.
 * To add a channel: one import line and one map line, both kept in alphabetical order.
 */
import { UsageError } from '../errors.ts';
import { aur } from './aur/index.ts';
import { chocolatey } from './chocolatey/index.ts';
import { cratesIo } from './crates-io/index.ts';
import { dockerHub } from './docker-hub/index.ts';
import { ghcr } from './ghcr/index.ts';
import { githubPackagesNpm } from './github-packages-npm/index.ts';
import { githubReleases } from './github-releases/index.ts';
import { goProxy } from './go-proxy/index.ts';
import { homebrew } from './homebrew/index.ts';
import { npm } from './npm/index.ts';
import { nuget } from './nuget/index.ts';
import { oci } from './oci/index.ts';
import { openVsx } from './open-vsx/index.ts';
import { pypi } from './pypi/index.ts';
import { scoop } from './scoop/index.ts';
import { snap } from './snap/index.ts';
import { vscodeMarketplace } from './vscode-marketplace/index.ts';
import { winget } from './winget/index.ts';
import type { RegistryAdapter } from './types.ts';

export const registries: Readonly<Record<string, RegistryAdapter>> = {
  aur,
  chocolatey,
  'crates-io': cratesIo,
  'docker-hub': dockerHub,
  ghcr,
  'github-packages-npm': githubPackagesNpm,
  'github-releases': githubReleases,
  'go-proxy': goProxy,
  homebrew,
  npm,
  nuget,
  oci,
  'open-vsx': openVsx,
  pypi,
  scoop,
  snap,
  'vscode-marketplace': vscodeMarketplace,
  winget,
};

/** All adapters, sorted by id. */
export function listRegistries(): RegistryAdapter[] {
  return Object.values(registries).sort((a, b) => a.id.localeCompare(b.id));
}

/** The adapter for `id`, or a usage error naming the known channels. */
export function getRegistry(id: string): RegistryAdapter {
  const adapter = Object.hasOwn(registries, id) ? registries[id] : undefined;
  if (!adapter) {
    const known = Object.keys(registries).sort().join(', ') || '(none yet)';
    throw new UsageError(`unknown channel '${id}'; known channels: ${known}`);
  }
  return adapter;
}
