/** The live block never grows taller than the terminal (QA finding F25: big-matrix flooded a 24-row terminal). */
import { describe, expect, it } from 'vitest';
import { makeColors } from '../../cli/io.ts';
import type { JobView, WatchEvent } from '../events.ts';
import { liveView } from './live-view.ts';

function job(
  id: number,
  name: string,
  status: string,
  conclusion: string | null,
  role: JobView['role'],
): JobView {
  return {
    id,
    name,
    status,
    conclusion,
    step: null,
    startedAt: null,
    completedAt: null,
    durationSec: null,
    needs: [],
    role,
    causedBy: [],
    chain: [],
    inferred: false,
    reason: null,
    diagnosis: null,
    logProblem: null,
  };
}

describe('live view in a short terminal', () => {
  it('keeps the block within the rows, failures first, and counts the jobs it leaves out', () => {
    let out = '';
    const view = liveView({ write: (s: string) => (out += s) }, makeColors(false), 100, 12);
    const events: WatchEvent[] = [
      ...Array.from({ length: 40 }, (_, i) => ({
        type: 'job' as const,
        t: 1,
        job: job(i + 1, `test (${i})`, 'completed', 'success', 'succeeded'),
      })),
      { type: 'job', t: 2, job: job(99, 'publish', 'completed', 'failure', 'root-cause') },
      {
        type: 'poll',
        t: 3,
        now: '2026-01-01T00:00:00Z',
        changed: true,
        nextPollSec: 5,
        requests: {
          total: 3,
          notModified: 0,
          perHour: 100,
          elapsedSec: 3,
          rateLimitRemaining: 4990,
          rateLimitLimit: 5000,
        },
      },
    ];
    for (const event of events) view.handle(event);
    // The block as drawn (the first draw hides the cursor; later ones move up and clear down).
    const last = out.replace('\u001b[?25l', '');
    const lines = last.split('\n').filter((l) => l.length > 0);
    view.close();
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(last).toContain('publish');
    expect(last).toMatch(/… \d+ more jobs \(every job is in the summary at the end\)/);
  });
});
