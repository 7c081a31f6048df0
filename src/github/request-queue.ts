/**
 * @module One serial queue for every HTTP request we send. GitHub's secondary limits come from
 * concurrency ("make requests serially, implement a queue"), so nothing here ever runs in parallel.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Number of tasks waiting or running. */
  get size(): number {
    return this.pending;
  }

  /** Runs `task` after every task queued before it has settled; its result or error is passed through. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(task, task);
    // The chain must survive a failed task, or one error would block every later request.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      this.pending -= 1;
    });
  }
}

/** Wraps a fetch so that each call waits its turn in `queue`. */
export function queuedFetch(fetchFn: typeof fetch, queue: SerialQueue): typeof fetch {
  return (input, init) => queue.run(() => fetchFn(input, init));
}
