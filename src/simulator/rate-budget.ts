/**
 * @module The primary rate limit as GitHub reports it (x-ratelimit-*), on the scenario clock: the
 * window resets hourly in scenario time, so `x-ratelimit-reset - date` is the wait a client sees.
 */
export class RateBudget {
  readonly limit: number;
  readonly #nowSeconds: () => number;
  #used = 0;
  #reset: number;
  /** Forced exhaustion (a primary-limit fault) until the reset. */
  #drained = false;
  /** 403, or 429 when a fault asked for it. */
  #exhaustedStatus = 403;

  /** `nowSeconds`: scenario time in epoch seconds. */
  constructor(limit: number, nowSeconds: () => number) {
    this.limit = limit;
    this.#nowSeconds = nowSeconds;
    this.#reset = Math.floor(nowSeconds()) + 3600;
  }

  /** Starts a new window once the reset time has passed. */
  refresh(): void {
    const now = Math.floor(this.#nowSeconds());
    if (now >= this.#reset) {
      this.#used = 0;
      this.#drained = false;
      this.#exhaustedStatus = 403;
      this.#reset = now + 3600;
    }
  }

  get remaining(): number {
    return this.#drained ? 0 : Math.max(0, this.limit - this.#used);
  }

  get exhausted(): boolean {
    return this.remaining === 0;
  }

  get exhaustedStatus(): number {
    return this.#exhaustedStatus;
  }

  /** One request that costs a unit (any answer but a 304 and /rate_limit). */
  charge(): void {
    this.#used++;
  }

  /** Empties the budget until `seconds` from now (scenario clock). */
  drain(status: number, seconds: number): void {
    this.#drained = true;
    this.#exhaustedStatus = status;
    this.#reset = Math.floor(this.#nowSeconds()) + seconds;
  }

  /** The `core` object of GET /rate_limit. */
  core(): { limit: number; used: number; remaining: number; reset: number } {
    return {
      limit: this.limit,
      used: this.limit - this.remaining,
      remaining: this.remaining,
      reset: this.#reset,
    };
  }

  headers(): Record<string, string> {
    const core = this.core();
    return {
      'x-ratelimit-limit': String(core.limit),
      'x-ratelimit-remaining': String(core.remaining),
      'x-ratelimit-used': String(core.used),
      'x-ratelimit-reset': String(core.reset),
      'x-ratelimit-resource': 'core',
    };
  }
}
