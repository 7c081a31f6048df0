/**
 * @module Turns the collected state into a Diagnosis: ranks and merges causes, moves consequences
 * under the cause they follow from, picks the failing step, decides the verdict, and falls back to
 * the most informative lines when no signature matched.
 */
import type { LogFormat, ReadStats } from '../model.ts';
import type { Category } from './categories.ts';
import {
  type CauseAcc,
  type Cited,
  type DiagnosisCollector,
  fill,
  type StepAcc,
  stepLooksFailed,
} from './collect.ts';
import { MAX_CONSEQUENCES_SHOWN, toEvidence, uniqueSorted } from './cite.ts';
import { fallbackCause } from './fallback.ts';
import { inferName } from './infer-step.ts';
import type { Cause, Diagnosis, FailingStep } from './types.ts';

/** Generic causes within this many lines of a specific one are the same incident. */
const NEAR = 6;
const MAX_NOISE_GROUPS = 15;

interface Candidate {
  acc: CauseAcc;
  evidence: Cited[];
  consequences: Cited[];
  order: number;
}

function candidates(c: DiagnosisCollector): Candidate[] {
  let order = 0;
  const list: Candidate[] = [...c.causes.values()].map((acc) => {
    const all = [...acc.first, ...acc.last];
    const own = all.filter((l) => !l.wrapper);
    // A wrapper line that repeats the cause is a consequence when the cause also stands on its own.
    const evidence = own.length > 0 ? own : all;
    const consequences = own.length > 0 ? all.filter((l) => l.wrapper) : [];
    return { acc, evidence, consequences, order: order++ };
  });
  // A signature that only follows from another one present (already_exists after a network reset).
  const present = (x: Candidate, key: string) => x.acc.sig.category === key || x.acc.sig.id === key;
  for (const x of [...list]) {
    const of = x.acc.sig.consequenceOf;
    if (of.length === 0) continue;
    const parent = list.find((y) => y !== x && of.some((k) => present(y, k)));
    if (parent) {
      parent.consequences.push(...x.evidence, ...x.consequences);
      list.splice(list.indexOf(x), 1);
    }
  }
  return list;
}

function stronger(a: Candidate, b: Candidate): number {
  return (
    b.acc.sig.priority - a.acc.sig.priority || b.acc.specificity - a.acc.specificity || a.order - b.order
  );
}

/** Drops candidates that claim no line a stronger one does not already claim. */
function dedupe(list: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const x of [...list].sort(stronger)) {
    const lines = new Set(x.evidence.map((l) => l.n));
    const covered = kept.some((k) => {
      const kl = new Set(k.evidence.map((l) => l.n));
      return [...lines].every((n) => kl.has(n));
    });
    if (!covered) kept.push(x);
  }
  return kept;
}

function near(a: Cited[], b: Cited[]): boolean {
  return a.some((x) => b.some((y) => x.step === y.step && Math.abs(x.n - y.n) <= NEAR));
}

/** One line: the signature's title and the first sentence of its explanation. */
function noiseReason(title: string, explanation: string | undefined): string {
  const first = explanation?.trim().match(/^.+?\.(?=\s|$)/)?.[0] ?? explanation?.trim();
  return first ? `${first}` : title;
}

/** What the read itself says about the input (cut, over-long lines, invalid UTF-8). */
export function readNotes(stats: ReadStats): string[] {
  const notes: string[] = [];
  if (stats.endsMidLine) notes.push('The last line has no line end: the file may have been cut.');
  if (stats.truncatedLines > 0)
    notes.push(`${stats.truncatedLines} over-long line(s) were cut at the reader's length cap.`);
  if (stats.invalidUtf8) notes.push('The file is not valid UTF-8 everywhere; invalid bytes were replaced.');
  return notes;
}

export function assemble(c: DiagnosisCollector, format: LogFormat, stats?: ReadStats): Diagnosis {
  const notes: string[] = [];
  const steps = c.steps;
  const named = steps.some((s) => s.name !== undefined);
  const failedSteps = new Set(steps.filter(stepLooksFailed).map((s) => steps.indexOf(s)));

  // Rank: priority, then inside a failed step, then earliest.
  let list = dedupe(candidates(c));
  const inFailed = (x: Candidate) => x.evidence.some((l) => failedSteps.has(l.step));
  const onlyWarnings = (x: Candidate) => x.evidence.every((l) => l.warning);
  // A cause in a step that failed comes before anything in steps that succeeded (their errors did not
  // fail the job), a cause seen only in warnings (the tool went on) after one seen in errors or output,
  // then the more specific signature, then the earlier line.
  list.sort(
    (a, b) =>
      Number(inFailed(b)) - Number(inFailed(a)) ||
      Number(onlyWarnings(a)) - Number(onlyWarnings(b)) ||
      b.acc.sig.priority - a.acc.sig.priority ||
      a.evidence[0]!.n - b.evidence[0]!.n ||
      stronger(a, b),
  );
  // Generic matches next to a specific cause are part of its evidence (an HTTP status beside the message).
  const merged: Candidate[] = [];
  for (const x of list) {
    const host =
      x.acc.sig.priority === 1
        ? merged.find((m) => m.acc.sig.priority > 1 && near(m.evidence, x.evidence))
        : undefined;
    if (host) {
      host.evidence = uniqueSorted([...host.evidence, ...x.evidence]);
      host.consequences.push(...x.consequences);
    } else merged.push(x);
  }
  list = merged;

  // Consequences go under the nearest cause before them (else the first cause).
  const looseConsequences: Cited[] = [];
  // A tool's own final error summary (goreleaser "release failed … error=…") is the best evidence
  // there is when no signature explains the failure.
  const summaries: Cited[] = [];
  for (const q of c.consequences) {
    const before = list
      .filter((x) => x.evidence[0]!.n <= q.cited.n && (!named || x.evidence[0]!.step === q.cited.step))
      .sort((a, b) => b.evidence[0]!.n - a.evidence[0]!.n)[0];
    const host = before ?? list[0];
    if (host) host.consequences.push(q.cited);
    else if (q.sig?.citeWhenUnexplained) summaries.push(q.cited);
    else looseConsequences.push(q.cited);
  }

  // The failing step.
  const top = list[0];
  const fatalSteps = new Set(
    list.filter((x) => x.acc.sig.fatal).flatMap((x) => x.evidence.map((l) => l.step)),
  );
  const failedIdx = [...new Set([...failedSteps, ...fatalSteps])].sort((a, b) => a - b);
  let stepIdx: number | undefined;
  if (top) stepIdx = failedIdx.find((i) => top.evidence.some((l) => l.step === i));
  stepIdx ??= failedIdx[0] ?? top?.evidence[0]?.step;
  const step: StepAcc | undefined = stepIdx === undefined ? undefined : steps[stepIdx];
  let failingStep: FailingStep | null = null;
  if (step && step.name !== undefined) {
    failingStep = {
      name: step.name,
      exitCode: step.exitCode,
      startLine: step.startLine,
      endLine: step.endLine,
    };
    if (step.job !== undefined) failingStep.job = step.job;
  } else if (step && !(top && top.acc.sig.scope === 'job')) {
    const name = inferName(c, list);
    if (name) {
      failingStep = {
        name,
        exitCode: step.exitCode,
        startLine: step.startLine,
        endLine: step.endLine,
        inferred: true,
      };
      notes.push(`The log has no step markers; the failing step "${name}" was inferred from its content.`);
    }
  }
  if (top && top.acc.sig.scope === 'job' && !failingStep) {
    notes.push('This failure belongs to the whole job (runner or time limit), not to one step.');
  }

  // The step's exit line is evidence that it failed (and of its exit code).
  if (top && step?.exitLine && (step.exitCode ?? 0) !== 0) {
    const exitLine = step.exitLine;
    if (!named || top.evidence.some((l) => l.step === stepIdx))
      top.evidence = uniqueSorted([...top.evidence, exitLine]);
  }

  // Verdict.
  const fatal = list.some((x) => x.acc.sig.fatal) || c.consequences.some((q) => q.sig?.fatal);
  const failed =
    failedIdx.length > 0 ||
    fatal ||
    c.failureMarker !== undefined ||
    (c.otherExit !== undefined && c.otherExit.code !== 0);
  const completed = c.successMarker || (named && steps.some((s) => s.name === 'Complete job'));
  const verdict: Diagnosis['verdict'] = failed ? 'failed' : completed ? 'succeeded' : 'unknown';

  const causes: Cause[] = list.map((x) => {
    const s = x.acc.sig;
    const cause: Cause = {
      signature: s.id,
      category: s.category,
      title: fill(s.title, x.acc.groups).trim(),
      remedy: fill(s.remedy, x.acc.groups).trim(),
      evidence: toEvidence(x.evidence, steps),
      consequences: toEvidence(x.consequences, steps).slice(0, MAX_CONSEQUENCES_SHOWN),
      confidence: s.confidence ?? (s.priority === 1 ? 'low' : 'high'),
      matchedLines: x.acc.count,
    };
    if (s.explanation) cause.explanation = fill(s.explanation, x.acc.groups).trim();
    const stepName = steps[x.evidence[0]!.step]?.name;
    if (stepName) cause.step = stepName;
    return cause;
  });

  // Nothing matched (or nothing in the failing step): still say where it broke and show the lines
  // worth reading. Causes found in other steps stay listed after it.
  const fallbackStep = step ?? [...steps].reverse().find((s) => s.tail !== undefined);
  const failingStepUnexplained =
    named &&
    step?.name !== undefined &&
    verdict === 'failed' &&
    !list.some((x) => x.evidence.some((l) => l.step === stepIdx));
  // A log that does not say how the job ended but shows error-like lines: cite them, say so.
  const unexplainedErrors =
    verdict === 'unknown' && causes.length === 0 && (fallbackStep?.rare?.size ?? 0) > 0;
  if (
    fallbackStep &&
    ((causes.length === 0 &&
      (verdict === 'failed' || looseConsequences.length > 0 || summaries.length > 0)) ||
      failingStepUnexplained ||
      unexplainedErrors)
  ) {
    const fallback = fallbackCause(
      steps,
      steps.indexOf(fallbackStep),
      failingStep,
      looseConsequences,
      summaries,
    );
    if (fallback) {
      if (verdict === 'unknown') {
        fallback.title = 'No known failure signature matched; the error-like lines the log shows';
        fallback.explanation =
          'No entry of the knowledge base matched, and the log does not say how the job ended. The evidence lists its error-like lines; they may or may not be why the job failed.';
      }
      causes.unshift(fallback);
      // The step the evidence is in: its name, or for a log without step markers what it says.
      if (!failingStep && fallbackStep.name !== undefined) {
        failingStep = {
          name: fallbackStep.name,
          exitCode: fallbackStep.exitCode,
          startLine: fallbackStep.startLine,
          endLine: fallbackStep.endLine,
        };
        if (fallbackStep.job !== undefined) failingStep.job = fallbackStep.job;
      } else if (!failingStep && !named) {
        const name = inferName(c, list);
        if (name) {
          failingStep = {
            name,
            exitCode: fallbackStep.exitCode,
            startLine: fallbackStep.startLine,
            endLine: fallbackStep.endLine,
            inferred: true,
          };
          notes.push(
            `The log has no step markers; the failing step "${name}" was inferred from its content.`,
          );
        }
      }
    }
  }

  // Noise. A collector sees one job (diagnose.ts starts a new one per job), so its noise is in that job.
  const job = steps.find((s) => s.job !== undefined)?.job;
  const noise = c
    .noiseGroups()
    .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine)
    .slice(0, MAX_NOISE_GROUPS)
    .map((g) => ({
      template: g.template,
      count: g.count,
      firstLine: g.firstLine,
      reason: noiseReason(g.sig.title, g.sig.explanation),
      signature: g.sig.id,
      category: g.sig.category,
      example: g.example,
      ...(job !== undefined ? { job } : {}),
    }));

  const category: Category | null =
    causes[0]?.category ?? noise.find((n) => n.category !== 'other')?.category ?? noise[0]?.category ?? null;

  if (c.lines === 0) notes.push('The log is empty: there is nothing to diagnose.');
  else if (verdict === 'unknown')
    notes.push(
      'The log shows no job result (no exit code, no runner annotation): it may be an excerpt, so the verdict cannot be told.',
    );
  if (stats) notes.push(...readNotes(stats));

  // A job that succeeded has no failing step; problems found in it name their own step.
  if (verdict === 'succeeded' && failingStep) {
    failingStep = null;
    const i = notes.findIndex((n) => n.startsWith('The log has no step markers; the failing step'));
    if (i >= 0) notes.splice(i, 1);
  }
  const diagnosis: Diagnosis = {
    verdict,
    failingStep,
    causes,
    noise,
    category,
    log: { format, lines: c.lines },
  };
  if (notes.length > 0) diagnosis.notes = notes;
  return diagnosis;
}
