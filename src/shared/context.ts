/**
 * @module What every command receives. Commands are plain functions of this context plus their
 * own options; they never touch `process.*`, so tests run them in temp dirs with fakes.
 */
import type { Logger } from './logger.ts';
import { silentLogger } from './logger.ts';

export interface CommandContext {
  /** Directory the command runs in (config discovery, git remote, relative paths). */
  cwd: string;
  /** Environment variables (tokens, NO_COLOR, CI). */
  env: Readonly<Record<string, string | undefined>>;
  /** HTTP transport; injected so tests can point it at loopback servers. */
  fetch: typeof globalThis.fetch;
  logger: Logger;
  /** Wall clock, injectable for tests and simulated time. */
  now: () => number;
}

export function defaultContext(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    cwd: process.cwd(),
    env: process.env,
    fetch: globalThis.fetch,
    logger: silentLogger,
    now: Date.now,
    ...overrides,
  };
}
