// Bundles the CLI into one ESM file. A bundler is needed (not plain tsc) because
// @actions/workflow-parser imports JSON without an import attribute, which Node 20 ESM refuses.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'bundle',
  sourcemap: true,
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __shipwatchCreateRequire } from 'node:module';\nconst require = __shipwatchCreateRequire(import.meta.url);",
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
