import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestAlgorithmName, formatDigest, parseDigest } from './digest.ts';

const empty = (algorithm: string, encoding: 'hex' | 'base64') =>
  createHash(algorithm).update('').digest(encoding);

describe('parseDigest', () => {
  it('reads hex, bare hex, SRI base64 and alg:base64 of one checksum as the same (algorithm, bytes)', () => {
    const hex = empty('sha512', 'hex');
    const forms = [
      `sha512:${hex}`,
      `SHA512:${hex.toUpperCase()}`,
      hex,
      `sha512-${empty('sha512', 'base64')}`,
      `sha512-${empty('sha512', 'base64')}?ct=application/gzip`,
      `sha512:${empty('sha512', 'base64')}`,
    ];
    for (const form of forms) expect(parseDigest(form), form).toEqual({ algorithm: 'sha512', hex });
  });

  it('bare hex: the algorithm follows from the length', () => {
    for (const algorithm of ['sha1', 'sha256', 'sha384', 'sha512']) {
      expect(parseDigest(empty(algorithm, 'hex'))?.algorithm).toBe(algorithm);
    }
    expect(parseDigest('ab'.repeat(25))).toBeUndefined();
  });

  it('refuses a checksum of the wrong length for its algorithm, and unknown algorithms', () => {
    expect(parseDigest('sha512-AAAA')).toBeUndefined();
    expect(parseDigest(`sha256:${'a'.repeat(63)}`)).toBeUndefined();
    expect(parseDigest(`sha256-${empty('sha512', 'base64')}`)).toBeUndefined();
    expect(parseDigest(`md5:${'a'.repeat(32)}`)).toBeUndefined();
    expect(parseDigest('')).toBeUndefined();
  });

  it('formats canonically and names algorithms it cannot compare', () => {
    expect(formatDigest({ algorithm: 'sha1', hex: 'ab' })).toBe('sha1:ab');
    expect(digestAlgorithmName(`sha512-${empty('sha512', 'base64')}`)).toBe('sha512');
    expect(digestAlgorithmName('sha3-384:abcd')).toBe('sha3-384');
    expect(digestAlgorithmName('b2:abcd')).toBe('b2');
  });
});
