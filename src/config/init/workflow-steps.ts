/**
 * @module Reads workflow files just enough for `init`: each job's id, display name, `if:` and its
 * steps (`uses`, `with`, `run`) with line numbers. Never throws on bad YAML: returns a note instead.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from 'yaml';

export interface WorkflowStep {
  uses?: string;
  run?: string;
  with: Record<string, string>;
  /** 1-based line of the step in its file. */
  line: number;
}

export interface WorkflowJob {
  file: string;
  id: string;
  /** The job's `name:` when it is a plain string (the API reports it), else the id. */
  displayName: string;
  /** `if:` as written. */
  if?: string;
  steps: WorkflowStep[];
  line: number;
}

function str(node: unknown): string | undefined {
  if (isScalar(node)) return node.value === null || node.value === undefined ? undefined : String(node.value);
  return undefined;
}

export function readWorkflowJobs(file: string, text: string): { jobs: WorkflowJob[]; note?: string } {
  if (text.includes('\0'))
    return { jobs: [], note: `${file}: looks binary (NUL bytes); not a workflow file` };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    // The parser's message ends with " at line L, column C:" before a code frame; say the place as file:L:C.
    const where = error.linePos ? `${file}:${error.linePos[0].line}:${error.linePos[0].col}` : file;
    let what = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    // The parser may quote the offending token whole; a note stays one readable line.
    if (what.length > 120) what = `${what.slice(0, 119)}…`;
    return { jobs: [], note: `${where}: not valid YAML (${what})` };
  }
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 0;
  const jobsNode = doc.get('jobs');
  if (!isMap(jobsNode)) return { jobs: [] };
  const jobs: WorkflowJob[] = [];
  for (const pair of jobsNode.items) {
    const id = str(pair.key);
    if (!id || !isMap(pair.value)) continue;
    const jobMap = pair.value as YAMLMap;
    const name = str(jobMap.get('name', true));
    const cond = jobMap.get('if', true);
    const job: WorkflowJob = {
      file,
      id,
      displayName: name && !name.includes('${{') ? name : id,
      steps: [],
      line: lineOf(pair.key as { range?: [number, number, number] }),
    };
    const condText = str(cond) ?? (typeof cond === 'boolean' ? String(cond) : undefined);
    if (condText !== undefined) job.if = condText;
    const steps = jobMap.get('steps', true);
    if (isSeq(steps)) {
      for (const item of steps.items) {
        if (!isMap(item)) continue;
        const withNode = item.get('with', true);
        const withs: Record<string, string> = {};
        if (isMap(withNode)) {
          for (const w of withNode.items) {
            const k = str(w.key);
            const v = str(w.value);
            if (k && v !== undefined) withs[k] = v;
          }
        }
        const step: WorkflowStep = {
          with: withs,
          line: lineOf(item as { range?: [number, number, number] }),
        };
        const uses = str(item.get('uses', true));
        const run = str(item.get('run', true));
        if (uses) step.uses = uses;
        if (run) step.run = run;
        job.steps.push(step);
      }
    }
    jobs.push(job);
  }
  return { jobs };
}
