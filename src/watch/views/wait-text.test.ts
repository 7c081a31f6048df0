import { describe, expect, it } from 'vitest';
import { makeColors } from '../../cli/io.ts';
import type { WatchEvent } from '../events.ts';
import { formatWait } from './format.ts';
import { linesView } from './lines-view.ts';
import { liveView } from './live-view.ts';

const requests = {
  total: 3,
  notModified: 1,
  perHour: 100,
  elapsedSec: 30,
  rateLimitRemaining: null,
  rateLimitLimit: null,
};

function render(view: typeof liveView | typeof linesView, events: WatchEvent[]): string {
  let out = '';
  const v = view({ write: (s: string) => (out += s) }, makeColors(false));
  for (const event of events) v.handle(event);
  v.close();
  return out;
}

describe('waits shown to the user are rounded', () => {
  it('formatWait keeps at most one decimal', () => {
    expect(formatWait(39.465256835937495)).toBe('39.5 s');
    expect(formatWait(4)).toBe('4 s');
    expect(formatWait(0.04)).toBe('0 s');
  });

  it('the live footer says "next poll 39.5 s", not the raw float', () => {
    const out = render(liveView, [
      {
        type: 'poll',
        t: 1,
        now: new Date(0).toISOString(),
        changed: false,
        nextPollSec: 39.465256835937495,
        requests,
      },
    ]);
    expect(out).toContain('next poll 39.5 s');
    expect(out).not.toContain('39.46');
  });

  it('retry lines round their waits too', () => {
    const events: WatchEvent[] = [{ type: 'retry', t: 1, message: 'HTTP 502', waitSec: 2.3333333333 }];
    for (const view of [liveView, linesView]) {
      const out = render(view, events);
      expect(out).toContain('retrying in 2.3 s');
      expect(out).not.toContain('2.333');
    }
  });
});
