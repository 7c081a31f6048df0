/** @module Names the failing step of a log without step markers, from what the log itself says. */
import type { CauseAcc, DiagnosisCollector } from './collect.ts';
import { fill } from './collect.ts';

/**
 * The command the failing step ran: a wrapper's own words (`npm run build`, a Netlify stage,
 * `goreleaser release`), else the most likely cause's tool, else a tool's banner (`npm notice
 * Publishing to …`), else BuildKit output (a docker build), else the last shell trace
 * (`+ docker push ...`) or command echo.
 */
export function inferName(c: DiagnosisCollector, ranked: readonly { acc: CauseAcc }[]): string | undefined {
  const hint = c.consequenceHints.find((h) => h.tier !== 2 && h.name.trim() !== '');
  if (hint) return hint.name.trim();
  for (const x of ranked) {
    const name = x.acc.sig.step ? fill(x.acc.sig.step, x.acc.groups).trim() : '';
    if (name) return name;
  }
  const banner = c.consequenceHints.find((h) => h.tier === 2 && h.name.trim() !== '');
  if (banner) return banner.name.trim();
  if (c.buildkit) return 'docker build';
  return c.lastShellTrace?.name ?? c.lastCommandEcho?.name;
}
