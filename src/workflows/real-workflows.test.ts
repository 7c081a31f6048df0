import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, unknownNeeds } from './job-graph.ts';
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
    const keys = [...text.matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_-]*):\s*(?:#.*)?\r?$/gm)].map(
      (match) => match[1],
    );
    const jobsAt = text.search(/^jobs:/m);
    const jobKeys = [...text.slice(jobsAt).matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_-]*):\s*(?:#.*)?\r?$/gm)].map(
      (match) => match[1],
    );
    expect(keys.length).toBeGreaterThan(0);
    expect(jobs.map((job) => job.id)).toEqual(jobKeys);
  });
});
