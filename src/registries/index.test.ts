import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getRegistry, listRegistries, registries } from './index.ts';

// Folders that hold shared test data rather than a channel.
const NOT_CHANNELS = new Set(['__fixtures__', 'node_modules']);

describe('registry map', () => {
  const folders = readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_CHANNELS.has(entry.name))
    .map((entry) => entry.name)
    .sort();

  it('registers every src/registries/<id>/ folder under the same id, and nothing else', () => {
    expect(Object.keys(registries).sort()).toEqual(folders);
  });

  it('keys each adapter by its own id', () => {
    for (const [key, adapter] of Object.entries(registries)) expect(adapter.id).toBe(key);
  });

  it('lists adapters sorted by id', () => {
    const ids = listRegistries().map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('rejects an unknown channel with the list of known ones', () => {
    expect(() => getRegistry('no-such-channel')).toThrow(/unknown channel 'no-such-channel'; known channels/);
    expect(() => getRegistry('constructor')).toThrow(/unknown channel/);
  });
});
