import { describe, expect, it } from 'vitest';
import { canonicalPep440 } from './pep440.ts';

describe('canonicalPep440 (packaging.utils.canonicalize_version)', () => {
  it('one release under its spellings', () => {
    for (const [spelling, canonical] of [
      ['1.0', '1'],
      ['1.0.0', '1'],
      ['v1.0', '1'],
      ['1.0rc1', '1rc1'],
      ['1.0-rc1', '1rc1'],
      ['1.0-RC.1', '1rc1'],
      ['1.0c1', '1rc1'],
      ['1.0.0rc1', '1rc1'],
      ['1.0a', '1a0'],
      ['1.0-alpha.2', '1a2'],
      ['1.0.post1', '1.post1'],
      ['1.0-1', '1.post1'],
      ['1.0.dev3', '1.dev3'],
      ['0!1.2', '1.2'],
      ['2!1.2', '2!1.2'],
      ['1.2+Ubuntu-1', '1.2+ubuntu.1'],
      [' 01.02.03 ', '1.2.3'],
    ]) {
      expect(canonicalPep440(spelling!), spelling).toBe(canonical);
    }
  });

  it('different releases stay different, and a non-version is undefined', () => {
    expect(canonicalPep440('1.0.1')).not.toBe(canonicalPep440('1.0'));
    expect(canonicalPep440('1.0rc1')).not.toBe(canonicalPep440('1.0'));
    expect(canonicalPep440('1.0b1')).not.toBe(canonicalPep440('1.0a1'));
    expect(canonicalPep440('not a version')).toBeUndefined();
    expect(canonicalPep440('1.0-foo')).toBeUndefined();
  });
});
