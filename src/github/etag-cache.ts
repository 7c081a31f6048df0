/**
 * @module Conditional requests. Every GET carries `If-None-Match` with the ETag of the last 200
 * for the same URL and token; a 304 ("does not count against your primary rate limit") is turned
 * back into the cached 200 so Octokit (which throws on 304) never sees it.
 */
import { createHash } from 'node:crypto';

export interface CachedResponse {
  /** The ETag exactly as the server sent it, quotes and `W/` prefix included (octokit.js#2563). */
  etag: string;
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

/** In-memory cache keyed by token identity + method + full URL (page and query included). */
export class EtagCache {
  private readonly entries = new Map<string, CachedResponse>();

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedResponse): void {
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A stable, non-reversible name for the token, so cache keys never hold the secret itself. */
export function tokenIdentity(token: string | undefined): string {
  if (!token) return 'anonymous';
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/** Wraps a fetch with the ETag cache. Only GETs answered 200 with an ETag are cached. */
export function etagFetch(fetchFn: typeof fetch, cache: EtagCache, identity: string): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET') return fetchFn(input, init);
    const key = `${identity} GET ${urlOf(input)}`;
    const cached = cache.get(key);
    const headers = new Headers(init?.headers);
    if (cached && !headers.has('if-none-match')) headers.set('if-none-match', cached.etag);
    const response = await fetchFn(input, { ...init, headers });
    if (response.status === 304 && cached) {
      // Fresh budget headers from the 304 win over the stale cached ones; a 304 may lack an ETag.
      const merged = new Headers(cached.headers);
      response.headers.forEach((value, name) => {
        merged.set(name, value);
      });
      merged.set('etag', response.headers.get('etag') ?? cached.etag);
      merged.set('x-shipwatch-cache', 'hit');
      return new Response(cached.body.slice(0), { status: cached.status, headers: merged });
    }
    const etag = response.headers.get('etag');
    if (response.status === 200 && etag) {
      const body = await response.arrayBuffer();
      const entries: [string, string][] = [];
      response.headers.forEach((value, name) => {
        entries.push([name, value]);
      });
      cache.set(key, { etag, status: 200, headers: entries, body });
      return new Response(body.slice(0), { status: 200, headers: response.headers });
    }
    return response;
  };
}
