import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dependentsOf, descendantsOf, findCycles, unknownNeeds } from './job-graph.ts';
import type { WorkflowModel } from './model.ts';
import { parseWorkflow } from './parse.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sharedWorkflows = path.resolve(repoRoot, '../shared/workflows');
const files = readdirSync(sharedWorkflows).filter((name) => name.endsWith('.yml'));

describe('the real release workflows in ../shared/workflows', () => {
  it('are all there', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s parses without problems into a consistent graph', async (file) => {
    const text = readFileSync(path.join(sharedWorkflows, file), 'utf8');
    const { workflow, problems } = await parseWorkflow(file, text);
    expect(problems).toEqual([]);
    expect(workflow).toBeDefined();
    const jobs = workflow!.jobs;
    expect(jobs.length).toBeGreaterThan(0);
    expect(unknownNeeds(jobs)).toEqual([]);
    expect(findCycles(jobs)).toEqual([]);
    // Every job key in the file appears once, in file order.
    const jobsAt = text.search(/^jobs:/m);
    const jobKeys = [...text.slice(jobsAt).matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_-]*):\s*(?:#.*)?\r?$/gm)].map(
      (match) => match[1],
    );
    expect(jobs.map((job) => job.id)).toEqual(jobKeys);
  });
});

async function load(file: string): Promise<WorkflowModel> {
  const { workflow } = await parseWorkflow(file, readFileSync(path.join(sharedWorkflows, file), 'utf8'));
  return workflow!;
}

/** The hub facts ../shared/workflows/README.md states for each multi-channel workflow. */
describe('the needs graphs match what the README says about each hub', () => {
  it('contextlite f4bdc44 (the crisis): only chocolatey and homebrew need build-and-release', async () => {
    const workflow = await load('Michael-A-Kuykendall__contextlite__publish-packages.f4bdc44.yml');
    expect(dependentsOf(workflow.jobs).get('build-and-release')).toEqual([
      'publish-chocolatey',
      'publish-homebrew',
    ]);
    expect(workflow.jobs).toHaveLength(14);
  });

  it('contextlite later: only chocolatey and snap need build-and-release', async () => {
    const workflow = await load('Michael-A-Kuykendall__contextlite__publish-packages.yml');
    expect(dependentsOf(workflow.jobs).get('build-and-release')).toEqual([
      'publish-chocolatey',
      'publish-snap',
    ]);
  });

  it('lefthook: all 8 publish jobs need build', async () => {
    const workflow = await load('evilmartians__lefthook__release.yml');
    const publish = workflow.jobs.filter((job) => job.id.startsWith('publish-'));
    expect(publish).toHaveLength(8);
    expect(publish.every((job) => job.needs.includes('build'))).toBe(true);
  });

  it('starship: crates, brew, winget and choco need upload_artifacts, which waits on merge_crowdin_pr', async () => {
    const workflow = await load('starship__starship__release.yml');
    const after = dependentsOf(workflow.jobs).get('upload_artifacts');
    expect(after).toEqual(
      expect.arrayContaining(['cargo_publish', 'update_brew_formula', 'winget_update', 'choco_update']),
    );
    expect(descendantsOf(workflow.jobs, 'merge_crowdin_pr')).toEqual(
      expect.arrayContaining(['upload_artifacts', ...after!]),
    );
  });

  it('PRQL: winget, deb and rpm need build-prqlc; PyPI needs the wheels; npm, crates and snap are independent', async () => {
    const workflow = await load('PRQL__prql__release.yml');
    const needs = (id: string) => workflow.jobs.find((job) => job.id === id)!.needs;
    expect(dependentsOf(workflow.jobs).get('build-prqlc')).toEqual([
      'publish-winget',
      'build-deb-package',
      'build-rpm-package',
    ]);
    expect(needs('publish-python')).toEqual(['build-python-wheels']);
    expect([needs('publish-js'), needs('publish-to-cargo'), needs('build-and-publish-snap')]).toEqual([
      [],
      [],
      [],
    ]);
  });

  it('code-server: independent jobs, except repo which needs docker', async () => {
    const workflow = await load('coder__code-server__publish.yml');
    expect(workflow.jobs.map((job) => [job.id, job.needs])).toEqual([
      ['npm', []],
      ['aur', []],
      ['docker', []],
      ['repo', ['docker']],
    ]);
  });
});

/** A small deterministic generator, so a failure names a reproducible case. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('damaged copies of the real workflows', () => {
  it.each(files)(
    '%s: every damaged copy gives a model or located problems, never an internal failure',
    async (file) => {
      const lines = readFileSync(path.join(sharedWorkflows, file), 'utf8').split('\n');
      const random = seeded(file.length * 7919);
      for (let attempt = 0; attempt < 6; attempt++) {
        const damaged = [...lines];
        const at = Math.floor(random() * damaged.length);
        const kind = attempt % 3;
        if (kind === 0) damaged.splice(at, 1 + Math.floor(random() * 5));
        else if (kind === 1)
          damaged[at] = `${damaged[at]!.slice(0, Math.floor(random() * damaged[at]!.length))}`;
        else damaged[at] = `  ${damaged[at]}`;
        const result = await parseWorkflow(file, damaged.join('\n'));
        // "Cannot parse workflow:" is the catch-all for exceptions escaping the parser or our conversion.
        expect(
          result.problems.filter((problem) => problem.message.startsWith('Cannot parse workflow:')),
        ).toEqual([]);
        expect(result.workflow !== undefined || result.problems.length > 0).toBe(true);
      }
    },
  );
});
