import { describe, expect, it } from 'vitest';
import { RegistryResponseError } from '../errors.ts';
import { checkAnsweredFor, sameIgnoringCase } from './identity.ts';

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
