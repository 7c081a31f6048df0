/**
 * @module The `shipwatch.yml` schema: the single source of truth for the release config. Every key
 * carries its description and default; `scripts/generate-config-schema.ts` turns it into the
 * editor JSON Schema at `schema/shipwatch.schema.json`.
 */
import * as z from '../shared/zod.ts';

const NonEmpty = () => z.string().check(z.minLength(1));

/** One channel the product is published to. */
export const ChannelConfig = z
  .strictObject({
    channel: NonEmpty().check(
      z.describe(
        'Registry adapter id, e.g. npm, pypi, crates-io, docker-hub, github-releases (see `shipwatch exists --list`).',
      ),
    ),
    package: z
      .optional(NonEmpty())
      .check(
        z.describe(
          'Package name on that channel (npm: `@scope/name`; Docker: `namespace/image`; Go: the module path; VS Code: `publisher.extension`). github-releases defaults to `github`.',
        ),
      ),
    name: z
      .optional(NonEmpty())
      .check(
        z.describe(
          'Label in reports. Defaults to the channel id, or `channel:package` when a channel appears more than once.',
        ),
      ),
    registry: z
      .optional(NonEmpty())
      .check(
        z.describe(
          "Base URL override (mirror, self-hosted registry, test server), keeping the public service's URL layout: an http(s) URL; for git-backed channels (tap, bucket, manifests, AUR) also a git URL, file:// URL or a path relative to this file.",
        ),
      ),
    version: z
      ._default(NonEmpty(), '{version}')
      .check(
        z.describe(
          'How the version is spelled on this channel; `{version}` is the version given to `verify` (e.g. `{version}-1` for AUR pkgrel).',
        ),
      ),
    job: z
      .optional(NonEmpty())
      .check(
        z.describe(
          'Name or id of the workflow job that publishes this channel, for claimed-vs-actual with `verify --run`.',
        ),
      ),
    optional: z
      ._default(z.boolean(), false)
      .check(z.describe('When true, this channel being absent does not fail `verify`.')),
    tokenEnv: z
      .optional(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)))
      .check(
        z.describe(
          'Name of the environment variable holding a read token for this channel (never the token itself).',
        ),
      ),
  })
  .check(z.describe('A channel (package registry) and the package published there.'));
export type ChannelConfig = z.infer<typeof ChannelConfig>;

/** The whole `shipwatch.yml`. */
export const ShipwatchConfig = z
  .strictObject({
    $schema: z.optional(z.string()).check(z.describe('Editor hint: path or URL of the JSON Schema.')),
    product: NonEmpty().check(z.describe('Product name, used in reports.')),
    github: z
      .optional(z.string().check(z.regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/repo"')))
      .check(
        z.describe(
          'GitHub repository "owner/repo" that cuts the releases (release assets are the integrity reference).',
        ),
      ),
    githubApiUrl: z
      .optional(z.url({ protocol: /^https?$/ }))
      .check(
        z.describe(
          'GitHub API root (GitHub Enterprise: https://HOST/api/v3). Used for release assets and `verify --run`.',
        ),
      ),
    tagPrefix: z
      ._default(z.string(), 'v')
      .check(z.describe('Prefix of release tags: version 1.2.3 is tag `v1.2.3` with the default.')),
    timeoutMs: z
      ._default(z.number().check(z.int(), z.minimum(100), z.maximum(300_000)), 15_000)
      .check(z.describe('Per-channel request timeout in milliseconds.')),
    concurrency: z
      ._default(z.number().check(z.int(), z.minimum(1), z.maximum(64)), 16)
      .check(z.describe('How many channels are checked at the same time.')),
    channels: z.array(ChannelConfig).check(z.minLength(1), z.describe('Where the product is published.')),
  })
  .check(z.describe('shipwatch release config: what ships where.'));
export type ShipwatchConfig = z.infer<typeof ShipwatchConfig>;
