import { describe, expect, it } from 'vitest';
import { fill } from './collect.ts';

describe('fill', () => {
  it('substitutes captures and falls back when one is missing or empty', () => {
    expect(fill('push to {repo|the repository}', { repo: 'o/r' })).toBe('push to o/r');
    expect(fill('push to {repo|the repository}', { repo: '' })).toBe('push to the repository');
    expect(fill('push to {repo|the repository}', {})).toBe('push to the repository');
  });

  it('drops sentence punctuation a capture took from the end of the log line', () => {
    expect(fill('token of {user} may not push', { user: 'Jane-Q-Public.' })).toBe(
      'token of Jane-Q-Public may not push',
    );
    expect(fill('{a}, {b}', { a: 'x;', b: 'y:' })).toBe('x, y');
    expect(fill('{a}!', { a: 'done?!' })).toBe('done!');
  });

  it('keeps a capture that is nothing but punctuation (a path like `.`) and inner dots', () => {
    expect(fill('in {dir}', { dir: '.' })).toBe('in .');
    expect(fill('version {v}', { v: '1.2.3' })).toBe('version 1.2.3');
  });
});
