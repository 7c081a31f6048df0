import { describe, expect, it } from 'vitest';
import { apiJobNameMatches, expectedApiNames, matchApiJobName, resolveApiJobs } from './display-names.ts';
import type { WorkflowModel } from './model.ts';
import { parseWorkflow } from './parse.ts';

const yaml = `on: push
jobs:
  plan:
    runs-on: ubuntu-latest
    steps: [{ run: plan }]
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, darwin]
        arch: [amd64, arm64]
    steps: [{ run: make }]
  tarball:
    name: build-tarball-\${{ matrix.name }}
    runs-on: ubuntu-latest
    strategy:
      matrix:
        name: [linux-x64, macos-arm64]
    steps: [{ run: tar }]
  dynamic:
    name: Build \${{ matrix.target }}
    needs: plan
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}
    steps: [{ run: build }]
  release:
    name: Publish to PyPI
    needs: build
    uses: ./.github/workflows/publish-pypi.yml
  docs:
    name: \${{ github.event_name == 'push' && 'Docs' || 'Docs (dry run)' }}
    runs-on: ubuntu-latest
    steps: [{ run: docs }]
`;

async function model(): Promise<WorkflowModel> {
  const { workflow, problems } = await parseWorkflow('release.yml', yaml);
  expect(problems).toEqual([]);
  return workflow!;
}

describe('API job names', () => {
  it('appends matrix values to a name without expressions, and evaluates matrix expressions in names', async () => {
    const workflow = await model();
    const job = (id: string) => workflow.jobs.find((item) => item.id === id)!;
    expect(expectedApiNames(job('build'))).toEqual([
      'build (linux, amd64)',
      'build (linux, arm64)',
      'build (darwin, amd64)',
      'build (darwin, arm64)',
    ]);
    expect(expectedApiNames(job('tarball'))).toEqual([
      'build-tarball-linux-x64',
      'build-tarball-macos-arm64',
    ]);
    expect(expectedApiNames(job('dynamic'))).toBeUndefined();
    expect(expectedApiNames(job('docs'))).toBeUndefined();
  });

  it('matches exactly where the file allows it, by pattern elsewhere, and rejects the rest', async () => {
    const workflow = await model();
    const job = (id: string) => workflow.jobs.find((item) => item.id === id)!;
    expect(matchApiJobName(job('build'), 'build (linux, arm64)')).toBe('exact');
    expect(matchApiJobName(job('build'), 'build (windows, amd64)')).toBe('pattern');
    expect(matchApiJobName(job('build'), 'build')).toBe('exact');
    expect(matchApiJobName(job('dynamic'), 'Build x86_64-unknown-linux-gnu')).toBe('pattern');
    // Skipped before its matrix was known: the name as written.
    expect(matchApiJobName(job('dynamic'), `Build \${{ matrix.target }}`)).toBe('exact');
    expect(matchApiJobName(job('release'), 'Publish to PyPI / upload')).toBe('exact');
    expect(matchApiJobName(job('docs'), 'Docs (dry run)')).toBe('pattern');
    expect(apiJobNameMatches(job('build'), 'builder (linux, amd64)')).toBe(false);
    expect(apiJobNameMatches(job('release'), 'Publish to npm / upload')).toBe(false);
    expect(apiJobNameMatches(job('plan'), 'plan (x)')).toBe(false);
  });

  it('resolves a run: every API job kept, unmatched ones reported, missing workflow jobs listed', async () => {
    const workflow = await model();
    const apiJobs = [
      { name: 'plan' },
      { name: 'build (linux, amd64)' },
      { name: 'build (darwin, arm64)' },
      { name: 'build-tarball-linux-x64' },
      { name: 'Build aarch64-apple-darwin' },
      { name: 'Publish to PyPI / upload' },
      { name: 'Publish to PyPI / verify' },
      { name: 'lint' },
    ];
    const resolution = resolveApiJobs(workflow, apiJobs);
    expect(resolution.resolved.map((item) => [item.apiJob.name, item.job?.id, item.match])).toEqual([
      ['plan', 'plan', 'exact'],
      ['build (linux, amd64)', 'build', 'exact'],
      ['build (darwin, arm64)', 'build', 'exact'],
      ['build-tarball-linux-x64', 'tarball', 'exact'],
      ['Build aarch64-apple-darwin', 'dynamic', 'pattern'],
      ['Publish to PyPI / upload', 'release', 'exact'],
      ['Publish to PyPI / verify', 'release', 'exact'],
      ['lint', undefined, undefined],
    ]);
    expect(resolution.unmatched).toEqual([{ name: 'lint' }]);
    expect(resolution.notInRun.map((job) => job.id)).toEqual(['docs']);
  });

  it('prefers an exact name over a pattern that also fits', async () => {
    const { workflow } = await parseWorkflow(
      'w.yml',
      `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [18]
    steps: [{ run: test }]
  special:
    name: test (special)
    runs-on: ubuntu-latest
    steps: [{ run: special }]
`,
    );
    const resolution = resolveApiJobs(workflow!, [{ name: 'test (special)' }, { name: 'test (18)' }]);
    expect(resolution.resolved.map((item) => item.job?.id)).toEqual(['special', 'test']);
  });
});
