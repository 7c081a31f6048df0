import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChannelConfig, ShipwatchConfig } from './schema.ts';

// docs/verify.md documents every config key; a key added to the schema without docs fails here.
describe('docs/verify.md', () => {
  const docs = readFileSync(new URL('../../docs/verify.md', import.meta.url), 'utf8');
  it('documents every top-level and channel key', () => {
    for (const key of Object.keys(ShipwatchConfig.shape).filter((k) => k !== '$schema'))
      expect(docs, key).toContain(`| \`${key}\``);
    for (const key of Object.keys(ChannelConfig.shape))
      expect(docs, key).toContain(`| \`channels[].${key}\``);
  });
});
