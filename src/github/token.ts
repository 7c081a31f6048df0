/**
 * @module Where the token comes from: `--token`, `GH_TOKEN`, `GITHUB_TOKEN`, then `gh auth token`
 * when the GitHub CLI is installed. Whatever we find is registered as a secret at once, so it is
 * redacted from every error, log line and JSON object built afterwards.
 */
import { execFile } from 'node:child_process';
import { registerSecret } from '../shared/redact.ts';

export type TokenSource = 'flag' | 'GH_TOKEN' | 'GITHUB_TOKEN' | 'gh' | 'none';

export interface ResolvedToken {
  /** The token, or undefined (anonymous: 60 requests/hour on github.com). */
  token: string | undefined;
  /** Where it came from; safe to print. */
  source: TokenSource;
}

export interface TokenOptions {
  /** Value of `--token`. */
  flag?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** Runs `gh auth token`; injectable for tests. Resolves undefined when gh is missing or logged out. */
  ghAuthToken?: (env: Readonly<Record<string, string | undefined>>) => Promise<string | undefined>;
}

export function ghAuthTokenFromCli(
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'gh',
      ['auth', 'token'],
      { env: { ...env } as NodeJS.ProcessEnv, timeout: 5000 },
      (error, stdout) => {
        const token = stdout.trim();
        resolve(error || token === '' ? undefined : token);
      },
    );
  });
}

const SOURCE_NAME: Record<Exclude<TokenSource, 'none'>, string> = {
  flag: '--token',
  GH_TOKEN: 'GH_TOKEN',
  GITHUB_TOKEN: 'GITHUB_TOKEN',
  gh: '`gh auth token`',
};

/**
 * What to tell a user whose request was answered 401: which token was sent (never the token) and
 * the order we pick one in, since a stale GH_TOKEN silently hides a good GITHUB_TOKEN.
 */
export function rejectedTokenHint(source: TokenSource): string {
  if (source === 'none') return 'no token was sent; pass --token or set GH_TOKEN';
  const order =
    'the first set of --token, GH_TOKEN, GITHUB_TOKEN, `gh auth token` is used: GH_TOKEN wins over GITHUB_TOKEN when both are set';
  return `the token from ${SOURCE_NAME[source]} was rejected (${order})`;
}

export async function resolveToken(options: TokenOptions): Promise<ResolvedToken> {
  const candidates: [TokenSource, string | undefined][] = [
    ['flag', options.flag],
    ['GH_TOKEN', options.env.GH_TOKEN],
    ['GITHUB_TOKEN', options.env.GITHUB_TOKEN],
  ];
  for (const [source, value] of candidates) {
    const token = value?.trim();
    if (token) {
      registerSecret(token);
      return { token, source };
    }
  }
  const fromGh = await (options.ghAuthToken ?? ghAuthTokenFromCli)(options.env);
  if (fromGh) {
    registerSecret(fromGh);
    return { token: fromGh, source: 'gh' };
  }
  return { token: undefined, source: 'none' };
}
