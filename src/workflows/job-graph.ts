/**
 * @module The `needs` graph of a workflow as small pure functions over `{ id, needs }` nodes.
 * Unknown needs are ignored by the traversals (they are reported by `unknownNeeds`).
 */

/** The part of a job the graph needs. */
export interface JobNode {
  /** The job's YAML key. */
  id: string;
  /** Ids of the jobs it needs. */
  needs: readonly string[];
}

/** A `needs` entry that names no job of the workflow. */
export interface UnknownNeed {
  /** The job that has the entry. */
  job: string;
  /** The id it names. */
  need: string;
}

/** Job id → ids of the jobs that need it directly, in file order. */
export function dependentsOf(jobs: readonly JobNode[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>(jobs.map((job) => [job.id, []]));
  for (const job of jobs) {
    for (const need of new Set(job.needs)) dependents.get(need)?.push(job.id);
  }
  return dependents;
}

/** Every `needs` entry that names no job. */
export function unknownNeeds(jobs: readonly JobNode[]): UnknownNeed[] {
  const ids = new Set(jobs.map((job) => job.id));
  return jobs.flatMap((job) =>
    job.needs.filter((need) => !ids.has(need)).map((need) => ({ job: job.id, need })),
  );
}

/**
 * Cycles of the needs graph: each strongly connected component with more than one job, or a job
 * that needs itself, as ids in file order. Found with Tarjan's algorithm (iterative, no recursion limit).
 */
export function findCycles(jobs: readonly JobNode[]): string[][] {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const order = new Map(jobs.map((job, index) => [job.id, index]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const root of jobs) {
    if (index.has(root.id)) continue;
    const work: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    index.set(root.id, counter);
    low.set(root.id, counter++);
    stack.push(root.id);
    onStack.add(root.id);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const needs = (byId.get(frame.id)?.needs ?? []).filter((need) => byId.has(need));
      if (frame.next < needs.length) {
        const need = needs[frame.next++]!;
        if (!index.has(need)) {
          index.set(need, counter);
          low.set(need, counter++);
          stack.push(need);
          onStack.add(need);
          work.push({ id: need, next: 0 });
        } else if (onStack.has(need)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(need)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = byId.get(frame.id)?.needs.includes(frame.id) ?? false;
        if (component.length > 1 || selfLoop) {
          cycles.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
        }
      }
    }
  }
  return cycles.sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

/**
 * Jobs in an order where every job comes after the jobs it needs; ties keep file order
 * (Kahn's algorithm). Jobs on or behind a cycle cannot be ordered and are returned in `blocked`.
 */
export function topologicalOrder(jobs: readonly JobNode[]): { order: string[]; blocked: string[] } {
  const ids = new Set(jobs.map((job) => job.id));
  const remaining = new Map(jobs.map((job) => [job.id, new Set(job.needs.filter((need) => ids.has(need)))]));
  const dependents = dependentsOf(jobs);
  const order: string[] = [];
  const placed = new Set<string>();
  let ready = jobs.filter((job) => remaining.get(job.id)!.size === 0).map((job) => job.id);
  while (ready.length > 0) {
    const next: string[] = [];
    for (const id of ready) {
      order.push(id);
      placed.add(id);
      for (const dependent of dependents.get(id) ?? []) {
        const left = remaining.get(dependent)!;
        left.delete(id);
        if (left.size === 0) next.push(dependent);
      }
    }
    const position = new Map(jobs.map((job, index) => [job.id, index]));
    ready = next.sort((a, b) => position.get(a)! - position.get(b)!);
  }
  return { order, blocked: jobs.map((job) => job.id).filter((id) => !placed.has(id)) };
}

/** Every job `id` needs, directly or through other jobs (nearest first, without `id` itself). */
export function ancestorsOf(jobs: readonly JobNode[], id: string): string[] {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  return walk(id, (current) => byId.get(current)?.needs.filter((need) => byId.has(need)) ?? []);
}

/** Every job that needs `id`, directly or through other jobs (nearest first, without `id` itself). */
export function descendantsOf(jobs: readonly JobNode[], id: string): string[] {
  const dependents = dependentsOf(jobs);
  return walk(id, (current) => dependents.get(current) ?? []);
}

/** Breadth-first walk from `start`, excluding it, each node once. */
function walk(start: string, next: (id: string) => readonly string[]): string[] {
  const seen = new Set<string>([start]);
  const result: string[] = [];
  let frontier = [start];
  while (frontier.length > 0) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const neighbour of next(id)) {
        if (seen.has(neighbour)) continue;
        seen.add(neighbour);
        result.push(neighbour);
        following.push(neighbour);
      }
    }
    frontier = following;
  }
  return result;
}

/** Jobs that need nothing (the entry points of the run). */
export function entryJobs(jobs: readonly JobNode[]): string[] {
  return jobs.filter((job) => job.needs.length === 0).map((job) => job.id);
}
