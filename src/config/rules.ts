/** @module Cross-field rules on a schema-valid config. Each rule is small and named; all return `path: message` problems. */
import type { ShipwatchConfig } from './schema.ts';
import type { ConfigProblem, ResolvedConfig } from './types.ts';

type Rule = (
  input: ShipwatchConfig,
  config: ResolvedConfig,
  known: readonly string[],
  git: readonly string[],
) => ConfigProblem[];

const knownChannel: Rule = (input, _config, known) =>
  input.channels.flatMap((c, i) => {
    if (known.includes(c.channel)) return [];
    const near = known.filter((k) => k.startsWith(c.channel.slice(0, 3)) || c.channel.includes(k));
    const hint = near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '';
    return [
      {
        level: 'error' as const,
        path: `channels[${i}].channel`,
        message: `unknown channel "${c.channel}"${hint}; known: ${known.join(', ')}`,
      },
    ];
  });

const packageNamed: Rule = (input) =>
  input.channels.flatMap((c, i) => {
    if (c.package !== undefined) return [];
    if (c.channel === 'github-releases') {
      return input.github === undefined
        ? [
            {
              level: 'error' as const,
              path: `channels[${i}].package`,
              message: 'github-releases needs `package: owner/repo` or a top-level `github: owner/repo`',
            },
          ]
        : [];
    }
    return [
      { level: 'error' as const, path: `channels[${i}].package`, message: 'required for this channel' },
    ];
  });

const uniqueNames: Rule = (_input, config) => {
  const seen = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  config.channels.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      problems.push({
        level: 'error',
        path: `channels[${i}]`,
        message: `duplicate channel "${c.name}" (same as channels[${first}]); give one a distinct \`name\``,
      });
    } else seen.set(c.name, i);
  });
  return problems;
};

const versionTemplateUsed: Rule = (input) =>
  input.channels.flatMap((c, i) =>
    c.version.includes('{version}')
      ? []
      : [
          {
            level: 'warning' as const,
            path: `channels[${i}].version`,
            message: 'does not contain {version}: every release is checked for the same fixed version',
          },
        ],
  );

const integrityReference: Rule = (input) => {
  const hasReleases = input.channels.some((c) => c.channel === 'github-releases');
  const needsReference = input.channels.some((c) =>
    ['homebrew', 'scoop', 'winget', 'aur'].includes(c.channel),
  );
  return needsReference && !hasReleases && input.github === undefined
    ? [
        {
          level: 'warning' as const,
          path: 'github',
          message: 'not set: tap/bucket/manifest URLs cannot be checked against GitHub Release asset digests',
        },
      ]
    : [];
};

const registryForm: Rule = (input, _config, _known, git) =>
  input.channels.flatMap((c, i) => {
    if (c.registry === undefined || git.includes(c.channel)) return [];
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(c.registry).protocol);
    } catch {
      ok = false;
    }
    return ok
      ? []
      : [
          {
            level: 'error' as const,
            path: `channels[${i}].registry`,
            message: 'must be an http:// or https:// URL',
          },
        ];
  });

const RULES: readonly Rule[] = [
  registryForm,
  knownChannel,
  packageNamed,
  uniqueNames,
  versionTemplateUsed,
  integrityReference,
];

export function runRules(
  input: ShipwatchConfig,
  config: ResolvedConfig,
  known: readonly string[],
  git: readonly string[] = [],
): ConfigProblem[] {
  return RULES.flatMap((rule) => rule(input, config, known, git));
}
