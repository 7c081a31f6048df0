import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      // The inlined @actions/workflow-parser ships source maps pointing at sources it does not ship;
      // drop the map comments so each test run is not drowned in "missing source files" warnings.
      name: 'workflow-parser-without-source-maps',
      load(id) {
        if (!/[\\/]@actions[\\/]workflow-parser[\\/]dist[\\/].*\.js$/.test(id)) return undefined;
        return readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
      },
    },
  ],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // @actions/workflow-parser imports its schema JSON without `with { type: 'json' }`, which Node's
    // own ESM loader refuses; letting Vite transform it makes the import work in tests.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
