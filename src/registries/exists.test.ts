import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test/cli-harness.ts';
import {
  dockerRegistryMissing,
  type PushedImage,
  type RunningOciRegistry,
  startOciRegistry,
} from '../../test/servers/oci-registry.ts';
import { type RunningVerdaccio, startVerdaccio } from '../../test/servers/verdaccio.ts';
import { type FixtureServer, fixtureJson, routes, startFixtureServer } from './fixture-server.ts';
import { registries } from './index.ts';

const npmFixture = (name: string) => fixtureJson(import.meta.url, `./npm/__fixtures__/${name}`);
const PACKUMENT = 'GET /@acme%2fwidget';
/** The fixture's `dist.integrity` (sha512, base64) in hex. */
const SRI_HEX =
  'abee80a6cae61b1b9a5e4f6e0fbf72048a00d177f2c52f4becc9e2932efe73c570643be218779cdb9ca4d28908a1546c1d805af3ec654702d1825f9ebd7ab8cb';

describe('shipwatch exists (loopback registry)', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(() => undefined);
  });
  afterAll(async () => {
    await server?.close();
  });
  const exists = (args: string[], env: Record<string, string> = {}) =>
    runCliCaptured(['exists', ...args], { context: { env } });

  it('present → exit 0 and one line with time, checksum and URL', async () => {
    server.setHandler(routes({ [PACKUMENT]: { status: 200, body: npmFixture('packument-present.json') } }));
    const run = await exists(['npm', '@acme/widget', '1.2.3', '--registry', server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'present  npm @acme/widget@1.2.3  published 2026-02-27T16:40:11.604Z  sha512-q+6ApsrmGxuaXk9uD79yBIoA0XfyxS9L7Mniky7+c8VwZDviGHec25yk0okIoVRsHYBa8+xlRwLRgl+evXq4yw==  https://registry.npmjs.org/@acme/widget/-/widget-1.2.3.tgz\n',
    );
    expect(run.stderr).toBe('');
  });

  it('absent → exit 1 with the reason', async () => {
    server.setHandler(routes({ [PACKUMENT]: { status: 200, body: npmFixture('packument-absent.json') } }));
    const run = await exists(['npm', '@acme/widget', '1.2.3', '--registry', server.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'absent  npm @acme/widget@1.2.3  — npm has @acme/widget but not version 1.2.3 (latest is 1.2.2)\n',
    );
  });

  it('pending → exit 3', async () => {
    server.setHandler(
      routes({
        [PACKUMENT]: { status: 200, body: npmFixture('packument-absent.json') },
        'GET /@acme%2fwidget/1.2.3': { status: 200, body: npmFixture('version-1.2.3.json') },
      }),
    );
    const run = await exists(['npm', '@acme/widget', '1.2.3', '--registry', server.url]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^pending {2}npm @acme\/widget@1\.2\.3 {2}— the version document/);
  });

  it('registry failures → exit 4, never 1 (5xx, 429, timeout, garbage)', async () => {
    for (const [handler, pattern] of [
      [() => ({ status: 502, body: 'Bad gateway' }), /answered 502/],
      [() => ({ status: 429, headers: { 'retry-after': '60' }, body: {} }), /rate limited, retry after 60s/],
      [() => 'hang' as const, /did not answer within 200 ms/],
      [() => ({ status: 200, body: '<html>captive portal</html>' }), /not JSON/],
    ] as const) {
      server.setHandler(handler);
      const run = await exists([
        'npm',
        '@acme/widget',
        '1.2.3',
        '--registry',
        server.url,
        '--timeout',
        '200',
      ]);
      expect(run.code).toBe(4);
      expect(run.stdout).toMatch(pattern);
      expect(run.stdout).toMatch(/^error {2}npm @acme\/widget@1\.2\.3 {2}— /);
    }
  });

  it("a 404 that is not the registry's own (wrong --registry, proxy page) → exit 4, never 1; its JSON 404 → exit 1", async () => {
    // What nginx in front of the wrong path answers: an HTML page, for every URL.
    server.setHandler(() => ({
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1><hr>nginx</body></html>',
    }));
    const typo = `${server.url}/typo`;
    const html = await exists(['npm', 'left-pad', '1.3.0', '--registry', typo]);
    expect(html.code).toBe(4);
    expect(html.stdout).toBe(
      `error  npm left-pad@1.3.0  — npm packument of left-pad: GET ${typo}/left-pad answered 404 with an HTML page ("404 Not Found"), not the JSON error this API sends: is the registry URL right? (a 404 from another server is not "absent")\n`,
    );
    expect(html.stderr).toBe('');
    const json = await exists(['npm', 'left-pad', '1.3.0', '--registry', typo, '--json']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({
      verdict: 'error',
      errorCode: 'REGISTRY_RESPONSE',
      httpStatus: 404,
      exitCode: 4,
    });

    server.setHandler(() => ({ status: 404, body: { error: 'Not found' } }));
    const absent = await exists(['npm', 'left-pad', '1.3.0', '--registry', server.url]);
    expect(absent.code).toBe(1);
    expect(absent.stdout).toBe('absent  npm left-pad@1.3.0  — npm has no package named left-pad (404)\n');
  });

  it('--json prints the observation with its exit code', async () => {
    server.setHandler(routes({ [PACKUMENT]: { status: 200, body: npmFixture('packument-present.json') } }));
    const run = await exists(['npm', '@acme/widget', '1.2.3', '--registry', server.url, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      channel: 'npm',
      package: '@acme/widget',
      version: '1.2.3',
      verdict: 'present',
      exitCode: 0,
    });
  });

  it('never prints the token, even when the registry rejects it', async () => {
    server.setHandler(() => ({
      status: 401,
      body: { error: 'bad token npm_abcdefghijklmnopqrstuvwxyz0123' },
    }));
    const token = 'npm_abcdefghijklmnopqrstuvwxyz0123';
    const run = await exists(['npm', '@acme/widget', '1.2.3', '--registry', server.url], {
      NPM_TOKEN: token,
    });
    expect(run.code).toBe(4);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('bad usage → exit 2 with one line (unknown channel, bad URL, missing arguments, bad timeout)', async () => {
    const unknown = await exists(['nppm', 'x', '1.0.0']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown channel 'nppm'; known channels: .*npm/);
    const url = await exists(['npm', 'x', '1.0.0', '--registry', 'ftp://example.com']);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/--registry: 'ftp:\/\/example.com' must be an http/);
    const missing = await exists(['npm', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/usage: shipwatch exists <channel> <package> <version>/);
    const timeout = await exists(['npm', 'x', '1.0.0', '--timeout', 'soon']);
    expect(timeout.code).toBe(2);
  });

  it('bad input → exit 2, before or instead of a verdict (malformed --digest, invalid package name)', async () => {
    server.setHandler(routes({ [PACKUMENT]: { status: 200, body: npmFixture('packument-present.json') } }));
    const before = server.requests.length;
    const digest = await exists([
      'npm',
      '@acme/widget',
      '1.2.3',
      '--registry',
      server.url,
      '--digest',
      'xyz',
    ]);
    expect(digest.code).toBe(2);
    expect(digest.stderr).toMatch(/^error: --digest: 'xyz' is not a checksum/);
    expect(digest.stdout).toBe('');
    expect(server.requests.length).toBe(before);
    const spaced = await exists(['npm', '@acme/widget', '1.2.3 beta', '--registry', server.url]);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toBe("error: version: expected one word like 1.4.2 or v1.4.2, got '1.2.3 beta'\n");
    expect(server.requests.length).toBe(before);
    const hugeTimeout = await exists(['npm', '@acme/widget', '1.2.3', '--timeout', '99999999999']);
    expect(hugeTimeout.code).toBe(2);
    expect(hugeTimeout.stderr).toBe(
      "error: --timeout: expected a number of milliseconds from 1 to 300000, got '99999999999'\n",
    );
    const hexTooShort = await exists(['npm', '@acme/widget', '1.2.3', '--digest', 'sha256:abc123']);
    expect(hexTooShort.code).toBe(2);
    const name = await exists(['npm', 'o/r', '1.2.3', '--registry', server.url, '--json']);
    expect(name.code).toBe(2);
    expect(name.stderr).toBe("error: 'o/r' is not a valid npm package name\n");
    expect(name.stdout).toBe('');
  });

  it('--digest: 0 when the artifact matches, 5 when the channel has another, 4 when it shows none', async () => {
    server.setHandler(routes({ [PACKUMENT]: { status: 200, body: npmFixture('packument-present.json') } }));
    const base = ['npm', '@acme/widget', '1.2.3', '--registry', server.url, '--digest'];
    const sri =
      'sha512-q+6ApsrmGxuaXk9uD79yBIoA0XfyxS9L7Mniky7+c8VwZDviGHec25yk0okIoVRsHYBa8+xlRwLRgl+evXq4yw==';
    const same = await exists([...base, sri]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/\(digest matches\)$/m);
    const other = await exists([...base, `sha512:${'ab'.repeat(64)}`]);
    expect(other.code).toBe(5);
    expect(other.stdout).toMatch(
      new RegExp(
        `^mismatch {2}npm @acme/widget@1\\.2\\.3 {2}— present, but another artifact: expected sha512:${'ab'.repeat(64)}, the channel has sha512:${SRI_HEX}$`,
        'm',
      ),
    );
    const packument = npmFixture('packument-present.json') as { versions: Record<string, { dist: object }> };
    const bare = structuredClone(packument);
    const entry = bare.versions['1.2.3'];
    if (entry) entry.dist = { tarball: 'https://registry.npmjs.org/@acme/widget/-/widget-1.2.3.tgz' };
    server.setHandler(routes({ [PACKUMENT]: { status: 200, body: bare } }));
    const none = await exists([...base, sri]);
    expect(none.code).toBe(4);
    expect(none.stdout).toMatch(/exposes no checksum for this version/);
  });

  it('--digest compares like with like: hex and SRI of one sha512 are equal, sha1 is the shasum, a sha256 cannot be checked against npm', async () => {
    server.setHandler(routes({ [PACKUMENT]: { status: 200, body: npmFixture('packument-present.json') } }));
    const base = ['npm', '@acme/widget', '1.2.3', '--registry', server.url, '--digest'];
    // The same sha512 as the packument's SRI integrity, written in hex (as sha512sum prints it).
    for (const hex of [`sha512:${SRI_HEX}`, `sha512:${SRI_HEX.toUpperCase()}`, SRI_HEX]) {
      const run = await exists([...base, hex]);
      expect(run.code, hex).toBe(0);
      expect(run.stdout).toMatch(/\(digest matches\)$/m);
    }
    // dist.shasum is kept beside the integrity.
    const sha1 = await exists([...base, 'sha1:9a8b7c6d5e4f30211a2b3c4d5e6f708192a3b4c5']);
    expect(sha1.code).toBe(0);
    const otherSha1 = await exists([...base, `sha1:${'0'.repeat(40)}`]);
    expect(otherSha1.code).toBe(5);
    expect(otherSha1.stdout).toContain('the channel has sha1:9a8b7c6d5e4f30211a2b3c4d5e6f708192a3b4c5');
    // npm has no sha256 of the tarball: not "another artifact" (5) but "cannot tell" (4).
    for (const digest of [`sha256:${'e3'.repeat(32)}`, `sha384-${Buffer.alloc(48, 7).toString('base64')}`]) {
      const run = await exists([...base, digest, '--json']);
      expect(run.code, digest).toBe(4);
      const json = JSON.parse(run.stdout) as { verdict: string; reason: string };
      expect(json.verdict).toBe('error');
      expect(json.reason).toMatch(
        /^npm exposes sha512, sha1 for this version, not sha(256|384): --digest cannot be checked/,
      );
    }
    // The artifact evidence carries both checksums.
    const json = JSON.parse(
      (await exists(['npm', '@acme/widget', '1.2.3', '--registry', server.url, '--json'])).stdout,
    ) as {
      artifacts: { digest: string; digests: string[] }[];
    };
    expect(json.artifacts[0]?.digest).toBe(
      'sha512-q+6ApsrmGxuaXk9uD79yBIoA0XfyxS9L7Mniky7+c8VwZDviGHec25yk0okIoVRsHYBa8+xlRwLRgl+evXq4yw==',
    );
    expect(json.artifacts[0]?.digests).toEqual(['sha1:9a8b7c6d5e4f30211a2b3c4d5e6f708192a3b4c5']);
  });

  it('--digest of the wrong length for its algorithm is bad usage (exit 2), not a mismatch', async () => {
    for (const digest of ['sha512-AAAA', `sha256:${'a'.repeat(63)}`, 'a'.repeat(50)]) {
      const run = await exists([
        'npm',
        '@acme/widget',
        '1.2.3',
        '--registry',
        server.url,
        '--digest',
        digest,
      ]);
      expect(run.code, digest).toBe(2);
      expect(run.stderr).toMatch(/--digest: .* is not a checksum/);
    }
  });

  it('npm: v1.2.3 is 1.2.3 (exit 0, said in the line); a dist-tag is bad usage (exit 2), not absent', async () => {
    server.setHandler(routes({ [PACKUMENT]: { status: 200, body: npmFixture('packument-present.json') } }));
    const tagged = await exists(['npm', '@acme/widget', 'v1.2.3', '--registry', server.url]);
    expect(tagged.code).toBe(0);
    expect(tagged.stdout).toMatch(
      /^present {2}npm @acme\/widget@v1\.2\.3 .* v1\.2\.3 read as 1\.2\.3, as npm does$/m,
    );
    const before = server.requests.length;
    const latest = await exists(['npm', '@acme/widget', 'latest', '--registry', server.url]);
    expect(latest.code).toBe(2);
    expect(latest.stderr).toMatch(
      /^error: npm versions are semver \(major\.minor\.patch\[-prerelease\]\): 'latest' is not one/,
    );
    expect(latest.stdout).toBe('');
    expect(server.requests.length).toBe(before);
  });

  it('a package name in the wrong shape for its channel is a usage error (exit 2), not a registry error (exit 4)', async () => {
    for (const [channel, shape] of [
      ['github-releases', 'owner/repo'],
      ['vscode-marketplace', 'publisher.extension'],
      ['open-vsx', 'namespace.extension'],
    ] as const) {
      const run = await exists([channel, 'no-shape', '1.0.0', '--registry', server.url]);
      expect(run.code, channel).toBe(2);
      expect(run.stderr).toContain(`must be ${shape}`);
      expect(run.stdout).toBe('');
    }
  });

  it('a name the channel cannot hold (a space, a !) is exit 2 before any request, never a 404 read as absent', async () => {
    server.setHandler(() => ({ status: 404, body: { message: 'Not Found' } }));
    const before = server.requests.length;
    for (const [channel, name] of [
      ['pypi', 'bad name!'],
      ['crates-io', 'bad name!'],
      ['snap', 'Bad Name'],
      ['nuget', 'bad name'],
      ['chocolatey', 'bad name'],
      ['aur', 'bad name'],
      ['open-vsx', 'acme.bad!'],
      ['vscode-marketplace', 'acme.bad!'],
    ] as const) {
      const run = await exists([channel, name, '1.0.0', '--registry', server.url]);
      expect(run.code, `${channel}: ${run.stderr}`).toBe(2);
      // One line that names the input and what the channel accepts.
      expect(run.stderr.trim().split('\n'), channel).toHaveLength(1);
      expect(run.stderr).toMatch(/^error: .*(is not a valid|must be)/);
      expect(run.stderr).toContain(name);
      expect(run.stdout).toBe('');
    }
    expect(server.requests.length).toBe(before);
  });

  it('--list with a channel, package or version is a usage error (which did the user mean?)', async () => {
    const run = await exists(['--list', 'npm', 'left-pad', '1.3.0']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: --list takes no arguments; to check a version drop --list\n');
  });

  it('--list is built from the adapters data', async () => {
    const run = await exists(['--list', '--json']);
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { id: string; capabilities: { seesPending: boolean } }[];
    expect(list.map((c) => c.id)).toEqual(Object.keys(registries).sort());
    expect(list.find((c) => c.id === 'npm')?.capabilities.seesPending).toBe(
      registries.npm?.capabilities.seesPending,
    );
    const text = await exists(['--list']);
    expect(text.stdout).toMatch(/^channel +name +pending +checksums +absent is +token +token env$/m);
    expect(text.stdout).toMatch(
      /^github-packages-npm +GitHub Packages \(npm\) +no +yes +json-404 +yes +GITHUB_TOKEN, NODE_AUTH_TOKEN$/m,
    );
    expect(text.stdout).toMatch(/^go-proxy +Go module proxy +yes +no +any-404 +no +-$/m);
    expect(list.find((c) => c.id === 'aur')).toMatchObject({ capabilities: { absentIs: 'in-answer' } });
  });
});

describe('shipwatch exists against a real Verdaccio', () => {
  let verdaccio: RunningVerdaccio;
  beforeAll(async () => {
    verdaccio = await startVerdaccio();
    const token = await verdaccio.addUser('ci', 'a-long-enough-password');
    await verdaccio.publish({ name: 'shipwatch-guarded', version: '1.0.0' }, token);
  });
  afterAll(async () => {
    await verdaccio?.close();
  });

  it('guards a publish: 0 for the published version, 1 for the next one', async () => {
    const published = await runCliCaptured([
      'exists',
      'npm',
      'shipwatch-guarded',
      '1.0.0',
      '--registry',
      verdaccio.url,
    ]);
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/^present {2}npm shipwatch-guarded@1\.0\.0 {2}published /);
    const next = await runCliCaptured([
      'exists',
      'npm',
      'shipwatch-guarded',
      '1.0.1',
      '--registry',
      verdaccio.url,
    ]);
    expect(next.code).toBe(1);
  });
});

const missing = dockerRegistryMissing();
if (missing) console.warn(`\n*** exists tests against a real OCI registry SKIPPED: ${missing} ***\n`);

describe.skipIf(missing !== undefined)(
  `shipwatch exists against a real docker-registry${missing ? ` (SKIPPED: ${missing})` : ''}`,
  () => {
    let server: RunningOciRegistry;
    let pushed: PushedImage;
    beforeAll(async () => {
      server = await startOciRegistry();
      pushed = await server.pushImage('acme/tool', '1.0.0', [
        { arch: 'amd64', created: '2026-01-09T09:09:09Z' },
      ]);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('0 for a pushed tag (and its digest), 5 for another digest, 1 for a missing tag, 4 when the registry is gone', async () => {
      const args = (tag: string, url = server.url) => ['exists', 'oci', 'acme/tool', tag, '--registry', url];
      expect((await runCliCaptured(args('1.0.0'))).code).toBe(0);
      const matches = await runCliCaptured([
        ...args('1.0.0'),
        '--digest',
        pushed.digest.toUpperCase().replace('SHA256', 'sha256'),
      ]);
      expect(matches.code).toBe(0);
      const retargeted = await runCliCaptured([...args('1.0.0'), '--digest', `sha256:${'0'.repeat(64)}`]);
      expect(retargeted.code).toBe(5);
      expect(retargeted.stdout).toContain(`the channel has ${pushed.digest}`);
      expect((await runCliCaptured(args('1.0.1'))).code).toBe(1);
      const gone = await startFixtureServer(() => undefined);
      await gone.close();
      const down = await runCliCaptured(args('1.0.0', gone.url));
      expect(down.code).toBe(4);
      expect(down.stdout).toMatch(/could not reach/);
    });
  },
);

describe('docs/exists.md', () => {
  it('has a copy-paste section for every registered channel', () => {
    const docs = readFileSync(new URL('../../docs/exists.md', import.meta.url), 'utf8');
    const sections = new Set([...docs.matchAll(/^### (\S+)/gm)].map((m) => m[1]));
    const undocumented = Object.keys(registries).filter((id) => !sections.has(id));
    expect(undocumented, 'add a "### <id>" section with the check line to docs/exists.md').toEqual([]);
    for (const id of Object.keys(registries)) expect(docs).toContain(`shipwatch exists ${id} `);
  });

  it('lists each channel under the `absent is` its adapter declares', () => {
    const docs = readFileSync(new URL('../../docs/exists.md', import.meta.url), 'utf8');
    const documented = Object.fromEntries(
      [...docs.matchAll(/^\| `(json-404|any-404|in-answer)` \| ([^|]+) \|/gm)].map((m) => [
        m[1],
        (m[2] ?? '').split(',').map((id) => id.trim()),
      ]),
    );
    const ids = Object.keys(registries).sort();
    const declared = Object.fromEntries(
      (['json-404', 'any-404', 'in-answer'] as const).map((kind) => [
        kind,
        ids.filter((id) => registries[id]?.capabilities.absentIs === kind),
      ]),
    );
    expect(documented, 'update the table in "A 404 from the wrong server is not absent"').toEqual(declared);
  });
});
