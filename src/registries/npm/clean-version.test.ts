import { describe, expect, it } from 'vitest';
import { cleanNpmVersion, npmVersionProblem } from './clean-version.ts';

describe('cleanNpmVersion (semver.clean, as npm publish stores versions)', () => {
  it('drops a leading v or =, surrounding spaces and build metadata', () => {
    expect(cleanNpmVersion('1.2.3')).toBe('1.2.3');
    expect(cleanNpmVersion('v1.2.3')).toBe('1.2.3');
    expect(cleanNpmVersion('=v1.2.3')).toBe('1.2.3');
    expect(cleanNpmVersion('  1.2.3 ')).toBe('1.2.3');
    expect(cleanNpmVersion('1.2.3+build.7')).toBe('1.2.3');
    expect(cleanNpmVersion('v1.2.3-rc.1+sha.5114f85')).toBe('1.2.3-rc.1');
  });

  it('keeps prereleases as written', () => {
    expect(cleanNpmVersion('1.0.0-alpha-a.b-c-somethinglong')).toBe('1.0.0-alpha-a.b-c-somethinglong');
    expect(cleanNpmVersion('1.0.0-0.3.7')).toBe('1.0.0-0.3.7');
    expect(cleanNpmVersion('1.0.0-x.7.z.92')).toBe('1.0.0-x.7.z.92');
  });

  it('refuses what is not strict semver: tags, partial versions, leading zeros, empty parts', () => {
    for (const bad of [
      'latest',
      'next',
      '1.2',
      '1',
      '01.2.3',
      '1.2.3-01',
      '1.2.3-',
      '1.2.3+',
      '1.2.3.4',
      'v',
      '',
      '1.2.3 beta',
      `1.2.${'9'.repeat(20)}`,
    ]) {
      expect(cleanNpmVersion(bad), bad).toBeUndefined();
    }
  });

  it('says what is wrong and the likely intent', () => {
    expect(npmVersionProblem('latest')).toBe(
      "npm versions are semver (major.minor.patch[-prerelease]): 'latest' is not one (a dist-tag? ask for the version it points to: npm view <package> dist-tags)",
    );
    expect(npmVersionProblem('v1.2')).toMatch(/'v1\.2' is not one \(did you mean 1\.2\.0\?\)$/);
    expect(npmVersionProblem('1.2.3.4')).toMatch(/'1\.2\.3\.4' is not one$/);
  });
});
