import { describe, expect, it } from 'vitest';
import { deadline } from './deadline.ts';

describe('deadline on a shared parent signal', () => {
  it('sixteen requests in flight on one command signal raise no leak warning, and clear() detaches them', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const command = new AbortController();
      const limits = Array.from({ length: 16 }, () => deadline(10_000, [command.signal]));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
      for (const limit of limits) limit.clear();
      command.abort();
      expect(limits.every((l) => !l.signal.aborted)).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
