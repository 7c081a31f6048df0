/** @module Chocolatey OData v2 entity (`Packages(Id=,Version=)`) properties we read, after XML extraction. */
import * as z from '../../shared/zod.ts';

export const ChocolateyPackageStatus = z.enum(['Approved', 'Submitted', 'Rejected', 'Exempted', 'Unknown']);
export type ChocolateyPackageStatus = z.infer<typeof ChocolateyPackageStatus>;

export const ChocolateyPackage = z.object({
  Id: z.string(),
  Version: z.string(),
  Published: z.optional(z.string()),
  IsApproved: z.catch(z.optional(z.enum(['true', 'false'])), undefined),
  PackageStatus: z.catch(z.optional(ChocolateyPackageStatus), 'Unknown'),
  PackageApprovedDate: z.catch(z.optional(z.string()), undefined),
  PackageHash: z.catch(z.optional(z.string()), undefined),
  PackageHashAlgorithm: z.catch(z.optional(z.string()), undefined),
  PackageSubmittedStatus: z.catch(z.optional(z.string()), undefined),
});
export type ChocolateyPackage = z.infer<typeof ChocolateyPackage>;
