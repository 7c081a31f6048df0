import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../errors.ts';
import { listScenarios, loadScenario, parseScenarioText } from './scenarios.ts';
import { buildPlan } from './timeline.ts';

const docs = readFileSync(resolve(import.meta.dirname, '../../docs/simulator.md'), 'utf8');

describe('scenario files', () => {
  it('ships the scenarios the demo and tests rely on', () => {
    expect(listScenarios()).toEqual(
      expect.arrayContaining(['release-crisis', 'clean-release', 'flaky-rerun', 'release-race']),
    );
    for (const name of listScenarios()) expect(loadScenario(name).name).toBe(name);
  });

  it('accepts the example of docs/simulator.md', () => {
    const example = /## Writing a scenario[\s\S]*?```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    const scenario = parseScenarioText(example!, 'docs example');
    const plan = buildPlan(scenario);
    const conclusions = Object.fromEntries(plan.attempts[0]!.jobs.map((j) => [j.name, j.conclusion]));
    expect(conclusions).toEqual({
      'Build and release': 'success',
      'publish-npm': 'failure',
      'test (ubuntu-latest, 20)': 'cancelled',
      'test (ubuntu-latest, 22)': 'cancelled',
      'test (windows-latest, 20)': 'cancelled',
      'test (windows-latest, 22)': 'failure',
      'publish-nix': 'skipped',
    });
    expect(plan.releases[1]?.never).toBe(false);
  });

  it('names the file and the field of a bad scenario', () => {
    const error = (() => {
      try {
        parseScenarioText('name: Bad Name\nowner: a\n', 'bad.yml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^bad\.yml: name: /)]),
    );
    expect((error as ConfigError).problems.some((p) => p.startsWith('bad.yml: run: '))).toBe(true);
  });

  it('rejects unknown needs, cycles and unknown scenario names', () => {
    const base = loadScenario('flaky-rerun');
    const withNeeds = (needs: Record<string, string[]>) => ({
      ...base,
      attempts: [
        {
          ...base.attempts[0]!,
          jobs: base.attempts[0]!.jobs.map((j) => ({ ...j, needs: needs[j.key] ?? [] })),
        },
      ],
    });
    expect(() => buildPlan(withNeeds({ publish: ['nope'] }))).toThrow(/needs unknown job "nope"/);
    expect(() => buildPlan(withNeeds({ publish: ['test'], test: ['publish'] }))).toThrow(/cycle/);
    const first = base.attempts[0]!;
    const twice = { ...base, attempts: [{ ...first, jobs: [...first.jobs, first.jobs[0]!] }] };
    expect(() => buildPlan(twice)).toThrow(/defined twice in one attempt/);
    expect(() => loadScenario('no-such-scenario')).toThrow(InputError);
    expect(() => loadScenario('no-such-scenario')).toThrow(/release-crisis/);
    expect(() => loadScenario('./missing.yml')).toThrow(/not found/);
  });
});
