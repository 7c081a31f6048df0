import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  dependentsOf,
  descendantsOf,
  entryJobs,
  findCycles,
  type JobNode,
  topologicalOrder,
  unknownNeeds,
} from './job-graph.ts';

/** The crisis shape: a hub, two spokes that need it, one that does not, and a job after a spoke. */
const hub: JobNode[] = [
  { id: 'publish-npm', needs: [] },
  { id: 'build-and-release', needs: [] },
  { id: 'publish-homebrew', needs: ['build-and-release'] },
  { id: 'publish-chocolatey', needs: ['build-and-release'] },
  { id: 'announce', needs: ['publish-homebrew', 'publish-chocolatey'] },
];

describe('job graph', () => {
  it('orders jobs after the jobs they need, keeping file order among equals', () => {
    expect(topologicalOrder(hub)).toEqual({
      order: ['publish-npm', 'build-and-release', 'publish-homebrew', 'publish-chocolatey', 'announce'],
      blocked: [],
    });
  });

  it('walks ancestors and descendants transitively, nearest first', () => {
    expect(ancestorsOf(hub, 'announce')).toEqual([
      'publish-homebrew',
      'publish-chocolatey',
      'build-and-release',
    ]);
    expect(descendantsOf(hub, 'build-and-release')).toEqual([
      'publish-homebrew',
      'publish-chocolatey',
      'announce',
    ]);
    expect(descendantsOf(hub, 'publish-npm')).toEqual([]);
    expect(dependentsOf(hub).get('build-and-release')).toEqual(['publish-homebrew', 'publish-chocolatey']);
    expect(entryJobs(hub)).toEqual(['publish-npm', 'build-and-release']);
  });

  it('finds unknown needs and ignores them when walking', () => {
    const jobs: JobNode[] = [
      { id: 'a', needs: [] },
      { id: 'b', needs: ['a', 'ghost'] },
    ];
    expect(unknownNeeds(jobs)).toEqual([{ job: 'b', need: 'ghost' }]);
    expect(ancestorsOf(jobs, 'b')).toEqual(['a']);
    expect(topologicalOrder(jobs).order).toEqual(['a', 'b']);
  });

  it('finds cycles, self-needs included, and blocks what sits on or behind them', () => {
    const jobs: JobNode[] = [
      { id: 'start', needs: [] },
      { id: 'x', needs: ['start', 'z'] },
      { id: 'y', needs: ['x'] },
      { id: 'z', needs: ['y'] },
      { id: 'after', needs: ['z'] },
      { id: 'self', needs: ['self'] },
    ];
    expect(findCycles(jobs)).toEqual([['x', 'y', 'z'], ['self']]);
    expect(topologicalOrder(jobs)).toEqual({ order: ['start'], blocked: ['x', 'y', 'z', 'after', 'self'] });
    // Walks terminate on cycles.
    expect(ancestorsOf(jobs, 'after').sort()).toEqual(['start', 'x', 'y', 'z']);
  });

  it('handles a long chain without recursion limits', () => {
    const jobs: JobNode[] = Array.from({ length: 20_000 }, (_, index) => ({
      id: `j${index}`,
      needs: index === 0 ? [`j${19_999}`] : [`j${index - 1}`],
    }));
    const cycles = findCycles(jobs);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(20_000);
  });
});
