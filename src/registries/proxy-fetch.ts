/**
 * @module A fetch that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (src/registries/proxy.ts rules),
 * for the GitHub client. Node 20's global fetch ignores proxies; undici's ProxyAgent does not. undici
 * is imported only when a request actually goes through a proxy, so other runs do not load it.
 */
import type { Dispatcher } from 'undici';
import { errnoCode, type ProxyRoute, proxyConfigured, proxyFor } from './proxy.ts';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `fetchFn` routed through the proxy `env` names. An injected fetch (anything but the global one) is
 * used as given, as the registry transport does; so is the global one when no proxy variable is set.
 */
export function proxyAwareFetch(fetchFn: typeof globalThis.fetch, env: Env): typeof globalThis.fetch {
  if (fetchFn !== globalThis.fetch || !proxyConfigured(env)) return fetchFn;
  const dispatchers = new Map<string, Dispatcher>();
  return async (input, init) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const route = proxyFor(new URL(href), env);
    if (!route) return fetchFn(input, init);
    const undici = await import('undici');
    const key = `${route.hostname}:${route.port}:${route.authorization ?? ''}`;
    let dispatcher = dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = new undici.ProxyAgent({
        uri: `http://${route.hostname.includes(':') ? `[${route.hostname}]` : route.hostname}:${route.port}`,
        ...(route.authorization ? { token: route.authorization } : {}),
      });
      dispatchers.set(key, dispatcher);
    }
    try {
      const options = { ...(init as Parameters<typeof undici.fetch>[1]), dispatcher };
      return (await undici.fetch(href, options)) as unknown as Response;
    } catch (error) {
      if (init?.signal?.aborted || (error instanceof Error && error.name === 'AbortError')) throw error;
      throw proxyFailure(route, error);
    }
  };
}

/** Shaped like fetch's failure (Octokit shows the cause's message): names the proxy, never its credentials. */
function proxyFailure(route: ProxyRoute, error: unknown): TypeError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = errnoCode(cause);
  const reason = Object.assign(new Error(`request through the proxy ${route.shown} failed (${code})`), {
    code,
  });
  return new TypeError('fetch failed', { cause: reason });
}
