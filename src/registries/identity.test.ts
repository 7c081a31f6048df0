import { describe, expect, it } from 'vitest';
import { RegistryResponseError } from '../errors.ts';
import { checkAnsweredFor, dropTagPrefix, sameIgnoringCase, withNote } from './identity.ts';

describe('checkAnsweredFor', () => {
  it('passes when the answer is about what was asked, under the channel rules', () => {
    expect(() =>
      checkAnsweredFor('x', { name: 'a', version: '1.0.0' }, { name: 'a', version: '1.0.0' }),
    ).not.toThrow();
    expect(() =>
      checkAnsweredFor('x', { name: 'Acme.Tool' }, { name: 'acme.tool' }, { sameName: sameIgnoringCase }),
    ).not.toThrow();
  });

  it('does not compare what either side leaves out', () => {
    expect(() => checkAnsweredFor('x', { name: 'a' }, { name: 'a', version: '2.0.0' })).not.toThrow();
    expect(() => checkAnsweredFor('x', { name: 'a', version: '1.0.0' }, { version: '1.0.0' })).not.toThrow();
  });

  it('another version: names both versions and asks about the registry URL', () => {
    expect(() =>
      checkAnsweredFor(
        'PyPI release p 9.9.9',
        { name: 'p', version: '9.9.9' },
        { name: 'p', version: '1.4.2' },
      ),
    ).toThrow(
      new RegistryResponseError(
        'PyPI release p 9.9.9: asked for 9.9.9, the registry answered 1.4.2: is the registry URL right? (an answer about another version is not "present")',
      ),
    );
  });

  it('another package: names both packages', () => {
    expect(() =>
      checkAnsweredFor('npm packument of left-pad', { name: 'left-pad' }, { name: 'some-other' }),
    ).toThrow(
      /asked for left-pad, the registry answered some-other: is the registry URL right\? \(an answer about another package/,
    );
    expect(() => checkAnsweredFor('w', { name: 'a', version: '1' }, { name: 'b', version: '1' })).toThrow(
      /asked for a 1, the registry answered b 1:/,
    );
  });
});

describe('dropTagPrefix', () => {
  it('drops the v of a git tag before a digit, and says so', () => {
    expect(dropTagPrefix('v1.2.3', 'rule')).toEqual({ version: '1.2.3', note: 'v1.2.3 read as 1.2.3: rule' });
    expect(dropTagPrefix('V2.0.0-rc.1', 'rule').version).toBe('2.0.0-rc.1');
  });

  it('leaves a version without one alone, and does not touch words', () => {
    expect(dropTagPrefix('1.2.3', 'rule')).toEqual({ version: '1.2.3' });
    expect(dropTagPrefix('vnext', 'rule')).toEqual({ version: 'vnext' });
  });

  it('withNote appends the note after the verdict sentence', () => {
    expect(withNote({ reason: 'yanked' }, 'v1 read as 1: rule').reason).toBe('yanked; v1 read as 1: rule');
    expect(withNote<{ reason?: string }>({}, 'n').reason).toBe('n');
    expect(withNote({ reason: 'r' }, undefined).reason).toBe('r');
  });
});
