/**
 * @module The single streaming pass of `why`: every line is matched once against the knowledge base
 * and folded into bounded state (per-signature evidence, per-step facts and tails, noise groups), so
 * memory stays flat whatever the log size. assemble.ts turns the state into a Diagnosis.
 */
import { TemplateMiner } from '../mining/miner.ts';
import type { LogLine } from '../model.ts';
import { StepSegmenter } from '../read/segment-steps.ts';
import type { KnowledgeBase, LoadedSignature } from '../signatures/load.ts';
import { type SignatureHit, SignatureMatcher } from '../signatures/matcher.ts';
import { detach, evidenceText } from './evidence-text.ts';
import { ERRORISH, SUCCESSISH } from './fallback.ts';
import { type Cited, TailRing } from './tail-ring.ts';

export type { Cited, TailLine } from './tail-ring.ts';

/** Everything one cause signature matched. */
export interface CauseAcc {
  sig: LoadedSignature;
  groups: Record<string, string>;
  /** First lines matched (≤ FIRST). */
  first: Cited[];
  /** Last lines matched after `first` filled (≤ LAST, oldest dropped). */
  last: Cited[];
  count: number;
  /** Length of the longest pattern that matched: a longer pattern is a more specific claim. */
  specificity: number;
}

export interface ConsequenceAcc {
  cited: Cited;
  sig: LoadedSignature | undefined;
  /** Why it is a consequence, for signature-less ones (repeated annotation). */
  reason?: string;
}

export interface StepAcc {
  /** Step name from the segmenter; undefined for lines before the first step (or a log without steps). */
  name: string | undefined;
  job: string | undefined;
  startLine: number;
  endLine: number;
  exitCode: number | null;
  exitLine: Cited | undefined;
  /** `##[error]` lines that are not noise. */
  errors: number;
  /** Last lines of the step (kept for the first failed steps and the current one). */
  tail: TailRing | undefined;
  /** Error-like lines of the step by shape (digits masked), with how often each shape occurred. */
  rare: Map<string, { count: number; cited: Cited }> | undefined;
}

export interface NoiseAcc {
  sig: LoadedSignature;
  count: number;
  firstLine: number;
  example: string;
}

export interface StepHint {
  name: string;
  n: number;
  /** 1: a wrapper or script header naming the command exactly; 2: a tool's banner (weaker than a cause's tool). */
  tier?: 1 | 2;
}

const NO_HITS: SignatureHit[] = [];
const FIRST = 8;
const MAX_HINTS = 50;
/** Distinct error-like line shapes remembered per step (for rare lines in the fallback). */
const MAX_RARE = 64;
/** Failed steps whose tails are kept for the unknown-failure fallback (the first ones). */
const KEEP_FAILED_TAILS = 3;
const LAST = 6;
const TAIL = 40;
const MAX_CONSEQUENCES = 200;
const RECENT = 300;

const EXIT_LINE = /^(?:Error: )?Process completed with exit code (\d+)\.?\s*$/;
const OTHER_CI_EXIT = [
  /^script returned exit code (\d+)/,
  /^ERROR: Job failed: exit code (\d+)/,
  /(?:Bash|PowerShell|Script|cmd\.exe) (?:exited|failed) with (?:exit )?code:? '?(\d+)'?/,
];
const FAILURE_MARKER = /^(?:Finished: FAILURE|ERROR: Job failed\b|##\[error\])/;
const COMPOSITE_FAILURE = /;conclusion=failure[;\]]/;
const SUCCESS_MARKER = /^(?:Job succeeded|Finished: SUCCESS)\s*$/;
const SHELL_TRACE = /^\+ (?<cmd>[a-z][\w.-]*)(?: (?<sub>[a-z][\w-]*))?/;
const COMMAND_ECHO = /^(?:\[command\])?\/\S*\/(?<bin>[a-z][\w.-]*) (?<sub>[a-z][\w-]*)/;
const BUILDKIT = /^#\d+ (?:\[|ERROR|DONE|CACHED|\d+\.\d+ )/;
/** An action repeating an earlier line as its failure annotation: `buildx failed with: <line>`. */
const ANNOTATION_REPEAT = /^(?:.{0,80}? failed with: )?(?<rest>.+)$/;

/** Sentence punctuation at the end of a capture: patterns often run to the end of the log line
 *  (`denied to jane.`), and the period belongs to the log's sentence, not to the name. */
const TRAILING_PUNCTUATION = /(?<=[^.,;:!?])[.,;:!?]+$/;

/** Fills `{group}` / `{group|fallback}` placeholders from named capture groups (captures without the
 *  sentence punctuation they ended with; a capture that is only punctuation, like the path `.`, stays). */
export function fill(template: string, groups: Record<string, string>): string {
  return template.replace(/\{(\w+)(?:\|([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
    const v = groups[name]?.trimEnd().replace(TRAILING_PUNCTUATION, '');
    return v !== undefined && v !== '' ? v : (fallback ?? '');
  });
}

/** BuildKit prefixes each line of a RUN step with `#<step> <seconds> `; signatures are written for the
 *  tool's own line (`error[E0432]: …` anchored at the start), so they see it without the prefix. */
const BUILDKIT_LINE = /^#\d+ \d+\.\d+ /;
function matchText(msg: string): string {
  if (msg.charCodeAt(0) !== 35 /* # */) return msg;
  const m = BUILDKIT_LINE.exec(msg);
  return m ? msg.slice(m[0].length) : msg;
}

export class DiagnosisCollector {
  readonly #matcher: SignatureMatcher;
  readonly #segmenter = new StepSegmenter();
  // No examples kept: they would be slices pinning the reader's chunks; each group keeps its own copy.
  readonly #noiseMiner = new TemplateMiner({ maxExamples: 0 });
  readonly steps: StepAcc[] = [];
  readonly causes = new Map<string, CauseAcc>();
  readonly consequences: ConsequenceAcc[] = [];
  /** Noise by `signature id + template id` (ids resolved at the end). */
  readonly noise = new Map<string, NoiseAcc & { sigId: string; templateId: string }>();
  readonly consequenceHints: StepHint[] = [];
  lines = 0;
  firstLine = 0;
  lastLine = 0;
  buildkit = false;
  successMarker = false;
  failureMarker: Cited | undefined;
  otherExit: { cited: Cited; code: number } | undefined;
  lastShellTrace: StepHint | undefined;
  lastCommandEcho: StepHint | undefined;
  #cur: StepAcc | undefined;
  #prevN = 0;
  #lastStepRaw: string | undefined;
  #keptTails = 0;
  #inHeader = false;
  #sawEndgroup = false;
  #recent: string[] = [];
  #recentAt = 0;

  constructor(kb: KnowledgeBase) {
    this.#matcher = new SignatureMatcher(kb);
  }

  push(line: LogLine): void {
    this.lines++;
    if (this.firstLine === 0) this.firstLine = line.n;
    this.lastLine = line.n;
    // The segmenter keeps step names: give it detached copies so they do not pin the reader's chunks.
    let segLine = line;
    if (line.kind === 'group' || (line.step !== undefined && line.step !== this.#lastStepRaw)) {
      this.#lastStepRaw = line.step;
      segLine = {
        ...line,
        text: detach(line.text),
        step: line.step === undefined ? undefined : detach(line.step),
        job: line.job === undefined ? undefined : detach(line.job),
      };
    }
    const stepName = this.#segmenter.push(segLine);
    const step = this.#stepFor(line, stepName);
    const stepIdx = this.steps.length - 1;
    step.endLine = line.n;
    this.#prevN = line.n;

    const msg = line.text;
    const hits = msg.length > 1 ? this.#matcher.match(matchText(msg)) : NO_HITS;
    const noise = hits.length === 1 && hits[0]!.signature.role === 'noise' ? hits[0]!.signature : undefined;
    // The runner echoes each step's script, `with:` and `env:` inside its `##[group]Run …` header.
    if (
      line.kind === 'group' &&
      (msg.startsWith('Run ') || (stepName !== undefined && msg.trimEnd() === stepName))
    )
      this.#inHeader = true;
    else if (line.kind === 'endgroup') {
      this.#inHeader = false;
      this.#sawEndgroup = true;
    } else if (this.#inHeader && !this.#sawEndgroup && !/^\s|^(?:with|env|shell):/.test(msg)) {
      // Text copied from the web page has no `##[endgroup]`: the header is its indented block.
      this.#inHeader = false;
    }
    step.tail?.push(line, noise !== undefined, this.#inHeader);

    if (noise) {
      this.#addNoise(noise, msg, line);
      return;
    }

    let wrapper: LoadedSignature | undefined;
    let wrapperGroups: Record<string, string> = {};
    for (const h of hits) {
      if (h.signature.role === 'context' && h.signature.step && this.consequenceHints.length < MAX_HINTS) {
        // Only names what the step ran (an npm script header); never cited.
        const tier = h.signature.priority >= 3 ? 1 : 2;
        this.consequenceHints.push({ name: fill(h.signature.step, h.groups), n: line.n, tier });
      } else if (h.signature.role === 'consequence' && !wrapper) {
        wrapper = h.signature;
        wrapperGroups = h.groups;
      }
    }
    const isError = line.kind === 'error';
    const explained = hits.some((h) => h.signature.role === 'cause' || h.signature.role === 'consequence');
    if (
      !explained &&
      !this.#inHeader &&
      step.rare !== undefined &&
      ERRORISH.test(msg) &&
      !SUCCESSISH.test(msg)
    ) {
      this.#noteRare(step.rare, msg, line, stepIdx);
    }
    if (hits.length > 0 || isError || this.#markerCandidate(msg)) {
      const cited: Cited = { n: line.n, text: evidenceText(line), step: stepIdx };
      if (line.kind === 'warning' || msg.startsWith('Warning: ')) cited.warning = true;
      this.#markers(line, msg, cited, step);
      if (wrapper?.step && this.consequenceHints.length < MAX_HINTS) {
        this.consequenceHints.push({ name: fill(wrapper.step, wrapperGroups), n: line.n, tier: 1 });
      }
      let isCause = false;
      for (const h of hits) {
        if (h.signature.role !== 'cause') continue;
        isCause = true;
        this.#addCause(
          h.signature,
          h.groups,
          h.specificity,
          wrapper && !wrapper.summary ? { ...cited, wrapper: true } : cited,
        );
      }
      if (!isCause && wrapper) this.#addConsequence({ cited, sig: wrapper });
      else if (!isCause && isError && !EXIT_LINE.test(msg) && this.#repeatsEarlierLine(msg)) {
        this.#addConsequence({
          cited,
          sig: undefined,
          reason: 'repeats an earlier line as an error annotation',
        });
      }
      if (isError && !EXIT_LINE.test(msg)) step.errors++;
    }
    this.#remember(msg);
  }

  #noteRare(rare: NonNullable<StepAcc['rare']>, msg: string, line: LogLine, stepIdx: number): void {
    const key = msg.length > 200 ? msg.slice(0, 200).replace(/\d+/g, '#') : msg.replace(/\d+/g, '#');
    const seen = rare.get(key);
    if (seen) seen.count++;
    // Kept keys are detached: a slice of the line would pin the reader's whole chunk.
    else if (rare.size < MAX_RARE)
      rare.set(detach(key), { count: 1, cited: { n: line.n, text: evidenceText(line), step: stepIdx } });
  }

  /** Cheap first-character test for the CI markers #markers looks for. */
  #markerCandidate(msg: string): boolean {
    const c0 = msg.charCodeAt(0);
    // E(rror:/RROR), P(rocess), s(cript), F(inished), J(ob), #, +, /, [ and Bash/PowerShell/Script exits
    return (
      c0 === 69 ||
      c0 === 80 ||
      c0 === 115 ||
      c0 === 70 ||
      c0 === 74 ||
      c0 === 35 ||
      c0 === 43 ||
      c0 === 47 ||
      c0 === 91 ||
      (c0 >= 65 && c0 <= 90 && msg.includes(' exited with'))
    );
  }

  /** Noise groups with their final templates. */
  noiseGroups(): (NoiseAcc & { template: string })[] {
    const templates = new Map(this.#noiseMiner.templates().map((t) => [t.id, t.template]));
    const merged = new Map<string, NoiseAcc & { template: string }>();
    for (const g of this.noise.values()) {
      const id = this.#noiseMiner.resolve(g.templateId);
      const key = `${g.sigId}\u0001${id}`;
      const prev = merged.get(key);
      if (prev) {
        prev.count += g.count;
        if (g.firstLine < prev.firstLine) {
          prev.firstLine = g.firstLine;
          prev.example = g.example;
        }
      } else {
        merged.set(key, {
          sig: g.sig,
          count: g.count,
          firstLine: g.firstLine,
          example: g.example,
          template: templates.get(id) ?? g.example,
        });
      }
    }
    return [...merged.values()];
  }

  #stepFor(line: LogLine, name: string | undefined): StepAcc {
    const cur = this.#cur;
    const restart = cur !== undefined && line.n <= this.#prevN;
    const sameNameHeader =
      cur !== undefined &&
      line.kind === 'group' &&
      name !== undefined &&
      line.text.trimEnd() === name &&
      cur.startLine !== line.n;
    if (cur === undefined || cur.name !== name || cur.job !== line.job || restart || sameNameHeader) {
      if (cur) {
        if (stepLooksFailed(cur) && this.#keptTails < KEEP_FAILED_TAILS) this.#keptTails++;
        else {
          cur.tail = undefined;
          cur.rare = undefined;
        }
      }
      const next: StepAcc = {
        name,
        // Detached: a `--log-failed` prefix is a slice of the reader's chunk.
        job: line.job === undefined ? undefined : detach(line.job),
        startLine: line.n,
        endLine: line.n,
        exitCode: null,
        exitLine: undefined,
        errors: 0,
        tail: new TailRing(TAIL),
        rare: new Map(),
      };
      this.steps.push(next);
      this.#cur = next;
      this.#recent = [];
      this.#inHeader = false;
      return next;
    }
    return cur;
  }

  #markers(line: LogLine, msg: string, cited: Cited, step: StepAcc): void {
    const exit = msg.charCodeAt(0) === 80 || msg.charCodeAt(0) === 69 ? EXIT_LINE.exec(msg) : null;
    if (exit) {
      step.exitCode = Number(exit[1]);
      step.exitLine = cited;
      return;
    }
    for (const re of OTHER_CI_EXIT) {
      const m = re.exec(msg);
      if (m) {
        const code = Number(m[1]);
        this.otherExit = { cited, code };
        if (step.exitCode === null || code !== 0) {
          step.exitCode = code;
          step.exitLine = cited;
        }
        return;
      }
    }
    if (line.kind === 'error' || FAILURE_MARKER.test(msg)) {
      if (!this.failureMarker && line.kind !== 'error') this.failureMarker = cited;
    }
    if (SUCCESS_MARKER.test(msg)) this.successMarker = true;
    // A composite action's inner step that failed fails the outer step (recent runners mark it).
    if (msg.startsWith('##[end-action ') && COMPOSITE_FAILURE.test(msg)) step.errors++;
    if (!this.buildkit && BUILDKIT.test(msg)) this.buildkit = true;
    const c0 = msg.charCodeAt(0);
    if (c0 === 43 /* + */) {
      const m = SHELL_TRACE.exec(msg);
      if (m?.groups)
        this.lastShellTrace = { name: [m.groups.cmd, m.groups.sub].filter(Boolean).join(' '), n: line.n };
    } else if (c0 === 47 /* / */ || line.kind === 'command') {
      const m = COMMAND_ECHO.exec(msg);
      if (m?.groups) this.lastCommandEcho = { name: `${m.groups.bin} ${m.groups.sub}`, n: line.n };
    }
  }

  #addCause(sig: LoadedSignature, groups: Record<string, string>, specificity: number, cited: Cited): void {
    let acc = this.causes.get(sig.id);
    if (!acc) {
      acc = { sig, groups, first: [], last: [], count: 0, specificity };
      this.causes.set(sig.id, acc);
    }
    acc.count++;
    if (specificity > acc.specificity) acc.specificity = specificity;
    for (const [k, v] of Object.entries(groups)) if (v && !acc.groups[k]) acc.groups[k] = v;
    if (acc.first.length < FIRST) acc.first.push(cited);
    else {
      acc.last.push(cited);
      if (acc.last.length > LAST) acc.last.shift();
    }
  }

  #addConsequence(c: ConsequenceAcc): void {
    if (this.consequences.length < MAX_CONSEQUENCES) this.consequences.push(c);
  }

  #addNoise(sig: LoadedSignature, msg: string, line: LogLine): void {
    const templateId = this.#noiseMiner.add(msg, line.n);
    const key = `${sig.id}\u0001${templateId}`;
    const g = this.noise.get(key);
    if (g) g.count++;
    else {
      this.noise.set(key, {
        sig,
        sigId: sig.id,
        templateId,
        count: 1,
        firstLine: line.n,
        example: evidenceText(line),
      });
    }
  }

  #remember(msg: string): void {
    if (this.#recent.length < RECENT) this.#recent.push(msg);
    else {
      this.#recent[this.#recentAt] = msg;
      this.#recentAt = (this.#recentAt + 1) % RECENT;
    }
  }

  #repeatsEarlierLine(msg: string): boolean {
    const rest = ANNOTATION_REPEAT.exec(msg)?.groups?.rest?.trim();
    if (!rest) return false;
    return this.#recent.some((r) => r.trim().length > 0 && (r.trim() === rest || r.trim() === msg.trim()));
  }
}

/** A step shows it failed: non-zero exit code or an `##[error]` line that is not noise. */
export function stepLooksFailed(s: StepAcc): boolean {
  return (s.exitCode !== null && s.exitCode !== 0) || s.errors > 0;
}
