/** @module Go module proxy: `<module>/@v/<version>.info`, asked without triggering a fetch. */
import { getJson, joinUrl, observe } from '../http.ts';
import { checkAnsweredFor } from '../identity.ts';
import type { RegistryAdapter } from '../types.ts';
import { escapeModulePath } from './escape-path.ts';
import { GoVersionInfo } from './schema.ts';
import { UsageError } from '../../errors.ts';

const ID = 'go-proxy';
const DEFAULT_BASE_URL = 'https://proxy.golang.org';
/** proxy.golang.org's 404/410 body when Disable-Module-Fetch stopped it from fetching an uncached version. */
const LOOKUP_DISABLED = /^not found: module lookup disabled\b/;

export const goProxy = {
  id: ID,
  displayName: 'Go module proxy',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'module path, e.g. `github.com/owner/repo` (with `/v2` for major versions ≥2)',
  capabilities: {
    seesPending: true,
    exposesChecksums: false,
    needsToken: 'no',
    tokenEnv: [],
    // `go help goproxy`: any static file server or file:// tree is a valid proxy, so its 404 may be text or HTML.
    absentIs: 'any-404',
    notes:
      'Sends Disable-Module-Fetch so the check never makes the proxy fetch the tag; a version the proxy has not fetched yet ("module lookup disabled") is pending, not absent. `Time` is the commit time, not when the proxy cached it. Checksums are go.sum h1: hashes (sum.golang.org), not sha256.',
  },
  check(pkg, version, ctx) {
    return observe({ id: ID }, pkg, version, ctx, async () => {
      const base = ctx.baseUrl ?? DEFAULT_BASE_URL;
      const v = version.startsWith('v') ? version : `v${version}`;
      // Go allows only these in module paths and versions; anything else (#, ?, spaces) would be cut
      // from or change the proxy URL, so the answer would be about another version.
      if (!/^[A-Za-z0-9._~/+-]+$/.test(pkg)) throw new UsageError(`'${pkg}' is not a Go module path`);
      if (!/^v[0-9A-Za-z.+-]+$/.test(v)) throw new UsageError(`'${version}' is not a Go module version`);
      const prefix = `/${escapeModulePath(pkg)}/@v/${escapeModulePath(v)}`;
      const url = joinUrl(base, `${prefix}.info`);
      const what = `Go module ${pkg}@${v}`;
      const result = await getJson(ctx, url, GoVersionInfo, {
        what,
        // Without this the probe itself would make proxy.golang.org fetch (and cache) the version.
        headers: { 'disable-module-fetch': 'true' },
      });
      if (!result.found) {
        const says = result.response.body.trim().split('\n')[0]?.slice(0, 160);
        // The proxy declined to look (it was asked not to fetch): right after a tag push nobody
        // has fetched the version yet, so this says nothing about whether the tag exists.
        if (says !== undefined && LOOKUP_DISABLED.test(says)) {
          return {
            verdict: 'pending',
            url,
            reason: `the proxy has not fetched ${pkg}@${v} yet (it declined to look: ${says}); \`GOPROXY=${base} go list -m ${pkg}@${v}\` makes it fetch the tag`,
          };
        }
        return {
          verdict: 'absent',
          url,
          reason: `the proxy does not have ${pkg}@${v} (${result.response.status}${says ? `: ${says}` : ''})`,
        };
      }
      // `.info` answers queries too (a branch, `v1.2` → its canonical version): ask for the exact tag.
      checkAnsweredFor(what, { version: v }, { version: result.data.Version });
      return {
        verdict: 'present',
        url,
        ...(result.data.Time ? { publishedAt: result.data.Time } : {}),
        artifacts: [{ name: `${v}.zip`, url: joinUrl(base, `${prefix}.zip`) }],
        reason: 'time is the commit time of the tag',
      };
    });
  },
} satisfies RegistryAdapter;
