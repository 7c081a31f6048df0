/**
 * @module npm versions as npm reads them: `npm publish` stores `semver.clean(version)` (a leading
 * `v` or `=`, surrounding spaces and `+build` metadata dropped), so `v1.2.3` and `1.2.3+ci.7` name
 * the published `1.2.3`, and anything that is not strict semver after that cannot be on npm at all.
 */

// semver's strict grammar (semver.org 2.0.0; npm's `semver` FULL regexp): no leading zeros in numbers.
const NUMERIC = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMERIC}|\\d*[a-zA-Z-][a-zA-Z0-9-]*)`;
const BUILD_ID = '[0-9A-Za-z-]+';
const SEMVER = new RegExp(
  `^(${NUMERIC})\\.(${NUMERIC})\\.(${NUMERIC})(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?(?:\\+${BUILD_ID}(?:\\.${BUILD_ID})*)?$`,
);
/** semver refuses longer strings, and numbers beyond this. */
const MAX_LENGTH = 256;

/** What npm stores for `version` (`semver.clean`), or undefined when npm would refuse it. */
export function cleanNpmVersion(version: string): string | undefined {
  const text = version.trim().replace(/^[=v]+/, '');
  if (text.length > MAX_LENGTH) return undefined;
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  const [, major = '', minor = '', patch = '', pre] = match;
  if ([major, minor, patch].some((n) => Number(n) > Number.MAX_SAFE_INTEGER)) return undefined;
  return `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}`;
}

/** The one-line usage error for a version npm cannot hold, with the likely intent. */
export function npmVersionProblem(version: string, pkg = '<package>'): string {
  const text = version.trim().replace(/^[=v]+/, '');
  const hint = /^[a-z][a-z0-9._-]*$/i.test(text)
    ? ` (a dist-tag? ask for the version it points to: npm view ${pkg} dist-tags)`
    : /^\d+(?:\.\d+)?$/.test(text)
      ? ` (did you mean ${[...text.split('.'), '0', '0'].slice(0, 3).join('.')}?)`
      : '';
  return `npm versions are semver (major.minor.patch[-prerelease]): '${version}' is not one${hint}`;
}
