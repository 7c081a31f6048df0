import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtagCache, etagFetch, tokenIdentity } from './etag-cache.ts';
import { SerialQueue, queuedFetch } from './request-queue.ts';
import { countingFetch, emptyStats } from './stats.ts';

// A real loopback server: answers 304 when If-None-Match carries the current ETag (quotes included).
let server: Server;
let base = '';
let version = 1;
const seen: (string | undefined)[] = [];
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    seen.push(req.headers['if-none-match']);
    const etag = `W/"v${version}"`;
    setTimeout(() => {
      inFlight -= 1;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag, 'x-ratelimit-remaining': '4999' });
        res.end();
        return;
      }
      res.writeHead(200, { etag, 'content-type': 'application/json', 'x-ratelimit-remaining': '4998' });
      res.end(JSON.stringify({ version, path: req.url }));
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('ETag cache + serial queue + counter', () => {
  it('sends If-None-Match with the quoted weak ETag and turns a 304 into the cached body', async () => {
    const stats = emptyStats();
    const f = etagFetch(countingFetch(fetch, stats), new EtagCache(), tokenIdentity('t-one'));
    seen.length = 0;
    const first = await (await f(`${base}/a?page=1`)).json();
    const second = await f(`${base}/a?page=1`);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(first);
    expect(seen).toEqual([undefined, 'W/"v1"']);
    expect(stats).toMatchObject({ total: 2, notModified: 1, rateLimitRemaining: 4999 });
    version = 2;
    expect(await (await f(`${base}/a?page=1`)).json()).toMatchObject({ version: 2 });
    expect(stats.notModified).toBe(1);
  });

  it('keys the cache by token identity and full URL', async () => {
    const cache = new EtagCache();
    const a = etagFetch(fetch, cache, tokenIdentity('token-a'));
    const b = etagFetch(fetch, cache, tokenIdentity('token-b'));
    seen.length = 0;
    await a(`${base}/b?page=1`);
    await b(`${base}/b?page=1`);
    await a(`${base}/b?page=2`);
    expect(seen).toEqual([undefined, undefined, undefined]);
    expect(cache.size).toBe(3);
  });

  it('never has two requests in flight', async () => {
    maxInFlight = 0;
    const f = queuedFetch(fetch, new SerialQueue());
    await Promise.all(Array.from({ length: 8 }, (_, i) => f(`${base}/c/${i}`).then((r) => r.text())));
    expect(maxInFlight).toBe(1);
  });
});
