/**
 * @module "Is this answer about what we asked?" A mirror that ignores part of the path, a static
 * server or a wrong `--registry` can answer 200 with another package's or another version's
 * document; taken at face value that reads as `present`. Where a registry echoes the identity it
 * answered for, the adapter compares it here and a mismatch becomes verdict `error`.
 */
import { RegistryResponseError } from '../errors.ts';

/** A package name and/or version; either may be missing when a channel does not echo it. */
export interface Identity {
  /** Package, crate, module or extension name. */
  name?: string;
  /** Version or tag. */
  version?: string;
}

/** How the channel compares names and versions (exact string equality when left out). */
export interface IdentityRules {
  /** True when the registry treats both names as the same package (case, separators …). */
  sameName?: (asked: string, answered: string) => boolean;
  /** True when the registry treats both versions as the same release (normalisation rules). */
  sameVersion?: (asked: string, answered: string) => boolean;
}

const exact = (a: string, b: string): boolean => a === b;

/** Case-insensitive comparison, for registries whose ids are (Open VSX, NuGet, Chocolatey). */
export const sameIgnoringCase = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Throws RegistryResponseError ("asked for X 9.9.9, the registry answered Y 1.4.2: is the registry
 * URL right?") when the answer names another package or version. Parts that either side leaves
 * out are not compared.
 */
export function checkAnsweredFor(
  what: string,
  asked: Identity,
  answered: Identity,
  rules: IdentityRules = {},
): void {
  const nameOk =
    asked.name === undefined ||
    answered.name === undefined ||
    (rules.sameName ?? exact)(asked.name, answered.name);
  const versionOk =
    asked.version === undefined ||
    answered.version === undefined ||
    (rules.sameVersion ?? exact)(asked.version, answered.version);
  if (nameOk && versionOk) return;
  // Show the name only when it is part of the disagreement or both sides have one to compare.
  const show = (id: Identity): string =>
    [nameOk ? undefined : id.name, id.version].filter((s) => s !== undefined).join(' ');
  throw new RegistryResponseError(
    `${what}: asked for ${show(asked)}, the registry answered ${show(answered)}: is the registry URL right? (an answer about another ${nameOk ? 'version' : 'package'} is not "present")`,
  );
}

/** A version as the channel stores it, and the sentence saying how it was read from what was asked. */
export interface ReadVersion {
  /** The version to ask the channel for. */
  version: string;
  /** Set when it differs from what was asked, e.g. `v1.2.3 read as 1.2.3: NuGet versions never start with v`. */
  note?: string;
}

/**
 * Drops the leading `v` of a git tag (`$GITHUB_REF_NAME` is `v1.2.3`) for channels whose versions
 * never carry one (semver registries, NuGet): asked literally, `v1.2.3` would read "absent" although
 * 1.2.3 is published. `rule` ends the note, e.g. `NuGet versions never start with v`.
 */
export function dropTagPrefix(version: string, rule: string): ReadVersion {
  if (!/^[vV]\d/.test(version)) return { version };
  const stripped = version.slice(1);
  return { version: stripped, note: `${version} read as ${stripped}: ${rule}` };
}

/** Appends `note` to the observation's reason (after the verdict's own sentence). */
export function withNote<T extends { reason?: string }>(body: T, note: string | undefined): T {
  if (note === undefined) return body;
  return { ...body, reason: body.reason ? `${body.reason}; ${note}` : note };
}
