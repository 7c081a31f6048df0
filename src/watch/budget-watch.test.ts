import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pc from 'picocolors';
import { linesView } from './views/lines-view.ts';
import { liveView } from './views/live-view.ts';
import { CRISIS_ROLES, eventsOf, rolesByName, type ScenarioWatch, watchScenario } from './test-support.ts';

// GitHub gives a caller without a token 60 requests/hour. The watch must spread them over the
// release, not poll once and sleep until the reset (F32: a reserve of 100 exceeded the whole budget).
describe('watch with the anonymous budget (60 requests/hour)', () => {
  let dir: string;
  let watch: ScenarioWatch;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shipwatch-budget-'));
    const crisis = await readFile(
      path.join(import.meta.dirname, '../simulator/scenarios/release-crisis.yml'),
      'utf8',
    );
    const file = path.join(dir, 'budget-sixty.yml');
    await writeFile(
      file,
      `${crisis.replace(/^name: release-crisis$/m, 'name: budget-sixty').replace(/^rateLimit:.*$/m, '')}\nrateLimit: 60\n`,
    );
    watch = await watchScenario(file);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps polling to the end of the run and gets every role right', () => {
    expect(watch.result.final.run?.status).toBe('completed');
    expect(rolesByName(watch)).toEqual(CRISIS_ROLES);
    const polls = eventsOf(watch, 'poll');
    expect(polls.length).toBeGreaterThan(1);
    // No wait until the reset (an hour): the budget is spread, about one poll a minute.
    const waits = polls.flatMap((p) => (p.nextPollSec === null ? [] : [p.nextPollSec]));
    expect(Math.max(...waits)).toBeLessThan(300);
    expect(Math.min(...waits)).toBeGreaterThan(5);
  });

  it('says the budget sets the pace, and stays within it', () => {
    const polls = eventsOf(watch, 'poll').filter((p) => p.nextPollSec !== null);
    for (const poll of polls) {
      expect(poll.slowedBy?.reason).toBe('budget');
      expect(poll.slowedBy?.message).toMatch(/without a token GitHub allows 60 requests\/hour/);
    }
    expect(watch.requests.filter((r) => r.status === 403 || r.status === 429)).toEqual([]);
    expect(eventsOf(watch, 'rate-limit')).toEqual([]);
    const last = eventsOf(watch, 'final')[0]?.requests;
    expect(last?.rateLimitLimit).toBe(60);
    expect(last?.rateLimitRemaining).toBeGreaterThanOrEqual(0);
  });

  it('the views print the reason once, the live footer keeps a reminder', () => {
    const render = (make: typeof linesView) => {
      let text = '';
      const out = {
        write(chunk: string) {
          text += chunk;
        },
      };
      const view = make(out, pc.createColors(false));
      for (const event of watch.events) view.handle(event);
      view.close();
      return text;
    };
    for (const text of [render(linesView), render(liveView)]) {
      expect(text.match(/slowed by the rate-limit budget: one poll every \d+ s/g)).toHaveLength(1);
      expect(text).toContain('set GITHUB_TOKEN for 3–5 s updates');
    }
    expect(render(liveView)).toMatch(/next poll [\d.]+ s \(rate-limit budget\)/);
  });
});

describe('watch with a full budget', () => {
  it('is not slowed and says nothing about the budget', async () => {
    const watch = await watchScenario('clean-release');
    expect(eventsOf(watch, 'poll').every((p) => p.slowedBy === undefined)).toBe(true);
  });
});
