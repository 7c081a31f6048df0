/** @module NuGet v3 shapes: flat container version list and registration leaf; only the fields we read. */
import * as z from '../../shared/zod.ts';

/** `GET {PackageBaseAddress}/{lower-id}/index.json`: listed and unlisted versions, normalized, lower-case. */
export const NugetVersionIndex = z.object({ versions: z.array(z.string()) });
export type NugetVersionIndex = z.infer<typeof NugetVersionIndex>;

/** `GET {RegistrationsBaseUrl}/{lower-id}/{version}.json`: the registration leaf. */
export const NugetRegistrationLeaf = z.object({
  listed: z.catch(z.optional(z.boolean()), undefined),
  published: z.catch(z.optional(z.string()), undefined),
  packageContent: z.catch(z.optional(z.string()), undefined),
});
export type NugetRegistrationLeaf = z.infer<typeof NugetRegistrationLeaf>;
