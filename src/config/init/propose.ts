/**
 * @module `shipwatch init` core: read `.github/workflows/*.yml` in cwd, detect publish steps, and
 * propose a `shipwatch.yml` (commented, every entry saying where it came from). Writes the file only
 * when none exists, atomically (exclusive create).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { InputError, UsageError } from '../../errors.ts';
import { CONFIG_FILE_NAMES } from '../load.ts';
import { type ChannelFamily, type Detection, detectChannels } from './detect.ts';
import { readRepoFacts } from './repo-files.ts';
import { readWorkflowJobs, type WorkflowJob } from './workflow-steps.ts';

/** Adapter ids that can serve a family, first present wins (tap/bucket adapters may be named either way). */
const FAMILY_IDS: Partial<Record<ChannelFamily, readonly string[]>> = {
  homebrew: ['homebrew-tap', 'homebrew'],
  scoop: ['scoop', 'scoop-bucket'],
};

export interface ProposedChannel {
  channel: string;
  package?: string;
  job: string;
  /** `file:line · evidence`. */
  source: string;
  /** The package name could not be read; the product name stands in. */
  guessedPackage: boolean;
  /** Found only by the job's name. */
  weak: boolean;
  /** The job is disabled (`if: false`): listed commented out. */
  disabled: boolean;
  /** No adapter for it in this build: listed commented out. */
  unsupported: boolean;
}

export interface Proposal {
  product: string;
  github?: string;
  workflows: string[];
  channels: ProposedChannel[];
  notes: string[];
  yaml: string;
}

function disabled(job: WorkflowJob): boolean {
  return job.if !== undefined && /^\s*(?:false|\$\{\{\s*false\s*\}\})\s*$/.test(job.if);
}

function toProposed(d: Detection, known: readonly string[], product: string): ProposedChannel {
  const candidates = FAMILY_IDS[d.channel] ?? [d.channel];
  const id = candidates.find((c) => known.includes(c)) ?? candidates[0] ?? d.channel;
  const p: ProposedChannel = {
    channel: id,
    job: d.job.displayName,
    source: `${d.job.file}${d.line ? `:${d.line}` : ''} · ${d.evidence}`,
    guessedPackage: !d.package,
    weak: d.weak === true,
    disabled: disabled(d.job),
    unsupported: !known.includes(id),
  };
  // A release lives in a repository; a product name is no stand-in for owner/repo.
  p.package = d.package ?? (id === 'github-releases' ? 'OWNER/REPO' : product);
  return p;
}

function dedupe(channels: ProposedChannel[]): ProposedChannel[] {
  const out: ProposedChannel[] = [];
  for (const c of channels) {
    const same = out.find(
      (o) => o.channel === c.channel && (o.package === c.package || o.guessedPackage || c.guessedPackage),
    );
    if (!same) {
      out.push(c);
      continue;
    }
    // Keep the most trustworthy of the two: a read package name beats a guess, a step beats a job name.
    if (
      (same.guessedPackage && !c.guessedPackage) ||
      (same.weak && !c.weak) ||
      (same.disabled && !c.disabled)
    ) {
      out[out.indexOf(same)] = c;
    }
  }
  return out;
}

function render(p: Omit<Proposal, 'yaml'>): string {
  const scalar = (v: string) => stringify(v).trimEnd();
  const lines = [
    `# shipwatch.yml — proposed by \`shipwatch init\` from ${p.workflows.join(', ') || 'no workflow'}.`,
    '# Each channel says where it was found. Check package names marked "guessed" before relying on verify.',
    `product: ${scalar(p.product)}`,
  ];
  if (p.github) lines.push(`github: ${scalar(p.github)}`);
  lines.push('channels:');
  for (const c of p.channels) {
    const off = c.disabled || c.unsupported;
    const why = [
      c.disabled ? 'job disabled (if: false)' : '',
      c.unsupported ? 'no adapter for this channel in this build' : '',
      c.weak ? 'inferred from the job name only' : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  # ${c.source}${why ? ` (${why})` : ''}`);
    const entry = [
      `- channel: ${scalar(c.channel)}`,
      ...(c.channel === 'github-releases' && p.github && c.package === p.github
        ? []
        : [
            `  package: ${scalar(c.package ?? p.product)}${c.guessedPackage ? '  # guessed: not found in the repository, check it' : ''}`,
          ]),
      `  job: ${scalar(c.job)}`,
    ];
    for (const l of entry) lines.push(off ? `  # ${l}` : `  ${l}`);
  }
  if (p.channels.every((c) => c.disabled || c.unsupported)) {
    lines.push('  # nothing detected: add entries like', '  - channel: npm', '    package: my-package');
  }
  return `${lines.join('\n')}\n`;
}

export async function proposeConfig(cwd: string, knownChannels: readonly string[]): Promise<Proposal> {
  const dir = path.join(cwd, '.github', 'workflows');
  const names = await readdir(dir).catch(() => {
    throw new InputError(`no .github/workflows directory in ${cwd}: nothing to read publish steps from`);
  });
  const files = names.filter((n) => /\.ya?ml$/.test(n)).sort();
  if (files.length === 0) throw new InputError(`${dir} has no .yml workflow files`);
  const facts = await readRepoFacts(cwd);
  const notes: string[] = [];
  const jobs: WorkflowJob[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(path.join(dir, file), 'utf8');
    } catch (error) {
      // A broken symlink or a folder named *.yml must not stop the proposal from the other files.
      const err = error as NodeJS.ErrnoException;
      notes.push(`${file}: cannot read (${err.code ?? err.message})`);
      continue;
    }
    const read = readWorkflowJobs(file, text);
    if (read.note) notes.push(read.note);
    jobs.push(...read.jobs);
  }
  const detections = detectChannels(jobs, facts);
  const product = facts.github?.split('/')[1] ?? facts.dirName;
  const channels = dedupe(detections.map((d) => toProposed(d, knownChannels, product)));
  const used = [...new Set(detections.map((d) => d.job.file))];
  const base: Omit<Proposal, 'yaml'> = { product, workflows: used.length ? used : files, channels, notes };
  if (facts.github) base.github = facts.github;
  if (channels.length === 0) notes.push('no publish steps recognised in the workflows');
  return { ...base, yaml: render(base) };
}

/** Writes the proposal to `shipwatch.yml`, refusing to overwrite any existing config. */
export async function writeProposal(cwd: string, proposal: Proposal): Promise<string> {
  for (const name of CONFIG_FILE_NAMES) {
    const existing = path.join(cwd, name);
    const there = await readFile(existing).then(
      () => true,
      () => false,
    );
    if (there)
      throw new UsageError(`${name} already exists; not overwriting it (use --stdout to print a proposal)`);
  }
  const target = path.join(cwd, 'shipwatch.yml');
  try {
    await writeFile(target, proposal.yaml, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError('shipwatch.yml already exists; not overwriting it');
    throw new InputError(`cannot write ${target}: ${(error as Error).message}`);
  }
  return target;
}
