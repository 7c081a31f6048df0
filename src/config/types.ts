/** @module The release config after parsing and normalization: every default filled in, every name resolved. */

/** One channel to check, ready for the verify orchestrator. */
export interface ResolvedChannel {
  /** Unique label in reports (`npm`, or `aur:foo-bin` when a channel appears twice). */
  name: string;
  /** Registry adapter id. */
  channel: string;
  /** Package name on that channel. */
  package: string;
  /** Base URL override, when set. */
  registry?: string;
  /** Version spelling on this channel; `{version}` is replaced by the verified version. */
  versionTemplate: string;
  /** Publishing job in the release workflow (claimed vs actual). */
  job?: string;
  /** Absent does not fail `verify`. */
  optional: boolean;
  /** Environment variable with a read token. */
  tokenEnv?: string;
}

export interface ResolvedConfig {
  /** File the config was read from (absolute), or `<inline>`. */
  file: string;
  product: string;
  /** "owner/repo", when given. */
  github?: string;
  /** GitHub API root override (Enterprise, simulator). */
  githubApiUrl?: string;
  tagPrefix: string;
  timeoutMs: number;
  concurrency: number;
  channels: ResolvedChannel[];
}

/** A `path: message` problem; errors make the config unusable, warnings are printed. */
export interface ConfigProblem {
  level: 'error' | 'warning';
  /** Key path such as `channels[2].package` (empty for the document itself). */
  path: string;
  message: string;
}

export type ConfigResult =
  | { ok: true; config: ResolvedConfig; warnings: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[] };
