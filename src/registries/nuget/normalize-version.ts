/**
 * @module NuGet's normalized version string (as the flat container spells it): 4th part dropped when
 * zero, leading zeros removed, build metadata dropped, lower-case.
 */
export function normalizeNugetVersion(version: string): string {
  const withoutMeta = version.split('+')[0] ?? version;
  const dash = withoutMeta.indexOf('-');
  const core = dash === -1 ? withoutMeta : withoutMeta.slice(0, dash);
  const pre = dash === -1 ? '' : withoutMeta.slice(dash);
  const parts = core.split('.');
  if (!parts.every((p) => /^\d+$/.test(p)) || parts.length === 0 || parts.length > 4)
    return withoutMeta.toLowerCase();
  const nums = parts.map((p) => String(Number(p)));
  while (nums.length < 3) nums.push('0');
  if (nums.length === 4 && nums[3] === '0') nums.pop();
  return `${nums.join('.')}${pre}`.toLowerCase();
}
