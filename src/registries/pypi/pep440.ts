/**
 * @module PEP 440 canonical form, as PyPI uses it to look a release up: `1.0`, `1.0.0`, `v1.0`,
 * `1.0-RC.1`, `1.0rc1`, `1.0c1` name one release (Warehouse resolves the per-version URL by the
 * canonical version; packaging's canonicalize_version: trailing zeros of the release dropped,
 * pre/post/dev spellings normalised, local part lower-cased with `.` separators).
 */

// The version grammar of PEP 440 (Appendix B), case-insensitive, on the trimmed string.
const VERSION =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;

const PRE: Record<string, string> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/** The canonical form, or undefined for a string that is not a PEP 440 version. */
export function canonicalPep440(version: string): string | undefined {
  const m = VERSION.exec(version.trim());
  if (!m) return undefined;
  const [, epoch, release, preL, preN, postN1, postL, postN2, devL, devN, local] = m;
  const parts = (release ?? '').split('.').map((p) => String(Number(p)));
  while (parts.length > 1 && parts.at(-1) === '0') parts.pop();
  let out = epoch && Number(epoch) !== 0 ? `${Number(epoch)}!` : '';
  out += parts.join('.');
  if (preL) out += `${PRE[preL.toLowerCase()]}${Number(preN ?? 0)}`;
  if (postN1 !== undefined || postL) out += `.post${Number(postN1 ?? postN2 ?? 0)}`;
  if (devL) out += `.dev${Number(devN ?? 0)}`;
  if (local) out += `+${local.toLowerCase().replace(/[-_]/g, '.')}`;
  return out;
}
