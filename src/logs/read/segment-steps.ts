/**
 * @module Splits a job log into its steps, streaming.
 *
 * When the source names the step (a run zip's `job/N_step.txt` entry, a `gh run view --log-failed`
 * prefix), that name is the step. Otherwise the runner's own marks decide, as read in real job logs
 * (../shared/corpus, GitHub's runner source) — the log carries no step ids:
 *
 * - `Set up job`: the lines before the first step, when the log starts at the job's start (its first
 *   line is the runner preamble: `Current runner version`, `Requested labels`, `##[group]Operating
 *   System`, …). An excerpt that starts mid-job has no step until the first mark.
 * - A `##[group]Run <command or action>` line starts a step (`run:` steps show the first line of the
 *   command, `uses:` steps `owner/action@ref`). Other groups (`##[group]Docker info`, setup-go's
 *   `##[group]Environment details`, `##[group]Post cache`) are output inside the current step: the runner
 *   never nests groups, so a group that is not `Run …` is always an action's own.
 * - `##[group]Checking docker version` starts `Initialize containers` before any `Run` step, and
 *   `Stop containers` after; so do `Stop and remove container: ` and `Print service container logs: `.
 * - `Post job cleanup.` starts a post step. The log does not say which action it cleans up after (the
 *   API calls it `Post Run owner/action@ref`), so it is named `Post job cleanup`; a `##[group]Post Run …`
 *   header, where a log has one, gives the real name.
 * - `Evaluate and set job outputs` or `Cleaning up orphan processes` starts `Complete job`.
 * - A web copy shows `##[group]Run x` as `Run x` (the reader marks it `group`), so the same rules apply.
 *
 * Names: a step with a `name:` in the workflow still prints `##[group]Run <command>`, so the name we
 * give is the header's (`Run docker/build-push-action@v6`), not the API's (`Build and push image`);
 * whoever holds the API's step list maps one to the other (in order, `Run …` headers match the API's
 * unnamed steps exactly).
 *
 * - A composite action's inner steps print `##[group]Run …` too. Runners since about 2.33x wrap each
 *   inner step in `##[start-action display=…;id=<scope>.<step>]` … `##[end-action id=…;outcome=…;
 *   conclusion=…;duration_ms=…]` (top-level steps get no such lines; the runner escapes the marker
 *   when a script prints it), so a `Run` header inside them stays in the outer step, and an inner
 *   `conclusion=failure` fails the outer step.
 *
 * Known limit: logs from older runners do not mark composite inner steps, and a script may print its
 * own `::group::Run …`; both come out as steps of their own. Only the API's step list tells them apart.
 *
 * A step failed when it shows an `##[error]` line or a non-zero `Process completed with exit code N.`
 */
import type { LogLine, StepSegment } from '../model.ts';

const EXIT_CODE = /^Process completed with exit code (\d+)\.?\s*$/;
const JOB_START =
  /^(?:Current runner version|Requested labels|Job defined at|Waiting for a runner|Found online and idle|Requested runner group|Runner name:|A job started hook)/;
const SETUP_GROUPS = new Set([
  'Operating System',
  'Runner Image',
  'Runner Image Provisioner',
  'Virtual Environment',
]);
/** What `gh` prints when it cannot tell the step: fall back to the marks. */
const UNKNOWN_STEP = 'UNKNOWN STEP';

export class StepSegmenter {
  private readonly segments: StepSegment[] = [];
  private current: StepSegment | undefined;
  private job: string | undefined;
  private firstOfJob = true;
  private sawRunStep = false;
  /** Open `##[start-action]` markers: inside a composite action's inner step. */
  private actionDepth = 0;

  /** Feeds the next line; returns the name of its step (undefined before the first step). */
  push(line: LogLine): string | undefined {
    const job = line.job;
    if (line.step !== undefined && line.step !== UNKNOWN_STEP) {
      const cur = this.current;
      // Line numbers restart in each zip entry, so going back means a new entry even under the same name.
      if (cur === undefined || cur.name !== line.step || cur.job !== job || line.n <= cur.endLine) {
        this.start(line.step, job, line.n);
      }
    } else {
      if (job !== this.job) this.newJob(job);
      const name = this.stepStartedBy(line);
      if (name !== undefined) this.start(name, job, line.n);
    }
    // A leading blank line (or one that held only a BOM) does not end the job's start.
    if (line.text.length > 0) this.firstOfJob = false;
    this.job = job;
    const seg = this.current;
    if (seg === undefined) return undefined;
    seg.endLine = line.n;
    if (line.kind === 'error') {
      seg.failed = true;
      const m = line.text.charCodeAt(0) === 80 /* P */ ? EXIT_CODE.exec(line.text) : null;
      if (m) seg.exitCode = Number(m[1]);
    }
    return seg.name;
  }

  /** All steps, in order, with line ranges, exit codes and failed flags. */
  finish(): StepSegment[] {
    this.current = undefined;
    return this.segments.map((s) => ({
      ...s,
      failed: s.failed || (s.exitCode !== null && s.exitCode !== 0),
    }));
  }

  private newJob(job: string | undefined): void {
    this.current = undefined;
    this.job = job;
    this.firstOfJob = true;
    this.sawRunStep = false;
    this.actionDepth = 0;
  }

  /** The step this line opens, if it opens one. */
  private stepStartedBy(line: LogLine): string | undefined {
    const text = line.text;
    if (line.kind === 'group') {
      if (text.startsWith('Run ') || text.startsWith('Post Run ')) {
        if (this.actionDepth > 0) return undefined;
        this.sawRunStep = true;
        return text.trimEnd();
      }
      if (text === 'Checking docker version') {
        if (!this.sawRunStep) return 'Initialize containers';
        return this.current?.name === 'Stop containers' ? undefined : 'Stop containers';
      }
      if (this.firstOfJob && SETUP_GROUPS.has(text)) return 'Set up job';
      return undefined;
    }
    if (line.kind !== 'output') return undefined;
    if (this.firstOfJob && JOB_START.test(text)) return 'Set up job';
    const c0 = text.charCodeAt(0);
    if (c0 === 35 /* # */) {
      this.actionMarker(text);
    } else if (c0 === 80 /* P */) {
      if (text === 'Post job cleanup.') {
        this.actionDepth = 0;
        return 'Post job cleanup';
      }
      if (text.startsWith('Print service container logs: ')) return this.stopContainers();
    } else if (c0 === 83 /* S */) {
      if (text.startsWith('Stop and remove container: ')) return this.stopContainers();
    } else if (c0 === 69 /* E */) {
      if (text === 'Evaluate and set job outputs') {
        this.actionDepth = 0;
        return 'Complete job';
      }
    } else if (c0 === 67 /* C */) {
      if (text === 'Cleaning up orphan processes' && this.current?.name !== 'Complete job')
        return 'Complete job';
    }
    return undefined;
  }

  /** `##[start-action …]` / `##[end-action …;conclusion=failure;…]` around composite inner steps. */
  private actionMarker(text: string): void {
    if (text.startsWith('##[start-action ')) {
      this.actionDepth++;
    } else if (text.startsWith('##[end-action ')) {
      if (this.actionDepth > 0) this.actionDepth--;
      if (this.current && /;conclusion=failure[;\]]/.test(text)) this.current.failed = true;
    }
  }

  private stopContainers(): string | undefined {
    return this.current?.name === 'Stop containers' ? undefined : 'Stop containers';
  }

  private start(name: string, job: string | undefined, n: number): void {
    const seg: StepSegment = { name, job, startLine: n, endLine: n, exitCode: null, failed: false };
    this.segments.push(seg);
    this.current = seg;
  }
}
