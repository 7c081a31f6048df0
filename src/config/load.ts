/** @module Finds and reads `shipwatch.yml`; failures become one ConfigError naming the file and each key path. */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.ts';
import { parseConfigText } from './parse.ts';
import type { ConfigProblem, ResolvedConfig } from './types.ts';

export const CONFIG_FILE_NAMES = ['shipwatch.yml', 'shipwatch.yaml', '.github/shipwatch.yml'] as const;

export interface LoadConfigOptions {
  cwd: string;
  /** Explicit file (`--config`); relative to cwd. */
  file?: string;
  knownChannels: readonly string[];
  /** Adapter ids whose `registry` may be a git location. */
  gitChannels?: readonly string[];
}

export interface LoadedConfig {
  config: ResolvedConfig;
  warnings: string[];
}

function line(p: ConfigProblem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

async function readFirst(
  cwd: string,
  names: readonly string[],
): Promise<{ file: string; text: string } | undefined> {
  for (const name of names) {
    const file = path.resolve(cwd, name);
    try {
      return { file, text: await readFile(file, 'utf8') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return undefined;
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  let found: { file: string; text: string } | undefined;
  try {
    found = await readFirst(options.cwd, options.file ? [options.file] : CONFIG_FILE_NAMES);
  } catch (error) {
    const where = options.file ?? 'shipwatch.yml';
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new ConfigError(`${where} is a directory, not a config file`);
    throw new ConfigError(`${where}: cannot read: ${(error as Error).message}`);
  }
  if (!found) {
    throw new ConfigError(
      options.file
        ? `${options.file}: no such file`
        : `no shipwatch.yml in ${options.cwd} (run \`shipwatch init\` to propose one, or pass --config FILE)`,
    );
  }
  const shown = path.relative(options.cwd, found.file) || found.file;
  if (found.text.includes('\0'))
    throw new ConfigError(`${shown} looks binary (NUL bytes); not a YAML config`);
  const result = parseConfigText(found.text, {
    file: found.file,
    knownChannels: options.knownChannels,
    ...(options.gitChannels ? { gitChannels: options.gitChannels } : {}),
  });
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.level === 'error');
    throw new ConfigError(
      `${shown}: invalid config (${errors.length} problem${errors.length === 1 ? '' : 's'})`,
      errors.map(line),
    );
  }
  const warnings = result.warnings.map((w) => `${shown}: ${line(w)}`);
  // A second config beside the one read is a classic trap (a stale copy edited in vain): say so.
  if (!options.file) {
    const others: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.resolve(options.cwd, name);
      if (file === found.file) continue;
      if (await exists(file)) others.push(name);
    }
    if (others.length > 0)
      warnings.push(
        `read ${shown}; ${others.join(' and ')} also exist${others.length === 1 ? 's' : ''} and ${others.length === 1 ? 'was' : 'were'} ignored`,
      );
  }
  return { config: result.config, warnings };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
