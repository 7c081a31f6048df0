/** @module Chocolatey OData v2 entity (`Packages(Id=,Version=)`) properties we read, after XML extraction. */
import { z } from 'zod';

export const ChocolateyPackageStatus = z.enum(['Approved', 'Submitted', 'Rejected', 'Exempted', 'Unknown']);
export type ChocolateyPackageStatus = z.infer<typeof ChocolateyPackageStatus>;

export const ChocolateyPackage = z.object({
  Id: z.string(),
  Version: z.string(),
  Published: z.string().optional(),
  IsApproved: z.enum(['true', 'false']).optional().catch(undefined),
  PackageStatus: ChocolateyPackageStatus.optional().catch('Unknown'),
  PackageApprovedDate: z.string().optional().catch(undefined),
  PackageHash: z.string().optional().catch(undefined),
  PackageHashAlgorithm: z.string().optional().catch(undefined),
  PackageSubmittedStatus: z.string().optional().catch(undefined),
});
export type ChocolateyPackage = z.infer<typeof ChocolateyPackage>;
