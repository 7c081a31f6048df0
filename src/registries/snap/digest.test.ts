/** `--digest sha3-384:<hex>` on Snap, the one checksum the Snap Store publishes (review R3). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../test/cli-harness.ts';
import { parseDigest } from '../digest.ts';
import { type FixtureServer, fixtureJson, startFixtureServer } from '../fixture-server.ts';

const info = fixtureJson(new URL('./__fixtures__/', import.meta.url), 'info.json') as {
  'channel-map': { download: { 'sha3-384': string } }[];
};

describe('snap --digest', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(() => ({ status: 200, body: info }));
  });
  afterAll(() => server.close());

  it('reads sha3-384 only with its prefix (96 bare hex digits stay sha384)', () => {
    const hex = 'ab'.repeat(48);
    expect(parseDigest(`sha3-384:${hex}`)).toEqual({ algorithm: 'sha3-384', hex });
    expect(parseDigest(hex)).toEqual({ algorithm: 'sha384', hex });
    expect(parseDigest(`sha3-384:${'ab'.repeat(47)}`)).toBeUndefined();
  });

  it('the published sha3-384 matches (0), another sha3-384 is another artifact (5)', async () => {
    const published = info['channel-map'][0]!.download['sha3-384'];
    const base = ['exists', 'snap', 'shipwatch-demo', '1.4.2', '--registry', server.url, '--digest'];
    const same = await runCliCaptured([...base, `sha3-384:${published}`]);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    const other = await runCliCaptured([...base, `sha3-384:${'0'.repeat(96)}`]);
    expect(other.code).toBe(5);
  });
});
