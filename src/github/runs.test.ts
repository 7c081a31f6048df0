import { describe, expect, it } from 'vitest';
import { workflowPathOf } from './runs.ts';

const run = { id: 1, head_sha: 'abc' };

describe('workflowPathOf', () => {
  it('strips the @ref suffix some payloads carry', () => {
    expect(workflowPathOf({ ...run, path: '.github/workflows/release.yml@refs/heads/main' })).toBe(
      '.github/workflows/release.yml',
    );
    expect(workflowPathOf({ ...run, path: '.github/workflows/release.yml' })).toBe(
      '.github/workflows/release.yml',
    );
  });

  it('has nothing to offer when the run names no file', () => {
    expect(workflowPathOf({ ...run, path: null })).toBeUndefined();
    expect(workflowPathOf({ ...run, path: '  ' })).toBeUndefined();
  });
});
