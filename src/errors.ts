/**
 * @module Typed errors. Every error carries a `code` discriminant; the CLI's one error boundary
 * (src/cli/main.ts) maps them to exit codes. Messages are redacted when the error is built,
 * so every later sink (terminal, JSON, logs, database) is already safe.
 */
import { redact } from './shared/redact.ts';

export type ErrorCode =
  | 'USAGE'
  | 'CONFIG'
  | 'INPUT'
  | 'GITHUB_API'
  | 'REGISTRY_UNAVAILABLE'
  | 'REGISTRY_RESPONSE'
  | 'EXIT'
  | 'INTERNAL';

/** Base of every error we throw on purpose. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** True when the user (not our code) is at fault: printed as one line, no stack. */
  readonly userFacing: boolean;
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; userFacing?: boolean } = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userFacing = options.userFacing ?? true;
  }
}

/** Wrong flags, arguments or combination of them. Exit 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** A config file that does not parse or does not validate; `path: message` lines. Exit 2. */
export class ConfigError extends AppError {
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = []) {
    super('CONFIG', problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.problems = problems.map(redact);
  }
}

/** Input we cannot read: missing file, binary file, unsupported archive. Exit 2. */
export class InputError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INPUT', message, options);
  }
}

/** The GitHub API answered with an error we cannot recover from (after retries). */
export class GitHubApiError extends AppError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options: { cause?: unknown } = {}) {
    super('GITHUB_API', message, options);
    this.status = status;
  }
}

/** Registry could not answer (429, 5xx, timeout, network). A verdict of `error`, never `absent`. */
export class RegistryUnavailableError extends AppError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options: { cause?: unknown } = {}) {
    super('REGISTRY_UNAVAILABLE', message, options);
    this.status = status;
  }
}

/** Registry answered, but not in a shape we understand. A verdict of `error`. */
export class RegistryResponseError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('REGISTRY_RESPONSE', message, options);
  }
}

/** A command already printed its explanation and wants this exit code. */
export class ExitError extends AppError {
  readonly exitCode: number;
  constructor(exitCode: number, message = `exit ${exitCode}`) {
    super('EXIT', message);
    this.exitCode = exitCode;
  }
}

/** Something that can never happen happened: our bug. Exit 70. */
export class InternalError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INTERNAL', message, { ...options, userFacing: false });
  }
}
