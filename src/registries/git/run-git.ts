/**
 * @module Runs one git command as a child process: its own process group (so a timeout also
 * ends git's helpers: remote-https, upload-pack), a capped stdout, a non-interactive environment.
 */
import { spawn } from 'node:child_process';

/** What a finished git command left behind. */
export interface GitRunResult {
  /** Exit code (null when killed). */
  code: number | null;
  /** Everything git printed on stdout (capped). */
  stdout: Buffer;
  /** The first 64 KiB of stderr (messages are classified from it). */
  stderr: string;
}

export interface GitRunOptions {
  /** Working directory (the clone); the parent's when unset. */
  cwd?: string;
  /** Complete environment of the child (build it with `gitEnvironment`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Kills the command (and its process group) when aborted. */
  signal: AbortSignal;
  /** Largest stdout kept; more is an error (a formula or manifest is small). */
  maxStdoutBytes?: number;
}

/** Thrown when the signal ended the command; the caller words the timeout. */
export class GitAbortedError extends Error {}

/** Thrown when git printed more than `maxStdoutBytes`. */
export class GitOutputTooLargeError extends Error {}

const DEFAULT_MAX_STDOUT = 16 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitRunResult> {
  const { signal } = options;
  const maxStdout = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new GitAbortedError('aborted before start'));
      return;
    }
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A new process group: killing -pid also ends git-remote-https / upload-pack children.
      detached: true,
    });
    const stdout: Buffer[] = [];
    let stdoutSize = 0;
    let stderr = '';
    let failure: Error | undefined;
    const kill = () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const onAbort = () => {
      failure ??= new GitAbortedError('aborted');
      kill();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutSize += chunk.byteLength;
      if (stdoutSize > maxStdout) {
        failure ??= new GitOutputTooLargeError(`git ${args[0]} printed more than ${maxStdout} bytes`);
        kill();
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      failure ??= error;
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else resolve({ code, stdout: Buffer.concat(stdout), stderr });
    });
  });
}

/**
 * The child's environment: the caller's (PATH, HOME, proxies, the user's git config), never
 * prompting, messages in English (we classify them), and no GIT_DIR-style overrides inherited
 * from a hook. A token goes in as an HTTP header through GIT_CONFIG_* variables: not on the
 * command line, where other local users could read it.
 */
export function gitEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  token: string | undefined,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...base };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE'])
    delete env[name];
  // An injected environment may be empty (tests, embedders): git must still be found.
  env.PATH = base.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GCM_INTERACTIVE = 'never';
  env.GIT_SSH_COMMAND = base.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes';
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  if (token) {
    const index = Number.parseInt(base.GIT_CONFIG_COUNT ?? '0', 10) || 0;
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    env.GIT_CONFIG_COUNT = String(index + 1);
    env[`GIT_CONFIG_KEY_${index}`] = 'http.extraHeader';
    env[`GIT_CONFIG_VALUE_${index}`] = `Authorization: Basic ${basic}`;
  }
  return env;
}
