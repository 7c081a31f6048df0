import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema, configJsonSchemaText } from './json-schema.ts';

describe('schema/shipwatch.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx scripts/generate-config-schema.ts)', () => {
    const committed = readFileSync(new URL('../../schema/shipwatch.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(configJsonSchemaText());
  });

  it('carries descriptions and defaults for editors', () => {
    const schema = configJsonSchema() as {
      required: string[];
      properties: Record<string, { description?: string; default?: unknown }>;
    };
    expect(schema.required).toEqual(['product', 'channels']);
    expect(schema.properties.concurrency).toMatchObject({ default: 16 });
    for (const [key, value] of Object.entries(schema.properties)) expect(value.description, key).toBeTruthy();
  });

  it('accepts the example config', () => {
    const example = parse(
      readFileSync(new URL('./__fixtures__/full.yml', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const schema = configJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(example).every((k) => k in schema.properties)).toBe(true);
  });
});
