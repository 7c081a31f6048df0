import { describe, expect, it } from 'vitest';
import { expandMatrix, matrixSuffixValues } from './matrix.ts';

describe('expandMatrix', () => {
  it('reproduces the include example of GitHub docs ("Expanding or adding matrix configurations")', () => {
    expect(
      expandMatrix({
        fruit: ['apple', 'pear'],
        animal: ['cat', 'dog'],
        include: [
          { color: 'green' },
          { color: 'pink', animal: 'cat' },
          { fruit: 'apple', shape: 'circle' },
          { fruit: 'banana' },
          { fruit: 'banana', animal: 'cat' },
        ],
      }),
    ).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('excludes on partial matches, object values included', () => {
    expect(
      expandMatrix({
        os: ['linux', 'windows'],
        node: [{ version: 18, lts: true }, { version: 22 }],
        exclude: [{ os: 'windows', node: { version: 18 } }],
      }),
    ).toEqual([
      { os: 'linux', node: { version: 18, lts: true } },
      { os: 'linux', node: { version: 22 } },
      { os: 'windows', node: { version: 22 } },
    ]);
  });

  it('turns an include-only matrix into one combination per entry', () => {
    expect(expandMatrix({ include: [{ target: 'x86_64' }, { target: 'aarch64', extra: 1 }] })).toEqual([
      { target: 'x86_64' },
      { target: 'aarch64', extra: 1 },
    ]);
  });

  it('gives up (undefined) on anything that is not a literal list', () => {
    expect(expandMatrix({ os: 'linux' })).toBeUndefined();
    expect(expandMatrix({ os: ['linux'], include: 'x' })).toBeUndefined();
    expect(expandMatrix({ os: ['linux'], exclude: ['windows'] })).toBeUndefined();
  });
});

describe('matrixSuffixValues', () => {
  it('lists leaf values in key order and leaves out empty ones', () => {
    expect(
      matrixSuffixValues({ os: 'linux', node: { version: 18, lts: true }, flag: '', none: null }),
    ).toEqual(['linux', '18', 'true']);
  });
});
