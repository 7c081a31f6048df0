// Bundles the CLI into dist/cli.js plus shared chunks. A bundler is needed (not plain tsc) because
// @actions/workflow-parser imports JSON without an import attribute, which Node 20 ESM refuses.
//
// Code splitting: each command lazy-imports its core, so `shipwatch verify` loads the verify chunks
// and never parses Octokit, the workflow parser or the log miner. One 2.4 MB file cost every command
// ~9-12 MB of RSS before it did anything (`--version` peak RSS 54.5 MB as one file; split, 42.5 MB in
// bench/verify.ts's clean environment, ~45 MB with a full shell environment and a preload hook).
// Chunks sit beside cli.js (not in a subfolder) because code that finds its data files from
// import.meta.url (scenarios/, signatures/) may end up in a chunk.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: clear old ones so dist/ holds one consistent build.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'bundle',
  sourcemap: true,
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __shipwatchCreateRequire } from 'node:module';\nconst require = __shipwatchCreateRequire(import.meta.url);",
  },
  external: ['playwright-core', 'verdaccio'],
  logLevel: 'warning',
});

// The simulator's scenarios are data files read at run time (src/simulator/scenarios.ts looks in
// ./scenarios/ beside the bundle), so the demo works from dist/ alone.
mkdirSync('dist/scenarios', { recursive: true });
for (const file of readdirSync('src/simulator/scenarios')) {
  if (file.endsWith('.yml')) cpSync(`src/simulator/scenarios/${file}`, `dist/scenarios/${file}`);
}

// The failure-signature knowledge base is data read at run time (src/logs/signatures/load.ts looks in
// ./signatures/ beside the bundle), so `why` works from dist/ alone.
mkdirSync('dist/signatures', { recursive: true });
for (const file of readdirSync('src/logs/signatures/data')) {
  if (file.endsWith('.yaml')) cpSync(`src/logs/signatures/data/${file}`, `dist/signatures/${file}`);
}
