/**
 * @module NuGet package ids (also Chocolatey's): NuGet's PackageIdValidator, `^\w+([.-]\w+)*$`
 * (case-insensitive) and at most 100 characters. .NET's `\w` is Unicode-aware (letters, marks,
 * digits, connector punctuation such as `_`), so the same classes are spelled out here.
 */

const WORD = String.raw`[\p{L}\p{Mn}\p{Nd}\p{Pc}]+`;
const PACKAGE_ID = new RegExp(`^${WORD}(?:[.-]${WORD})*$`, 'u');

/** The longest id nuget.org (and `nuget pack`) accepts. */
export const MAX_PACKAGE_ID_LENGTH = 100;

/** Whether `id` is a package id NuGet can hold: words joined by single `.` or `-`, at most 100 characters. */
export function isNugetPackageId(id: string): boolean {
  return id.length <= MAX_PACKAGE_ID_LENGTH && PACKAGE_ID.test(id);
}

/** The usage error text for an id NuGet cannot hold; `channel` is its display name (`NuGet`, `Chocolatey`). */
export function packageIdProblem(channel: string, id: string): string {
  return `'${id}' is not a valid ${channel} package id (letters, digits and '_', joined by single '.' or '-'; at most ${MAX_PACKAGE_ID_LENGTH} characters)`;
}
