import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getRegistry, listRegistries, registries } from './index.ts';

// A channel folder is one with an index.ts (the adapter); folders without one hold code shared by
// several channels (e.g. git/ for tap, bucket and manifest repositories) and are not channels.
const NOT_CHANNELS = new Set(['__fixtures__', 'node_modules']);

describe('registry map', () => {
  const root = new URL('.', import.meta.url);
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_CHANNELS.has(entry.name))
    .filter((entry) => existsSync(new URL(`${entry.name}/index.ts`, root)))
    .map((entry) => entry.name)
    .sort();

  it('registers every src/registries/<id>/ folder with an index.ts under the same id, and nothing else', () => {
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
