/** @module The editor JSON Schema of `shipwatch.yml`, generated from the zod schema (never written by hand). */
import * as z from '../shared/zod.ts';
import { ShipwatchConfig } from './schema.ts';

export function configJsonSchema(): Record<string, unknown> {
  // `input`: defaults make keys optional for the person writing the file.
  const schema = z.toJSONSchema(ShipwatchConfig, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://shipwatch.dev/schema/shipwatch.schema.json',
    title: 'shipwatch.yml',
  };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
