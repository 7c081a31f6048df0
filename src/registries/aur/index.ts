/**
 * @module AUR: the RPC (`/rpc/v5/info?arg[]=<name>`) says which version the AUR serves; the
 * package base's git repository (`<base>/<pkgbase>.git`) says where the sources come from and
 * their checksums (`.SRCINFO` at HEAD). Pushes are visible at once: no pending state.
 */
import { RegistryResponseError, UsageError } from '../../errors.ts';
import { withGitSnapshot } from '../git/snapshot.ts';
import { getJson, joinUrl, observe } from '../http.ts';
import type { RegistryAdapter } from '../types.ts';
import { parseSrcInfo } from './parse-srcinfo.ts';
import { AurRpcResponse } from './schema.ts';

/**
 * What the AUR accepts as a pkgname (aurweb's git update hook: `[a-z0-9][a-z0-9.+_-]*`, at most
 * 255 characters); makepkg's wider set (`@`, capitals) is refused on push.
 */
const PKGNAME = /^[a-z0-9][a-z0-9.+_-]{0,254}$/;

const ID = 'aur';
const DEFAULT_BASE_URL = 'https://aur.archlinux.org';

/** `1.2.3` matches AUR `1.2.3-1` and `2:1.2.3-4`; `1.2.3-1` must match including pkgrel. */
export function aurVersionMatches(aurVersion: string, asked: string): boolean {
  const want = asked.trim().replace(/^v(?=\d)/i, '');
  const noEpoch = aurVersion.replace(/^\d+:/, '');
  const pkgver = noEpoch.replace(/-[^-]+$/, '');
  return want === aurVersion || want === noEpoch || want === pkgver;
}

export const aur = {
  id: ID,
  displayName: 'AUR',
  defaultBaseUrl: DEFAULT_BASE_URL,
  packageFormat: 'package name, e.g. `widget-bin` (the git repository is its PackageBase)',
  capabilities: {
    seesPending: false,
    exposesChecksums: true,
    needsToken: 'no',
    tokenEnv: [],
    // aurweb answers an unknown name with resultcount 0; a 404 means the URL is not an aurweb RPC.
    absentIs: 'in-answer',
    notes:
      'Version from the RPC (pkgver-pkgrel; a bare version matches any pkgrel), date = LastModified; sources and sha256sums from .SRCINFO at HEAD of <base>/<pkgbase>.git (shallow clone). RPC limit: 4000 requests/day per IP, then 429.',
  },
  check(pkg, version, ctx) {
    return observe(ID, pkg, version, ctx, async (track) => {
      // Bad input, not a registry answer: exit 2, and never an empty RPC result that reads "absent".
      if (!PKGNAME.test(pkg)) {
        throw new UsageError(
          `'${pkg}' is not a valid AUR package name (a lower-case letter or digit, then also '.', '+', '_', '-'; at most 255 characters)`,
        );
      }
      const base = ctx.baseUrl ?? DEFAULT_BASE_URL;
      const url = joinUrl(base, `/rpc/v5/info?arg[]=${encodeURIComponent(pkg)}`);
      track.url = url;
      const what = `AUR info for ${pkg}`;
      const result = await getJson(ctx, url, AurRpcResponse, {
        what,
        headers: { accept: 'application/json' },
      });
      if (!result.found) {
        // aurweb answers unknown names with resultcount 0, never 404: a 404 is not the AUR API.
        throw new RegistryResponseError(
          `${what}: ${result.response.url} answered ${result.response.status}; is this an aurweb RPC?`,
        );
      }
      const rpc = result.data;
      if (rpc.type === 'error' || rpc.error) {
        throw new RegistryResponseError(`${what}: the RPC answered an error: ${rpc.error ?? '(no message)'}`);
      }
      const info = rpc.results.find((p) => p.Name === pkg);
      if (!info) return { verdict: 'absent', url, reason: `the AUR has no package named ${pkg}` };
      if (!aurVersionMatches(info.Version, version)) {
        return { verdict: 'absent', url, reason: `the AUR has ${pkg} ${info.Version}, not ${version}` };
      }
      // AUR names are [a-z0-9@._+-]; '+' stays literal in a path (encoding it breaks some servers).
      const safeBase = /^[A-Za-z0-9@._+-]+$/.test(info.PackageBase)
        ? info.PackageBase
        : encodeURIComponent(info.PackageBase);
      const gitUrl = joinUrl(base, `/${safeBase}.git`);
      const srcinfo = await withGitSnapshot(
        gitUrl,
        {
          what: `AUR git repository of ${info.PackageBase}`,
          timeoutMs: ctx.timeoutMs,
          env: ctx.env,
          logger: ctx.logger,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        },
        async (snap) => {
          const text = await snap.readFile('.SRCINFO');
          const where = `.SRCINFO of ${info.PackageBase} at ${snap.head.slice(0, 12)}`;
          if (text === undefined) throw new RegistryResponseError(`AUR: ${gitUrl} has no .SRCINFO at HEAD`);
          return { parsed: parseSrcInfo(text), where };
        },
      );
      const { parsed, where } = srcinfo;
      if (parsed.problems.length > 0) {
        throw new RegistryResponseError(`AUR: ${where} is not usable: ${parsed.problems.join('; ')}`);
      }
      if (parsed.version !== info.Version) {
        throw new RegistryResponseError(
          `AUR: the RPC says ${pkg} ${info.Version} but ${where} says ${parsed.version ?? '(no version)'}`,
        );
      }
      return {
        verdict: 'present',
        url,
        ...(typeof info.LastModified === 'number'
          ? { publishedAt: new Date(info.LastModified * 1000).toISOString() }
          : {}),
        artifacts: parsed.artifacts,
        ...(typeof info.OutOfDate === 'number'
          ? { reason: `flagged out of date on ${new Date(info.OutOfDate * 1000).toISOString().slice(0, 10)}` }
          : {}),
      };
    });
  },
} satisfies RegistryAdapter;
