import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../workflows/parse.ts';
import type { WorkflowModel } from '../workflows/model.ts';
import { analyzeRun, assignRoles, type JobRoleAssignment } from './roles.ts';
import { summarizeRoles } from './summary.ts';
import { completed, unfinished } from './test-jobs.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function sharedWorkflow(file: string): Promise<WorkflowModel> {
  const text = readFileSync(path.resolve(repoRoot, '../shared/workflows', file), 'utf8');
  const { workflow, problems } = await parseWorkflow(file, text);
  expect(problems).toEqual([]);
  return workflow!;
}

async function inline(yaml: string): Promise<WorkflowModel> {
  const { workflow, problems } = await parseWorkflow('test.yml', yaml);
  expect(problems).toEqual([]);
  return workflow!;
}

function byName(assignments: JobRoleAssignment[]): Record<string, JobRoleAssignment> {
  return Object.fromEntries(assignments.map((assignment) => [assignment.name, assignment]));
}

/** The crisis run on the older workflow (f4bdc44): the hub fails after its setup, spokes fail on their own. */
const crisisJobs = [
  completed('build-and-release', 'failure', { end: 9, steps: ['Set up job', 'Set up Go', 'Build binaries'] }),
  completed('publish-npm', 'success', { end: 3 }),
  completed('publish-pypi', 'success', { end: 3 }),
  completed('publish-docker', 'failure', { end: 2, steps: ['Set up job', 'Log in to Docker Hub'] }),
  completed('publish-chocolatey', 'skipped', { start: 9, end: 9 }),
  completed('publish-crates', 'failure', { end: 4, steps: ['Set up job', 'Publish to crates.io'] }),
  completed('publish-snap', 'failure', { end: 4 }),
  completed('publish-homebrew', 'skipped', { start: 9, end: 9 }),
  completed('publish-scoop', 'skipped', { end: 0 }),
  completed('publish-winget', 'skipped', { end: 0 }),
  completed('publish-aur', 'failure', { end: 5 }),
  completed('publish-flathub', 'skipped', { end: 0 }),
  completed('publish-github-packages', 'success', { end: 3 }),
  completed('publish-nix', 'skipped', { end: 0 }),
];

describe('assignRoles on the crisis workflow (spokes that need the hub)', () => {
  it('names the hub the root cause and the spokes that need it cascades', async () => {
    const workflow = await sharedWorkflow('Michael-A-Kuykendall__contextlite__publish-packages.f4bdc44.yml');
    const roles = byName(assignRoles(crisisJobs, workflow));
    expect(roles['build-and-release']!.role).toBe('root-cause');
    expect(roles['build-and-release']!.failedStep).toBe('Build binaries');
    for (const spoke of ['publish-chocolatey', 'publish-homebrew']) {
      expect(roles[spoke]).toMatchObject({
        role: 'cascade',
        causedBy: ['build-and-release'],
        chain: [spoke, 'build-and-release'],
        inferred: true,
      });
    }
    for (const failed of ['publish-docker', 'publish-crates', 'publish-snap', 'publish-aur']) {
      expect(roles[failed]!.role).toBe('independent-failure');
      expect(roles[failed]!.causedBy).toEqual([]);
    }
    for (const disabled of ['publish-scoop', 'publish-winget', 'publish-flathub', 'publish-nix']) {
      expect(roles[disabled]).toMatchObject({ role: 'skipped-by-condition', inferred: true });
      expect(roles[disabled]!.reason).toContain('false');
    }
    expect(roles['publish-npm']!.role).toBe('succeeded');
  });

  it('summarises the run in one line', async () => {
    const workflow = await sharedWorkflow('Michael-A-Kuykendall__contextlite__publish-packages.f4bdc44.yml');
    const summary = summarizeRoles(assignRoles(crisisJobs, workflow));
    expect(summary.line).toBe(
      '3/10 publish jobs succeeded; 1 root cause; 2 cascades; 4 independent failures',
    );
    expect(summary.rootCauses).toEqual(['build-and-release']);
  });

  it('a run without publish jobs says so rather than "0/0 publish jobs succeeded"', () => {
    const summary = summarizeRoles(
      assignRoles(
        [completed('test', 'success'), completed('lint', 'failure', { start: 1, end: 2 })],
        undefined,
      ),
    );
    expect(summary.line).toMatch(/^no publish job ran \(1\/2 jobs succeeded\); /);
  });
});

describe('assignRoles on the later crisis workflow (needs removed from most spokes)', () => {
  it('makes spokes that no longer need the hub independent failures, and only snap and chocolatey cascade', async () => {
    const workflow = await sharedWorkflow('Michael-A-Kuykendall__contextlite__publish-packages.yml');
    const jobs = [
      completed('build-and-release', 'failure', { end: 9 }),
      completed('publish-homebrew', 'failure', {
        end: 2,
        steps: ['Set up job', 'Read release asset digests'],
      }),
      completed('publish-snap', 'skipped', { start: 9, end: 9 }),
      completed('publish-chocolatey', 'skipped', { start: 9, end: 9 }),
      completed('publish-npm', 'success', { end: 3 }),
    ];
    const roles = byName(assignRoles(jobs, workflow));
    expect(roles['build-and-release']!.role).toBe('root-cause');
    expect(roles['publish-homebrew']!.role).toBe('independent-failure');
    expect(roles['publish-snap']).toMatchObject({ role: 'cascade', causedBy: ['build-and-release'] });
    expect(roles['publish-chocolatey']).toMatchObject({ role: 'cascade', causedBy: ['build-and-release'] });
  });
});

describe('assignRoles on conditions', () => {
  const yaml = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps: [{ run: make }]
  publish:
    needs: build
    runs-on: ubuntu-latest
    steps: [{ run: publish }]
  report:
    needs: publish
    if: always()
    runs-on: ubuntu-latest
    steps: [{ run: report }]
  notify-failure:
    needs: build
    if: failure()
    runs-on: ubuntu-latest
    steps: [{ run: notify }]
  verify:
    needs: [build, publish]
    if: \${{ !cancelled() && needs.publish.result == 'success' }}
    runs-on: ubuntu-latest
    steps: [{ run: verify }]
  docs:
    needs: build
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps: [{ run: docs }]
`;

  it('follows a cascade through a skipped job and explains jobs that ran anyway', async () => {
    const workflow = await inline(yaml);
    const roles = byName(
      assignRoles(
        [
          completed('build', 'failure', { end: 5 }),
          completed('publish', 'skipped', { start: 5, end: 5 }),
          completed('report', 'failure', { start: 5, end: 6 }),
          completed('notify-failure', 'success', { start: 5, end: 6 }),
          completed('verify', 'skipped', { start: 5, end: 5 }),
          completed('docs', 'skipped', { start: 5, end: 5 }),
        ],
        workflow,
      ),
    );
    expect(roles.build!.role).toBe('root-cause');
    expect(roles.publish).toMatchObject({ role: 'cascade', chain: ['publish', 'build'] });
    // report ran because of always() and failed after its need was skipped by the hub's failure.
    expect(roles.report).toMatchObject({
      role: 'cascade',
      causedBy: ['build'],
      chain: ['report', 'publish', 'build'],
    });
    expect(roles['notify-failure']!.role).toBe('succeeded');
    expect(roles.verify).toMatchObject({ role: 'cascade', causedBy: ['build'] });
    // docs: success() && (unknown) is false once build failed: the failure decided it.
    expect(roles.docs).toMatchObject({ role: 'cascade', causedBy: ['build'] });
  });

  it('treats a failure as its own when its if: could not have let it run after a failed need', async () => {
    const workflow = await inline(yaml);
    // publish has the default success(): if it ran, build cannot have failed as far as GitHub knew.
    const roles = byName(
      assignRoles(
        [completed('build', 'failure'), completed('publish', 'failure', { start: 2, end: 3 })],
        workflow,
      ),
    );
    // Its own failure, not a cascade; and since verify (needs publish, if: publish succeeded) is not
    // listed yet, its skip is predicted: publish is a root cause, inferred.
    expect(roles.publish).toMatchObject({ role: 'root-cause', causedBy: [], inferred: true });
    expect(roles.publish!.reason).toContain('1 waiting job that need it will be skipped');
  });

  it('a failed hub whose dependents are not listed yet (blocked on needs) is a root cause, not "ran anyway"', async () => {
    const workflow = await inline(yaml);
    // The API lists a job blocked on its needs only once it is decided: mid-run, the hub has failed
    // and publish/verify/docs are simply absent from the list.
    const roles = byName(assignRoles([completed('build', 'failure', { end: 5 })], workflow));
    expect(roles.build).toMatchObject({ role: 'root-cause', inferred: true });
    expect(roles.build!.reason).toMatch(/\d waiting jobs that need it will be skipped/);
    expect(roles.build!.reason).not.toContain('ran anyway');
  });

  it('tells a false if: from a failed need when everything upstream succeeded', async () => {
    const workflow = await inline(yaml);
    const roles = byName(
      assignRoles(
        [
          completed('build', 'success'),
          completed('publish', 'success', { start: 1, end: 2 }),
          completed('report', 'success', { start: 2, end: 3 }),
          completed('notify-failure', 'skipped', { start: 1, end: 1 }),
          completed('verify', 'success', { start: 2, end: 3 }),
          completed('docs', 'skipped', { start: 1, end: 1 }),
        ],
        workflow,
      ),
    );
    expect(roles['notify-failure']).toMatchObject({ role: 'skipped-by-condition', inferred: true });
    expect(roles['notify-failure']!.reason).toContain('failure()');
    expect(roles.docs).toMatchObject({ role: 'skipped-by-condition', inferred: true });
    expect(roles.docs!.reason).toContain("github.ref == 'refs/heads/main'");
  });

  it('reports running and queued jobs, and a failure whose waiting dependents will be skipped as a root cause', async () => {
    const workflow = await inline(yaml);
    const roles = byName(
      assignRoles(
        [
          completed('build', 'failure', { end: 5 }),
          unfinished('publish', 'queued'),
          unfinished('docs', 'in_progress'),
        ],
        workflow,
      ),
    );
    expect(roles.build).toMatchObject({ role: 'root-cause', inferred: true });
    expect(roles.build!.reason).toContain('1 waiting job that need it will be skipped');
    expect(roles.publish!.role).toBe('queued');
    expect(roles.docs!.role).toBe('running');
  });
});

describe('assignRoles without a workflow', () => {
  it('falls back to conclusions and timing and says so', () => {
    const analysis = analyzeRun(crisisJobs, undefined);
    expect(analysis.basis).toBe('conclusions-only');
    expect(analysis.notes.join(' ')).toContain('No workflow file');
    const roles = byName(analysis.assignments);
    expect(roles['build-and-release']!.role).toBe('root-cause');
    expect(roles['publish-chocolatey']).toMatchObject({
      role: 'cascade',
      causedBy: ['build-and-release'],
      inferred: true,
    });
    expect(roles['publish-scoop']).toMatchObject({ role: 'skipped-by-condition', inferred: true });
    expect(roles['publish-docker']!.role).toBe('independent-failure');
    for (const assignment of analysis.assignments.filter((item) => item.role === 'cascade')) {
      expect(assignment.reason).toContain('guessed from timing');
    }
  });

  it('keeps API jobs missing from the workflow and labels them', async () => {
    const workflow = await sharedWorkflow('Michael-A-Kuykendall__contextlite__publish-packages.f4bdc44.yml');
    const analysis = analyzeRun(
      [...crisisJobs, completed('publish-vscode', 'failure', { end: 2 })],
      workflow,
    );
    const vscode = byName(analysis.assignments)['publish-vscode']!;
    expect(vscode).toMatchObject({ jobId: undefined, role: 'independent-failure', inferred: true });
    expect(vscode.reason).toContain('not found in');
    expect(analysis.notes.join(' ')).toContain('publish-vscode');
  });
});

describe('assignRoles on matrices, continue-on-error and re-runs', () => {
  const yaml = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, darwin, windows]
    steps: [{ run: make }]
  lint:
    runs-on: ubuntu-latest
    continue-on-error: true
    steps: [{ run: lint }]
  publish:
    needs: [build, lint]
    runs-on: ubuntu-latest
    steps: [{ run: publish }]
`;

  it('blames the failed combination for fail-fast cancellations and the skip downstream', async () => {
    const workflow = await inline(yaml);
    const roles = byName(
      assignRoles(
        [
          completed('build (linux)', 'success', { end: 3 }),
          completed('build (darwin)', 'failure', { end: 2, steps: ['Set up job', 'Compile'] }),
          completed('build (windows)', 'cancelled', { end: 2 }),
          completed('lint', 'success'),
          completed('publish', 'skipped', { start: 3, end: 3 }),
        ],
        workflow,
      ),
    );
    expect(roles['build (darwin)']!.role).toBe('root-cause');
    expect(roles['build (windows)']).toMatchObject({
      role: 'cancelled',
      causedBy: ['build (darwin)'],
      inferred: true,
    });
    expect(roles['build (windows)']!.reason).toBe('cancelled by fail-fast after build (darwin) failed');
    expect(roles.publish).toMatchObject({ role: 'cascade', causedBy: ['build (darwin)'] });
    expect(roles.publish!.reason).toBe("skipped because build (darwin) failed at step 'Compile'");
  });

  it('lets a continue-on-error failure pass its dependents', async () => {
    const workflow = await inline(yaml);
    const roles = byName(
      assignRoles(
        [
          completed('build (linux)', 'success'),
          completed('build (darwin)', 'success'),
          completed('build (windows)', 'success'),
          completed('lint', 'failure'),
          completed('publish', 'failure', { start: 2, end: 3, steps: ['Set up job', 'npm publish'] }),
        ],
        workflow,
      ),
    );
    // publish ran because lint's failure reported success; its own failure is its own.
    expect(roles.lint!.role).toBe('independent-failure');
    expect(roles.publish).toMatchObject({
      role: 'independent-failure',
      causedBy: [],
      failedStep: 'npm publish',
    });
  });

  it('judges a re-run by its latest attempt', async () => {
    const workflow = await inline(yaml);
    const first = { ...completed('build (darwin)', 'failure', { end: 2 }), run_attempt: 1 };
    const second = { ...completed('build (darwin)', 'success', { start: 10, end: 12 }), run_attempt: 2 };
    const analysis = analyzeRun(
      [
        { ...completed('build (linux)', 'success'), run_attempt: 2 },
        first,
        second,
        { ...completed('build (windows)', 'success'), run_attempt: 2 },
        { ...completed('lint', 'success'), run_attempt: 2 },
        { ...completed('publish', 'success', { start: 12, end: 13 }), run_attempt: 2 },
      ],
      workflow,
    );
    const [, old, latest] = analysis.assignments;
    expect(old).toMatchObject({ role: 'independent-failure' });
    expect(old!.reason).toContain('attempt 1, re-run since');
    expect(latest!.role).toBe('succeeded');
    expect(summarizeRoles(analysis.assignments.filter((item) => item !== old)).line).toBe(
      '1/1 publish jobs succeeded; 0 root causes; 0 cascades; 0 independent failures',
    );
  });
});

describe('assignRoles without a workflow or times', () => {
  it('does not claim a skip came before a failure when it cannot know', () => {
    const jobs = crisisJobs.map(({ started_at: _start, completed_at: _end, ...job }) => job);
    const roles = byName(assignRoles(jobs, undefined));
    expect(roles['publish-chocolatey']!.role).toBe('skipped-by-condition');
    expect(roles['publish-chocolatey']!.reason).toContain('cannot be ruled out');
    expect(roles['build-and-release']!.role).toBe('independent-failure');
  });
});

describe('assignRoles on astral-sh/uv (reusable workflows, always() gates on needs results)', () => {
  it('traces a failed PyPI publish through the gated jobs behind it', async () => {
    const workflow = await sharedWorkflow('astral-sh__uv__release.yml');
    const jobs = [
      completed('release-gate', 'success'),
      completed('plan', 'success'),
      completed('build-release-binaries / linux', 'success', { end: 10 }),
      completed('build-release-binaries / macos', 'success', { end: 12 }),
      completed('build-docker / build', 'success', { end: 12 }),
      completed('generate-checksum-manifest', 'success', { end: 13 }),
      completed('build-global-artifacts', 'success', { end: 14 }),
      completed('host', 'success', { end: 15 }),
      completed('publish-pypi / Upload to PyPI', 'failure', {
        end: 16,
        steps: ['Set up job', 'Publish to PyPI'],
      }),
      completed('publish-crates', 'skipped', { start: 16, end: 16 }),
      completed('publish-github', 'skipped', { start: 16, end: 16 }),
      completed('publish-docs', 'skipped', { start: 16, end: 16 }),
      completed('publish-versions', 'skipped', { start: 16, end: 16 }),
      completed('publish-mirror', 'skipped', { start: 16, end: 16 }),
    ];
    const analysis = analyzeRun(jobs, workflow);
    expect(analysis.notes).toEqual([]);
    const roles = byName(analysis.assignments);
    expect(roles['build-docker / build']!.jobId).toBe('build-docker');
    expect(roles['publish-pypi / Upload to PyPI']).toMatchObject({
      jobId: 'publish-pypi',
      role: 'root-cause',
    });
    expect(roles['publish-crates']).toMatchObject({
      role: 'cascade',
      causedBy: ['publish-pypi / Upload to PyPI'],
    });
    expect(roles['publish-github']).toMatchObject({
      role: 'cascade',
      chain: ['publish-github', 'publish-pypi / Upload to PyPI'],
    });
    expect(roles['publish-docs']).toMatchObject({
      role: 'cascade',
      causedBy: ['publish-pypi / Upload to PyPI'],
      chain: ['publish-docs', 'publish-github', 'publish-pypi / Upload to PyPI'],
    });
    expect(summarizeRoles(analysis.assignments).line).toBe(
      '0/6 publish jobs succeeded; 1 root cause; 5 cascades; 0 independent failures',
    );
  });

  it('does not blame a skipped release gate: the gated jobs accept skipped', async () => {
    const workflow = await sharedWorkflow('astral-sh__uv__release.yml');
    const jobs = [
      completed('release-gate', 'skipped', { end: 0 }),
      completed('plan', 'success'),
      completed('build-release-binaries / linux', 'success'),
      completed('build-docker / build', 'success'),
      completed('publish-pypi', 'skipped', { end: 3 }),
    ];
    const roles = byName(assignRoles(jobs, workflow));
    expect(roles['release-gate']).toMatchObject({ role: 'skipped-by-condition' });
    expect(roles['build-docker / build']!.role).toBe('succeeded');
    // publish-pypi needs release-gate with the default success(): skipped because the gate was skipped.
    expect(roles['publish-pypi']).toMatchObject({
      role: 'skipped-by-condition',
      chain: ['publish-pypi', 'release-gate'],
    });
  });
});

describe('assignRoles on upstream jobs that are not direct needs', () => {
  // The shape of actions/runner#2205: b runs despite a skipped a, c needs only b, yet c is skipped.
  const yaml = `on: push
jobs:
  a:
    if: github.event_name == 'schedule'
    runs-on: ubuntu-latest
    steps: [{ run: a }]
  b:
    needs: a
    if: always() && (needs.a.result == 'success' || needs.a.result == 'skipped')
    runs-on: ubuntu-latest
    steps: [{ run: b }]
  c:
    needs: [b]
    runs-on: ubuntu-latest
    steps: [{ run: c }]
`;

  it("explains a skip caused by an indirect upstream job through GitHub's transitive success()", async () => {
    const workflow = await inline(yaml);
    const roles = byName(
      assignRoles(
        [
          completed('a', 'skipped', { end: 0 }),
          completed('b', 'success'),
          completed('c', 'skipped', { start: 1, end: 1 }),
        ],
        workflow,
      ),
    );
    expect(roles.a!.role).toBe('skipped-by-condition');
    expect(roles.b!.role).toBe('succeeded');
    expect(roles.c).toMatchObject({ role: 'skipped-by-condition', chain: ['c', 'b', 'a'], inferred: true });
    expect(roles.c!.reason).toContain('default success() looks at every job upstream');
  });

  it('follows a failure two hops up the same way', async () => {
    const workflow = await inline(yaml.replace("if: github.event_name == 'schedule'", 'if: true'));
    const roles = byName(
      assignRoles(
        [
          completed('a', 'failure', { steps: ['Set up job', 'Run a'] }),
          completed('b', 'skipped', { start: 1, end: 1 }),
          completed('c', 'skipped', { start: 1, end: 1 }),
        ],
        workflow,
      ),
    );
    expect(roles.a!.role).toBe('root-cause');
    // b accepts only success or skipped from a: a failure makes its if: false.
    expect(roles.b).toMatchObject({ role: 'cascade', causedBy: ['a'], chain: ['b', 'a'] });
    expect(roles.c).toMatchObject({ role: 'cascade', causedBy: ['a'], chain: ['c', 'b', 'a'] });
  });
});
