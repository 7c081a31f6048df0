/** Writes schema/shipwatch.schema.json from the zod schema: `npx tsx scripts/generate-config-schema.ts`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { configJsonSchemaText } from '../src/config/json-schema.ts';

const target = new URL('../schema/shipwatch.schema.json', import.meta.url);
await mkdir(new URL('.', target), { recursive: true });
await writeFile(target, configJsonSchemaText());
process.stdout.write(`wrote ${target.pathname}\n`);
