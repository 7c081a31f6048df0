/**
 * @module parse → normalize → rule checks for `shipwatch.yml`. Returns a discriminated result;
 * `loadConfig` (load.ts) turns failures into a ConfigError naming the file and key paths.
 */
import path from 'node:path';
import { type Document, LineCounter, parseDocument, visit } from 'yaml';
import type * as z from '../shared/zod.ts';
import { runRules } from './rules.ts';
import { ShipwatchConfig } from './schema.ts';
import type { ConfigProblem, ConfigResult, ResolvedChannel, ResolvedConfig } from './types.ts';

export interface ParseConfigOptions {
  /** File name for messages. */
  file: string;
  /** Adapter ids that exist (the registry map's keys); unknown `channel` values are errors. */
  knownChannels: readonly string[];
  /** Adapter ids whose `registry` is a git location (URL, file:// or path) rather than an http(s) base URL. */
  gitChannels?: readonly string[];
}

/** Formats a zod/YAML path as `channels[2].package`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function zodProblems(error: z.core.$ZodError): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ level: 'error', path: formatPath([...issue.path, key]), message: 'unknown key' });
      }
      continue;
    }
    problems.push({ level: 'error', path: formatPath(issue.path), message: issue.message });
  }
  return problems;
}

/** An alias may expand to at most this many nodes: a "billion laughs" file is refused, not expanded. */
const MAX_ALIAS_COUNT = 100;

/** Parses YAML text; never throws. */
export function parseConfigText(text: string, options: ParseConfigOptions): ConfigResult {
  const lineCounter = new LineCounter();
  // logLevel 'error': the library would print its warnings (e.g. about collection keys) on stderr itself.
  const doc = parseDocument(text, { prettyErrors: true, lineCounter, logLevel: 'error' });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const where = e.linePos?.[0];
        return {
          level: 'error' as const,
          path: where ? `line ${where.line}:${where.col}` : '',
          message: yamlMessage(e.message),
        };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library reports unresolved aliases and alias bombs by throwing from toJS.
    return { ok: false, problems: [aliasProblem(doc, lineCounter, error)] };
  }
  if (raw === null || raw === undefined) {
    return { ok: false, problems: [{ level: 'error', path: '', message: 'the file is empty' }] };
  }
  return parseConfigObject(raw, options);
}

/** The first line of a yaml error, without the position (the path says where) or developer hints. */
function yamlMessage(message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  if (/multiple documents/i.test(first)) {
    return 'the file holds several YAML documents (a second ---); shipwatch.yml is one document';
  }
  return first;
}

function aliasProblem(doc: Document, lineCounter: LineCounter, error: unknown): ConfigProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (/excessive alias count/i.test(message)) {
    return {
      level: 'error',
      path: '',
      message: `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} per alias): refused`,
    };
  }
  const name = /unresolved alias[^:]*:\s*(\S+)/i.exec(message)?.[1];
  let path = '';
  if (name !== undefined) {
    visit(doc, {
      Alias(_key, node) {
        if (node.source !== name || !node.range) return undefined;
        const at = lineCounter.linePos(node.range[0]);
        path = `line ${at.line}:${at.col}`;
        return visit.BREAK;
      },
    });
  }
  return {
    level: 'error',
    path,
    message:
      name !== undefined
        ? `unresolved alias *${name} (no anchor &${name} before it)`
        : `invalid alias: ${message.split('\n')[0]}`,
  };
}

/** Validates an already-parsed value (JSON, tests). */
export function parseConfigObject(raw: unknown, options: ParseConfigOptions): ConfigResult {
  const parsed = ShipwatchConfig.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const config = normalize(parsed.data, options.file);
  const problems = runRules(parsed.data, config, options.knownChannels, options.gitChannels ?? []);
  const errors = problems.filter((p) => p.level === 'error');
  if (errors.length > 0) return { ok: false, problems };
  return { ok: true, config, warnings: problems.filter((p) => p.level === 'warning') };
}

/** URLs lose trailing slashes; a local path (git-backed channels) becomes absolute, relative to the config file. */
function resolveRegistry(value: string, file: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value.replace(/\/+$/, '');
  return path.isAbsolute(value) || file === 'inline' ? value : path.resolve(path.dirname(file), value);
}

function normalize(input: ShipwatchConfig, file: string): ResolvedConfig {
  const counts = new Map<string, number>();
  for (const c of input.channels) counts.set(c.channel, (counts.get(c.channel) ?? 0) + 1);
  const channels: ResolvedChannel[] = input.channels.map((c) => {
    const pkg = c.package ?? (c.channel === 'github-releases' ? input.github : undefined) ?? '';
    const shared = (counts.get(c.channel) ?? 0) > 1;
    const resolved: ResolvedChannel = {
      name: c.name ?? (shared ? `${c.channel}:${pkg}` : c.channel),
      channel: c.channel,
      package: pkg,
      versionTemplate: c.version,
      optional: c.optional,
    };
    if (c.registry !== undefined) resolved.registry = resolveRegistry(c.registry, file);
    if (c.job !== undefined) resolved.job = c.job;
    if (c.tokenEnv !== undefined) resolved.tokenEnv = c.tokenEnv;
    return resolved;
  });
  const config: ResolvedConfig = {
    file,
    product: input.product,
    tagPrefix: input.tagPrefix,
    timeoutMs: input.timeoutMs,
    concurrency: input.concurrency,
    channels,
  };
  if (input.github !== undefined) config.github = input.github;
  if (input.githubApiUrl !== undefined) config.githubApiUrl = input.githubApiUrl.replace(/\/+$/, '');
  return config;
}

/** The version as spelled on a channel. */
export function channelVersion(channel: ResolvedChannel, version: string): string {
  return channel.versionTemplate.split('{version}').join(version);
}
