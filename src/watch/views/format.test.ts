import { describe, expect, it } from 'vitest';
import { formatDuration, requestsText, roleText, startText } from './format.ts';
import { needsGraph } from './live-view.ts';

describe('view text', () => {
  it('shows a cascade as the way back to its cause, and says when it is inferred', () => {
    const job = { name: 'pack', role: 'cascade' as const, causedBy: ['build'], inferred: true };
    expect(roleText({ ...job, chain: ['pack', 'sign', 'build'] })).toBe('cascade ← sign ← build (inferred)');
    expect(roleText({ ...job, chain: [] })).toBe('cascade ← build (inferred)');
  });

  it('draws the needs graph from the hub to its dependants', () => {
    expect(
      needsGraph([
        { id: 'build', needs: [] },
        { id: 'npm', needs: ['build'] },
        { id: 'brew', needs: ['build', 'npm'] },
      ]),
    ).toEqual(['needs: build → npm, brew', 'needs: npm → brew']);
  });

  it('warns about the anonymous budget on github.com only', () => {
    expect(startText({ repo: 'o/r', apiUrl: 'https://api.github.com', tokenSource: 'none' })).toMatch(
      /60 requests\/hour/,
    );
    expect(startText({ repo: 'o/r', apiUrl: 'http://127.0.0.1:9', tokenSource: 'none' })).not.toMatch(
      /60 requests/,
    );
    expect(startText({ repo: 'o/r', apiUrl: 'https://api.github.com', tokenSource: 'GH_TOKEN' })).toBe(
      'Watching o/r via https://api.github.com (token: GH_TOKEN)',
    );
  });

  it('shows a rate per hour only with a minute of data behind it', () => {
    const base = { total: 5, notModified: 2, perHour: 9000, rateLimitRemaining: 4990, rateLimitLimit: 5000 };
    expect(requestsText({ ...base, elapsedSec: 2 })).toBe(
      'requests 5 (304: 2) · rate limit remaining 4990/5000',
    );
    expect(requestsText({ ...base, elapsedSec: 120 })).toContain('9000/h');
    expect(formatDuration(125)).toBe('2m05s');
  });
});
