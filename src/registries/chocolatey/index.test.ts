import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import { runRegistryContract } from '../contract.ts';
import { type FixtureServer, routes, startFixtureServer } from '../fixture-server.ts';
import { chocolatey } from './index.ts';

const read = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const atom = (name: string) => ({
  status: 200,
  headers: { 'content-type': 'application/atom+xml;type=entry;charset=utf-8' },
  body: read(name),
});
const notFound = { status: 404, headers: { 'content-type': 'application/xml' }, body: read('not-found.xml') };
/** The approved entry, about another id and version. */
const entry = (id: string, version: string) =>
  read('approved.xml')
    .replace('<d:Id>shipwatch-demo<', `<d:Id>${id.replace(/'/g, '&apos;')}<`)
    .replace('<d:Version>1.4.2<', `<d:Version>${version}<`);
const entity = (version: string) => `GET /api/v2/Packages(Id='shipwatch-demo',Version='${version}')`;

runRegistryContract({
  createAdapter: () => chocolatey,
  package: 'shipwatch-demo',
  invalidNames: ['bad name', 'git..install', 'git!', '-git'],
  version: '1.4.2',
  fixtures: {
    present: routes({ [entity('1.4.2')]: atom('approved.xml') }),
    absent: () => notFound,
    pending: routes({
      [entity('1.4.2')]: {
        ...atom('pending-moderation.xml'),
        body: read('pending-moderation.xml').replace('<d:Version>1.5.0<', '<d:Version>1.4.2<'),
      },
    }),
    // A feed that ignores the key: version 1.4.1's entry for 1.4.2.
    otherIdentity: () => {
      const answer = atom('approved.xml');
      return { ...answer, body: answer.body.replace('<d:Version>1.4.2<', '<d:Version>1.4.1<') };
    },
  },
  expectPresent: (o) => {
    expect(o.publishedAt).toBe('2026-11-21T09:14:52.871Z');
    expect(o.artifacts?.[0]?.url).toMatch(/\/api\/v2\/package\/shipwatch-demo\/1\.4\.2$/);
    expect(o.artifacts?.[0]?.digest).toMatch(/^sha512:kq3Y/);
  },
});

describe('chocolatey quirks', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(
      routes({
        [entity('1.5.0')]: atom('pending-moderation.xml'),
        [entity('1.3.9')]: atom('rejected.xml'),
        // How the v2 feed shows an unlisted version: approved, Published 1900-01-01.
        [entity('1.4.1')]: atom('approved-unlisted.xml'),
        // The sentinel with no moderation status at all (a feed that does not report one).
        [entity('1.4.0')]: {
          status: 200,
          body: read('approved-unlisted.xml')
            .replace(/1\.4\.1/g, '1.4.0')
            .replace(/\s*<d:PackageStatus>Approved<\/d:PackageStatus>/, '')
            .replace(/\s*<d:IsApproved[^>]*>true<\/d:IsApproved>/, ''),
        },
        [entity('2.0.0')]: {
          status: 200,
          body: entry('shipwatch-demo', '2.0.0').replace(
            /<d:PackageStatus>Approved/,
            '<d:PackageStatus>Exempted',
          ),
        },
        "GET /api/v2/Packages(Id='git',Version='1.0.0''rc')": { status: 200, body: entry('git', "1.0.0'rc") },
        // The gallery keeps the id's own case and the version as pushed.
        "GET /api/v2/Packages(Id='ShipWatch-Demo',Version='1.4.2.0')": atom('approved.xml'),
        [entity('1.4.3')]: { status: 200, body: entry('shipwatch-demo-extras', '1.4.3') },
      }),
    );
  });
  afterAll(() => server.close());
  const ctx = () => ({
    fetch,
    logger: silentLogger,
    env: {},
    baseUrl: server.url,
    timeoutMs: 2000,
    now: Date.now,
  });

  it('a git tag (v1.4.1) is read as its version, saying so: Chocolatey versions never carry a v', async () => {
    const o = await chocolatey.check('shipwatch-demo', 'v1.4.1', ctx());
    expect(o.verdict, o.reason).toBe('present');
    expect(o.version).toBe('v1.4.1');
    expect(o.reason).toMatch(/v1\.4\.1 read as 1\.4\.1: Chocolatey versions never start with v$/);
  });

  it('reads the 1900-01-01 Published sentinel as pending moderation', async () => {
    const o = await chocolatey.check('shipwatch-demo', '1.5.0', ctx());
    expect(o.verdict).toBe('pending');
    expect(o.reason).toMatch(/moderation/);
    expect(o.publishedAt).toBeUndefined();
  });

  it('an approved version with the 1900-01-01 sentinel is unlisted: present, saying so', async () => {
    const o = await chocolatey.check('shipwatch-demo', '1.4.1', ctx());
    expect(o.verdict, o.reason).toBe('present');
    expect(o.reason).toMatch(/^unlisted \(Approved/);
    expect(o.reason).toContain('choco install shipwatch-demo --version 1.4.1');
    expect(o.reason).not.toMatch(/moderation/);
    // The sentinel is not a time; the approval date is.
    expect(o.publishedAt).toBe('2026-11-21T09:14:52.871Z');
  });

  it('the sentinel without any moderation status is still pending', async () => {
    const o = await chocolatey.check('shipwatch-demo', '1.4.0', ctx());
    expect(o.verdict, o.reason).toBe('pending');
  });

  it('a rejected version is absent, saying so', async () => {
    const o = await chocolatey.check('shipwatch-demo', '1.3.9', ctx());
    expect(o.verdict).toBe('absent');
    expect(o.reason).toMatch(/rejected/);
  });

  it('an exempted version is present with a note', async () => {
    const o = await chocolatey.check('shipwatch-demo', '2.0.0', ctx());
    expect(o.verdict).toBe('present');
    expect(o.reason).toMatch(/exempted/);
  });

  it('ids compare case-insensitively and versions NuGet-normalised (1.4.2.0 is 1.4.2)', async () => {
    const o = await chocolatey.check('ShipWatch-Demo', '1.4.2.0', ctx());
    expect(o.verdict, o.reason).toBe('present');
  });

  it('an entry about another package is an error, never present', async () => {
    const o = await chocolatey.check('shipwatch-demo', '1.4.3', ctx());
    expect(o.verdict).toBe('error');
    expect(o.reason).toMatch(
      /asked for shipwatch-demo 1\.4\.3, the registry answered shipwatch-demo-extras 1\.4\.3/,
    );
  });

  it('doubles single quotes in OData string literals', async () => {
    const o = await chocolatey.check('git', "1.0.0'rc", ctx());
    expect(o.verdict, o.reason).toBe('present');
  });

  it('an id NuGet cannot hold (a quote, a space) is bad usage before any request', async () => {
    const before = server.requests.length;
    const o = await chocolatey.check("it's", '1.0.0', ctx());
    expect(o).toMatchObject({ verdict: 'error', errorCode: 'USAGE' });
    expect(o.reason).toMatch(/'it's' is not a valid Chocolatey package id/);
    expect(server.requests.length).toBe(before);
  });
});
