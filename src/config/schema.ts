/**
 * @module The `shipwatch.yml` schema: the single source of truth for the release config. Every key
 * carries its description and default; `scripts/generate-config-schema.ts` turns it into the
 * editor JSON Schema at `schema/shipwatch.schema.json`.
 */
import { z } from 'zod';

/** One channel the product is published to. */
export const ChannelConfig = z
  .strictObject({
    channel: z
      .string()
      .min(1)
      .describe(
        'Registry adapter id, e.g. npm, pypi, crates-io, docker-hub, github-releases (see `shipwatch exists --list`).',
      ),
    package: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Package name on that channel (npm: `@scope/name`; Docker: `namespace/image`; Go: the module path; VS Code: `publisher.extension`). github-releases defaults to `github`.',
      ),
    name: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Label in reports. Defaults to the channel id, or `channel:package` when a channel appears more than once.',
      ),
    registry: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Base URL override (mirror, self-hosted registry, test server), keeping the public service's URL layout: an http(s) URL; for git-backed channels (tap, bucket, manifests, AUR) also a git URL, file:// URL or a path relative to this file.",
      ),
    version: z
      .string()
      .min(1)
      .default('{version}')
      .describe(
        'How the version is spelled on this channel; `{version}` is the version given to `verify` (e.g. `{version}-1` for AUR pkgrel).',
      ),
    job: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Name or id of the workflow job that publishes this channel, for claimed-vs-actual with `verify --run`.',
      ),
    optional: z
      .boolean()
      .default(false)
      .describe('When true, this channel being absent does not fail `verify`.'),
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .describe(
        'Name of the environment variable holding a read token for this channel (never the token itself).',
      ),
  })
  .describe('A channel (package registry) and the package published there.');
export type ChannelConfig = z.infer<typeof ChannelConfig>;

/** The whole `shipwatch.yml`. */
export const ShipwatchConfig = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint: path or URL of the JSON Schema.'),
    product: z.string().min(1).describe('Product name, used in reports.'),
    github: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/repo"')
      .optional()
      .describe(
        'GitHub repository "owner/repo" that cuts the releases (release assets are the integrity reference).',
      ),
    githubApiUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        'GitHub API root (GitHub Enterprise: https://HOST/api/v3). Used for release assets and `verify --run`.',
      ),
    tagPrefix: z
      .string()
      .default('v')
      .describe('Prefix of release tags: version 1.2.3 is tag `v1.2.3` with the default.'),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(300_000)
      .default(15_000)
      .describe('Per-channel request timeout in milliseconds.'),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(16)
      .describe('How many channels are checked at the same time.'),
    channels: z.array(ChannelConfig).min(1).describe('Where the product is published.'),
  })
  .describe('shipwatch release config: what ships where.');
export type ShipwatchConfig = z.infer<typeof ShipwatchConfig>;
