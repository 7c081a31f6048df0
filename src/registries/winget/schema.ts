/**
 * @module Winget installer manifest (`<Id>.installer.yaml`, or a singleton `<Id>.yaml`), only the
 * fields we read. Parsed with YAML's failsafe schema, so every scalar is a string: `1.20` stays
 * `1.20` and a hex digest made of digits is not turned into a number.
 */
import { z } from 'zod';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/i, 'expected 64 hex digits');

export const WingetInstaller = z.looseObject({
  Architecture: z.string().optional(),
  InstallerType: z.string().optional(),
  InstallerUrl: z.string().min(1).optional(),
  InstallerSha256: Sha256.optional(),
});
export type WingetInstaller = z.infer<typeof WingetInstaller>;

export const WingetInstallerManifest = z.looseObject({
  PackageIdentifier: z.string().min(1),
  PackageVersion: z.string().min(1),
  /** Root-level installer fields are defaults for every entry of `Installers`. */
  InstallerUrl: z.string().min(1).optional(),
  InstallerSha256: Sha256.optional(),
  Installers: z.array(WingetInstaller).min(1),
  ManifestType: z.string().optional(),
});
export type WingetInstallerManifest = z.infer<typeof WingetInstallerManifest>;
