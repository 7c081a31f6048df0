/** @module What every watch view implements. */
import type { WatchEvent } from '../events.ts';

export interface WatchView {
  /** Renders one event. */
  handle(event: WatchEvent): void;
  /** Leaves the terminal as it was found (cursor shown, block finished). Idempotent. */
  close(): void;
}
