/**
 * @module A masking configuration read from a JSON file (`shipwatch templates --masking <file>`):
 * user rules are tried before the default ones (`"extends": "default"`, the default) or alone
 * (`"extends": "none"`). Validated with zod; every problem is reported with its path.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../../errors.ts';
import { DEFAULT_MASKING, type MaskingConfig } from './masking.ts';

export const MaskRuleSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    scope: z.enum(['span', 'piece']),
    pattern: z.string().min(1),
    replace: z.string(),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'only the flags i, m, s, u are allowed')
      .optional(),
    requires: z.string().min(1).optional(),
    needsDigit: z.boolean().optional(),
    maxLength: z.number().int().positive().optional(),
  })
  .strict();

export const MaskingFile = z
  .object({
    /** `default`: the rules below come first, then the default rules; `none`: only these. */
    extends: z.enum(['default', 'none']).default('default'),
    /** Replaces the default delimiter characters when given. */
    delimiters: z.string().optional(),
    rules: z.array(MaskRuleSchema),
  })
  .strict();
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
