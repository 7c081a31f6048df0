/**
 * @module The behaviour every registry adapter shares, as one vitest suite. Each adapter's
 * `index.test.ts` calls `runRegistryContract(...)` with recorded responses; the suite serves
 * them (and transport faults) from a loopback server through the production HTTP path.
 * Test-only: imported by tests, never by the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/logger.ts';
import { type FixtureHandler, type FixtureServer, startFixtureServer } from './fixture-server.ts';
import type { ChannelObservation, RegistryAdapter, RegistryContext } from './types.ts';

export type ContractCase =
  | 'present'
  | 'absent'
  | 'pending'
  | 'not-found'
  | 'foreign-404'
  | 'other-identity'
  | 'server-error'
  | 'unavailable'
  | 'rate-limited'
  | 'timeout'
  | 'malformed-body'
  | 'wrong-shape'
  | 'connection-refused'
  | 'missing-token'
  | 'invalid-name';

export interface RegistryContractOptions {
  /** A fresh adapter (called once per suite). */
  createAdapter: () => RegistryAdapter;
  /** The package and version the fixtures are about. */
  package: string;
  version: string;
  /** The registry's answers in each state; the handler sees every request (use `routes()`). */
  fixtures: {
    present: FixtureHandler;
    absent: FixtureHandler;
    /** Required exactly when `capabilities.seesPending`. */
    pending?: FixtureHandler;
    /**
     * A 200 answer about another package or version (a mirror that ignores part of the path);
     * give it for every channel that echoes the identity it answered for.
     */
    otherIdentity?: FixtureHandler;
  };
  /** Extra assertions on the `present` observation (published time, artifacts, digests). */
  expectPresent?: (observation: ChannelObservation) => void;
  /**
   * Package names the channel cannot hold (a space, a `!`): each must be refused as bad usage
   * (exit 2) before any request, so a typo never reads "absent" from a registry's 404.
   */
  invalidNames?: readonly string[];
  /** Environment the adapter sees (e.g. a user name that goes with the token). */
  env?: Readonly<Record<string, string>>;
  /** Cases that cannot apply to this channel, each with the reason shown in the test name. */
  skip?: Partial<Record<ContractCase, string>>;
}

/** What a mistyped --registry or a proxy answers: a web server's HTML error page. */
const HTML_404 = {
  status: 404,
  headers: { 'content-type': 'text/html' },
  body: '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>\n',
};
/** What a static file server or the Go toolchain's http.NotFound answers. */
const TEXT_404 = {
  status: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: '404 page not found\n',
};

/** Sent in every case; the suite checks it never shows up in an observation. */
export const CONTRACT_TOKEN = 'contract-secret-token-4f9a1c2e7b';
const NOW = Date.parse('2026-03-04T05:06:07.000Z');

export function runRegistryContract(options: RegistryContractOptions): void {
  const adapter = options.createAdapter();
  describe(`registry contract: ${adapter.id}`, () => {
    let server: FixtureServer;
    beforeAll(async () => {
      server = await startFixtureServer(options.fixtures.absent);
    });
    afterAll(async () => {
      await server?.close();
    });

    const ctxFor = (overrides: Partial<RegistryContext> = {}): RegistryContext => ({
      fetch: globalThis.fetch,
      logger: silentLogger,
      env: options.env ?? {},
      baseUrl: server.url,
      token: CONTRACT_TOKEN,
      timeoutMs: 2_000,
      now: () => NOW,
      ...overrides,
    });

    const run = async (handler: FixtureHandler, overrides: Partial<RegistryContext> = {}) => {
      server.setHandler(handler);
      const observation = await adapter.check(options.package, options.version, ctxFor(overrides));
      expect(observation.channel).toBe(adapter.id);
      expect(observation.package).toBe(options.package);
      expect(observation.version).toBe(options.version);
      expect(observation.checkedAt).toBe(new Date(NOW).toISOString());
      expect(JSON.stringify(observation)).not.toContain(CONTRACT_TOKEN);
      if (observation.verdict !== 'present')
        expect(observation.reason, 'a non-present verdict explains itself').toBeTruthy();
      return observation;
    };

    const caseIt = (name: ContractCase, title: string, body: () => Promise<void>) => {
      const reason = options.skip?.[name];
      if (reason) it.skip(`${title} — skipped: ${reason}`, body);
      else it(title, body);
    };

    it('declares its capabilities as data', () => {
      expect(adapter.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(adapter.displayName).toBeTruthy();
      // Empty only for adapters whose package names its host (the generic OCI one).
      if (adapter.defaultBaseUrl !== '') expect(() => new URL(adapter.defaultBaseUrl)).not.toThrow();
      expect(adapter.capabilities.notes.length).toBeGreaterThan(10);
      expect(Boolean(options.fixtures.pending)).toBe(adapter.capabilities.seesPending);
      expect(['json-404', 'any-404', 'in-answer']).toContain(adapter.capabilities.absentIs);
    });

    caseIt('present', 'published version → present, with evidence', async () => {
      const observation = await run(options.fixtures.present);
      expect(observation.verdict, observation.reason).toBe('present');
      if (observation.publishedAt !== undefined) {
        expect(Number.isNaN(Date.parse(observation.publishedAt))).toBe(false);
      }
      for (const artifact of observation.artifacts ?? []) {
        expect(artifact.url).toBeTruthy();
        if (artifact.sha256 !== undefined) expect(artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      if (adapter.capabilities.exposesChecksums) {
        const withSum = (observation.artifacts ?? []).filter((a) => a.sha256 ?? a.digest);
        expect(withSum.length, 'a channel that exposes checksums reports one').toBeGreaterThan(0);
      }
      options.expectPresent?.(observation);
    });

    caseIt('absent', 'unpublished version → absent', async () => {
      const observation = await run(options.fixtures.absent);
      expect(observation.verdict, observation.reason).toBe('absent');
    });

    if (options.fixtures.pending) {
      const pending = options.fixtures.pending;
      caseIt('pending', 'accepted but not yet served → pending', async () => {
        const observation = await run(pending);
        expect(observation.verdict, observation.reason).toBe('pending');
      });
    }

    const { absentIs } = adapter.capabilities;
    if (absentIs === 'in-answer') {
      caseIt(
        'not-found',
        '404 for every request → error: this API states absence in a 200 answer',
        async () => {
          for (const answer of [{ status: 404, body: { error: 'Not found' } }, HTML_404]) {
            const observation = await run(() => answer);
            expect(observation.verdict, observation.reason).toBe('error');
          }
        },
      );
    } else {
      caseIt(
        'not-found',
        '404 with a JSON error for every request → absent (a result, not an error)',
        async () => {
          const observation = await run(() => ({ status: 404, body: { error: 'Not found' } }));
          expect(observation.verdict, observation.reason).toBe('absent');
        },
      );
    }
    if (absentIs === 'json-404') {
      caseIt(
        'foreign-404',
        'a 404 with an HTML page is an error, not absent (another server answered)',
        async () => {
          const observation = await run(() => HTML_404);
          expect(observation.verdict, observation.reason).toBe('error');
          expect(observation.errorCode).toBe('REGISTRY_RESPONSE');
          expect(observation.httpStatus).toBe(404);
          // HEAD-only adapters see the content type but no page title.
          expect(observation.reason).toMatch(/answered 404 with an HTML page( \("404 Not Found"\))?, not/);
          expect(observation.reason).toMatch(/is the registry URL right\?/);
        },
      );
    }
    if (absentIs === 'any-404') {
      caseIt(
        'foreign-404',
        'a plain-text 404 is still absent (genuine 404s here need not be JSON)',
        async () => {
          const observation = await run(() => TEXT_404);
          expect(observation.verdict, observation.reason).toBe('absent');
        },
      );
    }

    const otherIdentity = options.fixtures.otherIdentity;
    if (otherIdentity) {
      caseIt('other-identity', 'a 200 about another package or version → error, never present', async () => {
        const observation = await run(otherIdentity);
        expect(observation.verdict, observation.reason).toBe('error');
        expect(observation.errorCode).toBe('REGISTRY_RESPONSE');
        expect(observation.reason).toMatch(
          /asked for .+, the registry answered .+: is the registry URL right\?/,
        );
      });
    }

    const unavailable = async (status: number, headers: Record<string, string> = {}) => {
      const observation = await run(() => ({ status, headers, body: { error: 'nope' } }));
      expect(observation.verdict).toBe('error');
      expect(observation.errorCode).toBe('REGISTRY_UNAVAILABLE');
      expect(observation.httpStatus).toBe(status);
      expect(observation.reason).toContain(String(status));
    };
    caseIt('server-error', '500 → error (unavailable), never absent', () => unavailable(500));
    caseIt('unavailable', '503 → error (unavailable), never absent', () => unavailable(503));
    caseIt('rate-limited', '429 → error (unavailable) with the retry hint', () =>
      unavailable(429, { 'retry-after': '30' }),
    );

    caseIt('timeout', 'no answer → error (unavailable) after the timeout', async () => {
      const observation = await run(() => 'hang', { timeoutMs: 300 });
      expect(observation.verdict).toBe('error');
      expect(observation.errorCode).toBe('REGISTRY_UNAVAILABLE');
      expect(observation.reason).toMatch(/within 300 ms/);
    });

    caseIt('malformed-body', '200 with a broken body → error (response), never present', async () => {
      const observation = await run(() => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"name": "trunc',
      }));
      expect(observation.verdict).toBe('error');
      expect(observation.errorCode).toBe('REGISTRY_RESPONSE');
    });

    caseIt('wrong-shape', '200 with JSON of another shape → error (response)', async () => {
      const observation = await run(() => ({ status: 200, body: { unexpected: [1, 2, 3] } }));
      expect(observation.verdict).toBe('error');
      expect(observation.errorCode).toBe('REGISTRY_RESPONSE');
    });

    caseIt('connection-refused', 'nothing listening → error (unavailable)', async () => {
      const closed = await startFixtureServer(() => undefined);
      await closed.close();
      const observation = await adapter.check(
        options.package,
        options.version,
        ctxFor({ baseUrl: closed.url }),
      );
      expect(observation.verdict).toBe('error');
      expect(observation.errorCode).toBe('REGISTRY_UNAVAILABLE');
      expect(observation.reason).toMatch(/could not reach/);
    });

    const invalidNames = options.invalidNames ?? [];
    if (invalidNames.length > 0) {
      caseIt(
        'invalid-name',
        'a name the channel cannot hold → usage error (exit 2), no request',
        async () => {
          server.setHandler(options.fixtures.present);
          const before = server.requests.length;
          for (const name of invalidNames) {
            const observation = await adapter.check(name, options.version, ctxFor());
            expect(observation, name).toMatchObject({ verdict: 'error', errorCode: 'USAGE' });
            expect(observation.reason, name).toContain(name);
          }
          expect(server.requests.length, 'no request for an invalid name').toBe(before);
        },
      );
    }

    if (adapter.capabilities.needsToken === 'yes') {
      caseIt(
        'missing-token',
        'no token where one is required → error naming the variable, no request',
        async () => {
          const before = server.requests.length;
          server.setHandler(options.fixtures.present);
          const { token: _omit, ...rest } = ctxFor();
          const observation = await adapter.check(options.package, options.version, rest);
          expect(observation.verdict).toBe('error');
          // A missing secret (a fork's pull request gets none) is not bad usage: exit 4, not 2.
          expect(observation.errorCode).not.toBe('USAGE');
          expect(observation.reason).toContain(adapter.capabilities.tokenEnv[0] ?? 'token');
          expect(server.requests.length).toBe(before);
        },
      );
    }
  });
}
