/**
 * @module Publish-step detection for `init`: a table of rules, each recognising one way of
 * publishing to a channel (a command in `run:` or an action in `uses:`) and where the package name
 * can be read. Pure: workflow steps + repository facts in, detections out.
 */
import type { RepoFacts } from './repo-files.ts';
import type { WorkflowJob, WorkflowStep } from './workflow-steps.ts';

/** Channel families; `propose` maps them onto adapter ids present in this build. */
export type ChannelFamily =
  | 'npm'
  | 'github-packages-npm'
  | 'pypi'
  | 'crates-io'
  | 'docker-hub'
  | 'ghcr'
  | 'github-releases'
  | 'chocolatey'
  | 'snap'
  | 'nuget'
  | 'vscode-marketplace'
  | 'open-vsx'
  | 'homebrew'
  | 'scoop'
  | 'winget'
  | 'aur'
  | 'go-proxy';

export interface Detection {
  channel: ChannelFamily;
  /** Package name, when the step or the repository says it. */
  package?: string;
  job: WorkflowJob;
  /** Line of the step (or job) that gave it away. */
  line: number;
  /** What was recognised, e.g. `npm publish`, `uses: pypa/gh-action-pypi-publish`. */
  evidence: string;
  /** Only the job's name suggested it. */
  weak?: boolean;
}

interface Rule {
  channel: ChannelFamily | ((step: WorkflowStep, job: WorkflowJob) => ChannelFamily);
  evidence: string;
  run?: RegExp;
  uses?: RegExp;
  /** Extra condition on the step (e.g. an action input). */
  when?: (step: WorkflowStep) => boolean;
  package?: (step: WorkflowStep, facts: RepoFacts, job: WorkflowJob) => string | undefined;
}

const usesGithubPackages = (step: WorkflowStep, job: WorkflowJob): boolean =>
  /npm\.pkg\.github\.com/.test(step.run ?? '') ||
  job.steps.some((s) => /npm\.pkg\.github\.com/.test(s.with['registry-url'] ?? ''));

const firstGroup = (re: RegExp, text: string | undefined): string | undefined => {
  const m = text ? re.exec(text) : null;
  return m?.[1] && !m[1].includes('${{') ? m[1] : undefined;
};

const RULES: readonly Rule[] = [
  {
    channel: (step, job) => (usesGithubPackages(step, job) ? 'github-packages-npm' : 'npm'),
    evidence: 'npm publish',
    run: /\b(?:npm|pnpm|yarn(?:\s+npm)?|bun)\s+publish\b/,
    package: (_s, f) => f.npmName,
  },
  {
    channel: 'npm',
    evidence: 'uses: JS-DevTools/npm-publish',
    uses: /^JS-DevTools\/npm-publish@/i,
    package: (_s, f) => f.npmName,
  },
  {
    channel: 'npm',
    evidence: 'uses: changesets/action (publish)',
    uses: /^changesets\/action@/i,
    when: (s) => Boolean(s.with.publish),
    package: (_s, f) => f.npmName,
  },
  {
    channel: 'npm',
    evidence: 'semantic-release',
    run: /\bsemantic-release\b/,
    package: (_s, f) => f.npmName,
  },
  {
    channel: 'pypi',
    evidence: 'Python upload (twine/maturin/uv/poetry/flit/hatch/pdm)',
    run: /\b(?:twine\s+upload|maturin\s+(?:publish|upload)|uv\s+publish|poetry\s+publish|flit\s+publish|hatch\s+publish|pdm\s+publish)\b/,
    package: (_s, f) => f.pythonName,
  },
  {
    channel: 'pypi',
    evidence: 'uses: pypa/gh-action-pypi-publish',
    uses: /^pypa\/gh-action-pypi-publish@/i,
    package: (_s, f) => f.pythonName,
  },
  {
    channel: 'pypi',
    evidence: 'uses: PyO3/maturin-action (upload)',
    uses: /^PyO3\/maturin-action@/i,
    when: (s) => /^(upload|publish)$/.test(s.with.command ?? ''),
    package: (_s, f) => f.pythonName,
  },
  {
    channel: 'crates-io',
    evidence: 'cargo publish',
    run: /\bcargo\s+(?:publish|release|workspaces\s+publish|smart-release)\b/,
    package: (s, f) =>
      firstGroup(/cargo\s+publish\b[^\n]*?(?:-p|--package)\s+([A-Za-z0-9_-]+)/, s.run) ?? f.crateName,
  },
  {
    channel: 'crates-io',
    evidence: 'uses: katyo/publish-crates',
    uses: /^katyo\/publish-crates@/i,
    package: (_s, f) => f.crateName,
  },
  {
    channel: 'github-releases',
    evidence: 'GitHub release action',
    uses: /^(?:softprops\/action-gh-release|ncipollo\/release-action|actions\/create-release|svenstaro\/upload-release-action|taiki-e\/upload-rust-binary-action|marvinpinto\/action-automatic-releases|goreleaser\/goreleaser-action)@/i,
    package: (_s, f) => f.github,
  },
  {
    channel: 'github-releases',
    evidence: 'gh release create/upload',
    run: /\b(?:gh\s+release\s+(?:create|upload)|goreleaser\s+release)\b/,
    package: (_s, f) => f.github,
  },
  {
    channel: 'chocolatey',
    evidence: 'choco push',
    run: /\bchoco(?:\.exe)?\s+push\b/,
    package: (s, f) =>
      firstGroup(
        /choco(?:\.exe)?\s+push\s+(?:\S*[/\\])?([A-Za-z0-9_-][A-Za-z0-9_.-]*?)\.(?:\d|\$\{\{)/,
        s.run,
      ) ?? f.nuspecId,
  },
  {
    channel: 'chocolatey',
    evidence: 'uses: crazy-max/ghaction-chocolatey (push)',
    uses: /^crazy-max\/ghaction-chocolatey@/i,
    when: (s) => /^push\b/.test(s.with.args ?? ''),
    package: (_s, f) => f.nuspecId,
  },
  {
    channel: 'snap',
    evidence: 'snapcraft upload',
    run: /\bsnapcraft\s+(?:upload|push)\b/,
    package: (_s, f) => f.snapName,
  },
  {
    channel: 'snap',
    evidence: 'uses: snapcore/action-publish',
    uses: /^snapcore\/action-publish@/i,
    package: (_s, f) => f.snapName,
  },
  {
    channel: 'nuget',
    evidence: 'nuget push',
    run: /\b(?:dotnet\s+nuget|nuget(?:\.exe)?)\s+push\b/,
    package: (s, f) =>
      firstGroup(/nuget(?:\.exe)?\s+push\s+(?:\S*[/\\])?([A-Za-z][A-Za-z0-9_.-]*?)\.\d/, s.run) ?? f.nuspecId,
  },
  {
    channel: 'vscode-marketplace',
    evidence: 'vsce publish',
    run: /\bvsce\s+publish\b/,
    package: (_s, f) => f.vscodeId,
  },
  {
    channel: 'open-vsx',
    evidence: 'ovsx publish',
    run: /\bovsx\s+publish\b/,
    package: (_s, f) => f.vscodeId,
  },
  {
    channel: (s) => (/open-vsx\.org/.test(s.with.registryUrl ?? '') ? 'open-vsx' : 'vscode-marketplace'),
    evidence: 'uses: HaaLeo/publish-vscode-extension',
    uses: /^HaaLeo\/publish-vscode-extension@/i,
    package: (_s, f) => f.vscodeId,
  },
  {
    channel: 'homebrew',
    evidence: 'uses: mislav/bump-homebrew-formula-action',
    uses: /^mislav\/bump-homebrew-formula-action@/i,
    package: (s, f) => {
      const formula = s.with['formula-name'] ?? f.dirName;
      return `${s.with['homebrew-tap'] ?? 'Homebrew/homebrew-core'}/${formula}`;
    },
  },
  {
    channel: 'homebrew',
    evidence: 'uses: dawidd6/action-homebrew-bump-formula',
    uses: /^dawidd6\/action-homebrew-bump-formula@/i,
    package: (s) =>
      s.with.formula ? `${s.with.tap ?? 'Homebrew/homebrew-core'}/${s.with.formula}` : undefined,
  },
  { channel: 'homebrew', evidence: 'brew bump-formula-pr', run: /\bbrew\s+bump-(?:formula|cask)-pr\b/ },
  {
    channel: 'homebrew',
    evidence: 'formula committed by the workflow',
    run: /\.rb\b[\s\S]*\bgit\s+(?:commit|push)\b|\bgit\s+add\s+\S*Formula\/\S+\.rb/,
  },
  {
    channel: 'winget',
    evidence: 'uses: winget-releaser',
    uses: /^vedantmgoyal(?:2009|9)\/winget-releaser@/i,
    package: (s) => s.with.identifier,
  },
  { channel: 'winget', evidence: 'wingetcreate/komac', run: /\b(?:wingetcreate|komac)\b/ },
  {
    channel: 'aur',
    evidence: 'uses: KSXGitHub/github-actions-deploy-aur',
    uses: /^KSXGitHub\/github-actions-deploy-aur@/i,
    package: (s) => s.with.pkgname,
  },
  {
    channel: 'aur',
    evidence: 'git push to aur.archlinux.org',
    run: /aur@aur\.archlinux\.org:?\/?([a-z0-9@._+-]+?)(?:\.git)?\b/,
    package: (s) => firstGroup(/aur@aur\.archlinux\.org:?\/?([a-z0-9@._+-]+?)(?:\.git)?\b/, s.run),
  },
];

/** Docker pushes: every tagged image, split into GHCR and Docker Hub. */
function dockerDetections(step: WorkflowStep, job: WorkflowJob, facts: RepoFacts): Detection[] {
  let images: string[] = [];
  let evidence = '';
  if (
    step.uses &&
    /^docker\/build-push-action@/i.test(step.uses) &&
    /true|\$\{\{/.test(step.with.push ?? '')
  ) {
    images = (step.with.tags ?? '').split(/[\n,]/);
    evidence = 'uses: docker/build-push-action (push)';
  } else if (step.run && /\bdocker\s+(?:image\s+)?push\b/.test(step.run)) {
    images = [...step.run.matchAll(/\bdocker\s+(?:image\s+)?push\s+(\S+)/g)].map((m) => m[1] ?? '');
    evidence = 'docker push';
  }
  const out: Detection[] = [];
  for (const raw of images) {
    let image = raw.trim().replace(/^["']|["']$/g, '');
    if (!image) continue;
    if (facts.github) {
      image = image
        .replace(/\$\{\{\s*github\.repository\s*\}\}/g, facts.github)
        .replace(/\$\{\{\s*github\.repository_owner\s*\}\}/g, facts.github.split('/')[0] ?? '');
    }
    const name = image.replace(/@sha256:.*$/, '').replace(/:[^/:]*$/, '');
    const known = !name.includes('${{') && !name.includes('$');
    const ghcr = name.startsWith('ghcr.io/');
    const det: Detection = { channel: ghcr ? 'ghcr' : 'docker-hub', job, line: step.line, evidence };
    if (known) det.package = name.replace(/^(?:ghcr\.io|docker\.io)\//, '').toLowerCase();
    out.push(det);
  }
  return out;
}

/** GoReleaser publishes to whatever its config lists. */
function goreleaserDetections(step: WorkflowStep, job: WorkflowJob, facts: RepoFacts): Detection[] {
  const g = facts.goreleaser;
  if (!g) return [];
  const out: Detection[] = [];
  const list = (key: string): Record<string, unknown>[] =>
    Array.isArray(g[key])
      ? (g[key] as unknown[]).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
      : [];
  const repoOf = (entry: Record<string, unknown>): string | undefined => {
    const r = (entry.repository ?? entry.tap ?? entry.bucket) as
      | { owner?: unknown; name?: unknown }
      | undefined;
    return r && typeof r.owner === 'string' && typeof r.name === 'string'
      ? `${r.owner}/${r.name}`
      : undefined;
  };
  const name = (entry: Record<string, unknown>): string =>
    typeof entry.name === 'string' && !entry.name.includes('{{')
      ? entry.name
      : typeof g.project_name === 'string'
        ? g.project_name
        : facts.dirName;
  const add = (channel: ChannelFamily, pkg: string | undefined, what: string) => {
    const det: Detection = { channel, job, line: step.line, evidence: `GoReleaser ${what}` };
    if (pkg) det.package = pkg;
    out.push(det);
  };
  for (const b of [...list('brews'), ...list('homebrew_casks')]) {
    const repo = repoOf(b);
    add('homebrew', repo ? `${repo}/${name(b)}` : undefined, 'brews');
  }
  for (const s of list('scoops')) {
    const repo = repoOf(s);
    add('scoop', repo ? `${repo}/${name(s)}` : undefined, 'scoops');
  }
  for (const w of list('winget')) {
    const pub = typeof w.publisher === 'string' ? w.publisher : undefined;
    add('winget', pub ? `${pub}.${name(w)}` : undefined, 'winget');
  }
  for (const a of list('aurs')) add('aur', name(a), 'aurs');
  for (const s of list('snapcrafts')) add('snap', name(s), 'snapcrafts');
  for (const c of list('chocolateys')) add('chocolatey', name(c), 'chocolateys');
  for (const n of list('npms')) add('npm', typeof n.name === 'string' ? n.name : undefined, 'npms');
  for (const d of [...list('dockers'), ...list('dockers_v2')]) {
    const templates = [
      ...(Array.isArray(d.image_templates) ? d.image_templates : []),
      ...(Array.isArray(d.images) ? d.images : []),
    ];
    for (const t of templates) {
      if (typeof t !== 'string') continue;
      const image = t.replace(/:[^/:]*$/, '');
      if (image.includes('{{')) continue;
      add(
        image.startsWith('ghcr.io/') ? 'ghcr' : 'docker-hub',
        image.replace(/^(?:ghcr\.io|docker\.io)\//, ''),
        'dockers',
      );
    }
  }
  return out;
}

const JOB_HINTS: readonly [RegExp, ChannelFamily][] = [
  [/homebrew|\bbrew\b/, 'homebrew'],
  [/scoop/, 'scoop'],
  [/winget/, 'winget'],
  [/\baur\b/, 'aur'],
  [/choco/, 'chocolatey'],
  [/snap/, 'snap'],
  [/pypi/, 'pypi'],
  [/crates?/, 'crates-io'],
  [/nuget/, 'nuget'],
  [/docker/, 'docker-hub'],
  [/ghcr/, 'ghcr'],
  [/npm/, 'npm'],
];

export function detectChannels(jobs: readonly WorkflowJob[], facts: RepoFacts): Detection[] {
  const out: Detection[] = [];
  for (const job of jobs) {
    const before = out.length;
    for (const step of job.steps) {
      for (const rule of RULES) {
        const hit =
          (rule.run && step.run && rule.run.test(step.run)) ||
          (rule.uses && step.uses && rule.uses.test(step.uses));
        if (!hit || (rule.when && !rule.when(step))) continue;
        const channel = typeof rule.channel === 'function' ? rule.channel(step, job) : rule.channel;
        const det: Detection = { channel, job, line: step.line, evidence: rule.evidence };
        const pkg = rule.package?.(step, facts, job);
        if (pkg) det.package = pkg;
        out.push(det);
      }
      out.push(...dockerDetections(step, job, facts));
      if (
        (step.uses && /^goreleaser\/goreleaser-action@/i.test(step.uses)) ||
        /\bgoreleaser\s+release\b/.test(step.run ?? '')
      ) {
        out.push(...goreleaserDetections(step, job, facts));
      }
    }
    if (out.length === before) {
      const id = job.id.toLowerCase().replace(/[_-]/g, ' ');
      const hint = JOB_HINTS.find(
        ([re]) => re.test(id) && /publish|release|deploy|push|upload|update|bump/.test(id),
      );
      if (hint)
        out.push({ channel: hint[1], job, line: job.line, evidence: `job name "${job.id}"`, weak: true });
    }
  }
  if (facts.goModule && out.some((d) => d.channel === 'github-releases')) {
    const release = out.find((d) => d.channel === 'github-releases');
    if (release)
      out.push({
        channel: 'go-proxy',
        package: facts.goModule,
        job: release.job,
        line: 0,
        evidence: 'go.mod (a tagged release is a Go module version)',
      });
  }
  return out;
}
