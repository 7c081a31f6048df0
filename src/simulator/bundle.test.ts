/**
 * The scenarios are data files found at run time beside the code; this checks they are also found
 * from a bundle laid out like dist/ (cli.js + scenarios/ copied by scripts/build.mjs).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shipwatch-sim-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulator in a bundle', () => {
  it('loads the built-in scenarios from scenarios/ beside the bundle and serves a run', async () => {
    const here = import.meta.dirname;
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { listScenarios, startSimulator } from ${JSON.stringify(resolve(here, 'server.ts'))};`,
        `const sim = await startSimulator({ scenario: 'release-crisis', startAt: 1e6 });`,
        "const res = await fetch([sim.url, 'repos', sim.owner, sim.repo, 'actions/runs', sim.runId].join('/'));",
        'const run = await res.json();',
        'console.log(JSON.stringify({ scenarios: listScenarios(), conclusion: run.conclusion }));',
        'await sim.close();',
      ].join('\n'),
    );
    const out = join(dir, 'dist');
    await build({
      entryPoints: [entry],
      outfile: join(out, 'cli.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    // What scripts/build.mjs does.
    mkdirSync(join(out, 'scenarios'));
    const source = resolve(here, 'scenarios');
    for (const f of readdirSync(source)) cpSync(join(source, f), join(out, 'scenarios', f));
    const { stdout } = await promisify(execFile)(process.execPath, [join(out, 'cli.js')], { cwd: dir });
    const result = JSON.parse(stdout) as { scenarios: string[]; conclusion: string };
    expect(result.scenarios).toContain('release-crisis');
    expect(result.conclusion).toBe('failure');
  });
});
