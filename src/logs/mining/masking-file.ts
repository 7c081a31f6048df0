/**
 * @module A masking configuration read from a JSON file (`shipwatch templates --masking <file>`):
 * user rules are tried before the default ones (`"extends": "default"`, the default) or alone
 * (`"extends": "none"`). Validated with zod; every problem is reported with its path.
 */
import { readFile } from 'node:fs/promises';
import * as z from '../../shared/zod.ts';
import { ConfigError } from '../../errors.ts';
import { DEFAULT_MASKING, type MaskingConfig } from './masking.ts';

export const MaskRuleSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  description: z._default(z.string(), ''),
  scope: z.enum(['span', 'piece']),
  pattern: z.string().check(z.minLength(1)),
  replace: z.string(),
  flags: z.optional(z.string().check(z.regex(/^[imsu]*$/, 'only the flags i, m, s, u are allowed'))),
  requires: z.optional(z.string().check(z.minLength(1))),
  needsDigit: z.optional(z.boolean()),
  maxLength: z.optional(z.number().check(z.int(), z.positive())),
});

export const MaskingFile = z.strictObject({
  /** `default`: the rules below come first, then the default rules; `none`: only these. */
  extends: z._default(z.enum(['default', 'none']), 'default'),
  /** Replaces the default delimiter characters when given. */
  delimiters: z.optional(z.string()),
  rules: z.array(MaskRuleSchema),
});
export type MaskingFile = z.infer<typeof MaskingFile>;

/** Turns a parsed file into a configuration; throws ConfigError naming the bad rule. */
export function maskingFromFile(file: MaskingFile, label: string): MaskingConfig {
  const problems: string[] = [];
  file.rules.forEach((rule, i) => {
    try {
      new RegExp(rule.pattern, rule.flags ?? '');
    } catch (err) {
      problems.push(`rules[${i}] (${rule.name}): bad pattern: ${(err as Error).message}`);
    }
  });
  if (problems.length > 0) throw new ConfigError(`${label}: ${problems.join('; ')}`);
  const base = file.extends === 'default' ? DEFAULT_MASKING.rules : [];
  return {
    delimiters: file.delimiters ?? DEFAULT_MASKING.delimiters,
    rules: [
      ...file.rules.map((r) => ({
        name: r.name,
        description: r.description,
        scope: r.scope,
        pattern: r.pattern,
        replace: r.replace,
        ...(r.flags !== undefined ? { flags: r.flags } : {}),
        ...(r.requires !== undefined ? { requires: r.requires } : {}),
        ...(r.needsDigit !== undefined ? { needsDigit: r.needsDigit } : {}),
        ...(r.maxLength !== undefined ? { maxLength: r.maxLength } : {}),
      })),
      ...base,
    ],
  };
}

/** Reads and validates a masking file. */
export async function loadMaskingFile(path: string): Promise<MaskingConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`${path}: cannot read masking file (${code === 'ENOENT' ? 'no such file' : code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${(err as Error).message.replace(/\s+/g, ' ')})`);
  }
  const parsed = MaskingFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new ConfigError(`${path}: ${problems.join('; ')}`);
  }
  return maskingFromFile(parsed.data, path);
}
