/**
 * @module The answer when no signature matches: the failing step, its exit code, and the most
 * informative lines: rare error-like lines of the step (one-off messages), error-like lines near its end
 * (one per template), then the last lines before the exit. Never empty when the step printed anything.
 */
import { TemplateMiner } from '../mining/miner.ts';
import type { Category } from './categories.ts';
import { MAX_CONSEQUENCES_SHOWN, toEvidence, uniqueSorted } from './cite.ts';
import type { StepAcc } from './collect.ts';
import type { Cited, TailLine } from './tail-ring.ts';
import type { Cause, FailingStep } from './types.ts';

export const ERRORISH =
  /\b(?:error|errors|fail|failed|failure|fatal|denied|refused|exception|panic|cannot|can't|could not|couldn't|unable|not found|invalid|timed? ?out|killed|abort(?:ed)?|forbidden|unauthori[sz]ed|missing|no such|exceeded|cancell?ed|expired|rejected|conflict|not allowed|no longer valid|is empty|not supported|already exists)\b|\bERR!|[a-z](?:Error|Exception)\b|✘|⨯|✗|❌/i;
export const SUCCESSISH =
  /(?:✅|✓|✔|🎉|\b(?:passed|success(?:ful(?:ly)?)?|succeeded|healthy|connected|ok|done|complete[d]?)\b)/i;
/** Stack frames (JS, JVM, .NET, Python) say where, not what. */
const STACK_FRAME = /^\s*(?:at\s+\S|File "[^"]+", line \d+)/;
const PROGRESS =
  /^\s*(?:Updating|Downloading|Downloaded|Fetching|Installing|Resolving|Unpacking|Extracting|Pulling|Collecting)\b(?!.*\b(?:error|fail))/i;
const BUILDKIT_PREFIX = /^#\d+ [\d.]+ /;
const ENV_ECHO = /^\s+[A-Za-z_][\w-]*: |^\s*(?:with|env):\s*$|^shell: /;

/** What an exit code usually means, for the explanation. */
export function exitCodeMeaning(code: number | null): string | undefined {
  if (code === null) return undefined;
  if (code === 22)
    return 'exit code 22 is what `curl --fail` returns when the server answers with HTTP 400 or above';
  if (code === 126)
    return 'exit code 126: a command was found but could not be executed (permissions, wrong architecture)';
  if (code === 127) return 'exit code 127: a command was not found';
  if (code === 137) return 'exit code 137 = 128 + SIGKILL: usually the out-of-memory killer';
  if (code === 143)
    return 'exit code 143 = 128 + SIGTERM: the process was terminated (cancellation, timeout)';
  if (code > 128 && code < 160)
    return `exit code ${code} = 128 + signal ${code - 128}: the process was killed by a signal`;
  return undefined;
}

/** A category guessed from the step's name, for failures no signature explains. */
export function categoryFromStep(name: string | undefined, exitCode: number | null): Category {
  if (exitCode === 137) return 'other';
  const n = (name ?? '').toLowerCase();
  if (/\b(?:test|tests|spec|smoke|e2e|pytest|jest|vitest)\b/.test(n)) return 'test-failure';
  if (
    /\b(?:npm (?:ci|install)|yarn install|pnpm install|pip install|bundle install|dependencies|deps)\b/.test(
      n,
    )
  )
    return 'dependency-resolution';
  if (/\bsetup-|\bset up\b|\binstall (?:go|node|python|java|rust)\b/.test(n)) return 'toolchain-setup';
  if (/\b(?:build|compile|tsc|typecheck|make|lint)\b/.test(n)) return 'build-compile-error';
  return 'other';
}

/** Up to `max` lines worth reading, in log order. */
export function informativeLines(tail: readonly TailLine[], exclude: ReadonlySet<number>, max = 6): Cited[] {
  const usable = tail.filter(
    (l) =>
      !l.noise &&
      !l.header &&
      !exclude.has(l.n) &&
      l.kind !== 'group' &&
      l.kind !== 'endgroup' &&
      l.kind !== 'debug' &&
      l.kind !== 'notice' &&
      !l.msg.startsWith('::') &&
      !l.msg.startsWith('##[') &&
      l.msg.trim().length > 0 &&
      !ENV_ECHO.test(l.msg) &&
      !STACK_FRAME.test(l.msg),
  );
  const picked = new Map<number, Cited>();
  // Error-like lines near the end, one per template (a repeated error says nothing new).
  const miner = new TemplateMiner();
  const seenTemplate = new Set<string>();
  const errorish = usable.filter((l) => ERRORISH.test(l.msg) && !SUCCESSISH.test(l.msg));
  for (let i = errorish.length - 1; i >= 0 && picked.size < Math.ceil(max / 2); i--) {
    const l = errorish[i]!;
    const id = miner.add(l.msg, l.n);
    if (seenTemplate.has(id)) continue;
    seenTemplate.add(id);
    picked.set(l.n, l);
  }
  // The last lines before the exit: what the step was doing when it stopped.
  // The first line of the final burst of errors: in a cascade the first message is usually the root.
  if (errorish.length > 0) {
    const pos = new Map(usable.map((l, i) => [l.n, i]));
    let first = errorish.length - 1;
    while (first > 0 && pos.get(errorish[first]!.n)! - pos.get(errorish[first - 1]!.n)! <= 3) first--;
    const head = errorish[first]!;
    if (!picked.has(head.n)) picked.set(head.n, head);
  }
  // Progress chatter ("Downloading …", "Compiling …") says what was running, not what went wrong.
  const last = usable.filter(
    (l) =>
      l.kind !== 'command' && !SUCCESSISH.test(l.msg) && !PROGRESS.test(l.msg.replace(BUILDKIT_PREFIX, '')),
  );
  for (let i = last.length - 1; i >= 0 && picked.size < max && i >= last.length - 3; i--)
    picked.set(last[i]!.n, last[i]!);
  return [...picked.values()].sort((a, b) => a.n - b.n).map(({ n, text, step }) => ({ n, text, step }));
}

/** The unknown-failure cause for the step `steps[index]`: its exit code and its most informative lines. */
export function fallbackCause(
  steps: readonly StepAcc[],
  index: number,
  failingStep: FailingStep | null,
  looseConsequences: Cited[],
  summaries: Cited[] = [],
): Cause | undefined {
  const step = steps[index]!;
  const exitLine = step.exitLine;
  const exclude = new Set(looseConsequences.map((l) => l.n));
  if (exitLine) exclude.add(exitLine.n);
  const tailLines = informativeLines(step.tail?.toLines(index) ?? [], exclude);
  // Rare error-like lines from earlier in the step (one-off messages the tail no longer holds).
  const inTail = new Set(tailLines.map((l) => l.n));
  const rare = [...(step.rare?.values() ?? [])]
    .filter((r) => r.count <= 2 && !inTail.has(r.cited.n) && !exclude.has(r.cited.n))
    .sort((a, b) => a.count - b.count || b.cited.n - a.cited.n)
    .slice(0, 2)
    .map((r) => r.cited);
  const lines = uniqueSorted([...summaries, ...rare, ...tailLines]);
  if (lines.length === 0 && !exitLine) return undefined;
  const meaning = exitCodeMeaning(step.exitCode);
  const where = failingStep ? `step "${failingStep.name}"` : 'the log';
  return {
    signature: 'unknown-failure',
    category: categoryFromStep(failingStep?.name ?? step.name, step.exitCode),
    title: `No known failure signature matched; the last informative lines of ${where}`,
    explanation: [
      `No entry of the knowledge base matched.${step.exitCode !== null ? ` The step exited with code ${step.exitCode}.` : ''}`,
      meaning ? `Note: ${meaning}.` : '',
      'The evidence lists the error-like lines and the last lines the step printed before it stopped.',
    ]
      .filter(Boolean)
      .join(' '),
    remedy:
      'Read the cited lines; run the failing command locally with the same inputs to see its full error.',
    evidence: toEvidence(exitLine ? [...lines, exitLine] : lines, steps),
    consequences: toEvidence(looseConsequences, steps).slice(0, MAX_CONSEQUENCES_SHOWN),
    confidence: 'low',
    ...(step.name ? { step: step.name } : {}),
  };
}
