/**
 * @module A timeout signal that cannot be lost. `AbortSignal.any([parent, AbortSignal.timeout(ms)])`
 * holds its sources weakly on Node 20: once nothing else references the timeout signal, a garbage
 * collection cancels its timer and the request waits forever (a watch that never gives up, a
 * `verify --run` that took 407 s with --timeout 2000). Here the timer holds the controller, and the
 * caller clears it when the work is done.
 */
import { setMaxListeners } from 'node:events';

export interface Deadline {
  /** Aborts with a `TimeoutError` DOMException after `ms`, or with a parent's reason. */
  signal: AbortSignal;
  /** Stops the timer and detaches from the parents; call it when the guarded work has settled. */
  clear(): void;
}

export function deadline(ms: number, parents: readonly (AbortSignal | undefined)[] = []): Deadline {
  const controller = new AbortController();
  const detach: (() => void)[] = [];
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`The operation was aborted due to timeout (${ms} ms)`, 'TimeoutError'));
  }, ms);
  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    const onAbort = () => controller.abort(parent.reason);
    // One listener per request in flight on the command's signal (verify checks 16 channels at
    // once); each is removed by clear(), so Node's "possible leak" warning past 10 would be noise.
    setMaxListeners(0, parent);
    parent.addEventListener('abort', onAbort, { once: true });
    detach.push(() => parent.removeEventListener('abort', onAbort));
  }
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      for (const off of detach.splice(0)) off();
    },
  };
}
