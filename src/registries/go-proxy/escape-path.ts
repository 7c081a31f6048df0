/**
 * @module The proxy protocol's case encoding: every upper-case letter becomes `!` + its lower-case
 * form, so module paths survive case-insensitive file systems (golang.org/x/mod/module EscapePath).
 */
export function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}
