/**
 * @module Test helper: a fixture handler that behaves like a token-auth OCI registry (401 +
 * Bearer challenge, token endpoint, manifests by tag and digest with Docker-Content-Digest,
 * blobs, spec error bodies), serving the recorded image in __fixtures__.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FixtureHandler, FixtureResponse } from '../fixture-server.ts';

const read = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const digestOf = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

/** The recorded multi-platform image: index → two platform manifests → configs. */
export const fixtureImage = (() => {
  const index = read('index.json');
  const manifests = ['amd64', 'arm64'].map((arch) => read(`manifest-${arch}.json`));
  const configs = ['amd64', 'arm64'].map((arch) => read(`config-${arch}.json`));
  return { index, indexDigest: digestOf(index), manifests, configs };
})();

export interface FixtureRegistryOptions {
  repository: string;
  /** Tags this registry serves (all point at the fixture index); empty = the tag is absent. */
  tags: readonly string[];
  /** `service` in the challenge. */
  service: string;
  /** Token endpoint answer body (each registry's recorded shape). */
  tokenBody: object;
  /** The token value inside `tokenBody`. */
  token: string;
  /** false: the token endpoint wants Basic credentials (private image). */
  anonymousPull: boolean;
  /**
   * The Docker-Content-Digest sent with a manifest body (undefined: no header); default its sha256.
   * A broken proxy or mirror sends one that does not match.
   */
  contentDigest?: (body: string) => string | undefined;
}

export function fixtureRegistry(options: FixtureRegistryOptions): FixtureHandler {
  const byDigest = new Map<string, { body: string; type: string }>();
  byDigest.set(fixtureImage.indexDigest, {
    body: fixtureImage.index,
    type: 'application/vnd.oci.image.index.v1+json',
  });
  for (const body of fixtureImage.manifests) {
    byDigest.set(digestOf(body), { body, type: 'application/vnd.oci.image.manifest.v1+json' });
  }
  const blobs = new Map(fixtureImage.configs.map((body) => [digestOf(body), body]));
  const json = (status: number, file: string): FixtureResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: read(file),
  });

  return (request) => {
    const url = new URL(request.path, request.baseUrl);
    if (url.pathname === '/token') {
      const basic = request.headers.authorization?.startsWith('Basic ');
      if (!options.anonymousPull && !basic) return json(401, 'unauthorized.json');
      return { status: 200, body: options.tokenBody };
    }
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!match) return json(404, 'name-unknown.json');
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return {
        ...json(401, 'unauthorized.json'),
        headers: {
          'content-type': 'application/json',
          'www-authenticate': `Bearer realm="${request.baseUrl}/token",service="${options.service}",scope="repository:${match[1]}:pull"`,
        },
      };
    }
    const [, repository, kind, reference = ''] = match;
    if (repository !== options.repository) return json(404, 'name-unknown.json');
    if (kind === 'blobs') {
      const blob = blobs.get(reference);
      return blob
        ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: blob }
        : undefined;
    }
    const ref = decodeURIComponent(reference);
    const entry = options.tags.includes(ref) ? byDigest.get(fixtureImage.indexDigest) : byDigest.get(ref);
    if (!entry) return json(404, 'manifest-unknown.json');
    if (!request.headers.accept?.includes(entry.type)) return json(404, 'manifest-unknown.json');
    const digest = (options.contentDigest ?? digestOf)(entry.body);
    return {
      status: 200,
      headers: { 'content-type': entry.type, ...(digest ? { 'docker-content-digest': digest } : {}) },
      body: entry.body,
    };
  };
}
