/**
 * @module Winget installer manifest (`<Id>.installer.yaml`, or a singleton `<Id>.yaml`), only the
 * fields we read. Parsed with YAML's failsafe schema, so every scalar is a string: `1.20` stays
 * `1.20` and a hex digest made of digits is not turned into a number.
 */
import * as z from '../../shared/zod.ts';

const Sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/i, 'expected 64 hex digits'));

export const WingetInstaller = z.looseObject({
  Architecture: z.optional(z.string()),
  InstallerType: z.optional(z.string()),
  InstallerUrl: z.optional(z.string().check(z.minLength(1))),
  InstallerSha256: z.optional(Sha256),
});
export type WingetInstaller = z.infer<typeof WingetInstaller>;

export const WingetInstallerManifest = z.looseObject({
  PackageIdentifier: z.string().check(z.minLength(1)),
  PackageVersion: z.string().check(z.minLength(1)),
  /** Root-level installer fields are defaults for every entry of `Installers`. */
  InstallerUrl: z.optional(z.string().check(z.minLength(1))),
  InstallerSha256: z.optional(Sha256),
  Installers: z.array(WingetInstaller).check(z.minLength(1)),
  ManifestType: z.optional(z.string()),
});
export type WingetInstallerManifest = z.infer<typeof WingetInstallerManifest>;
