// Login attempt limiter, in memory (one process). Each key (an IP, an account) gets `max` failures per
// `windowMs`; the window is fixed from the first failure, which is simple and enough to slow down
// password guessing. The map is bounded: when full, the oldest entries are dropped first.

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  /** Most keys remembered; protects memory from floods of distinct keys. */
  maxKeys?: number;
}

interface Entry {
  count: number;
  resetAt: number;
}

export class FailureLimiter {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;

  constructor(opts: RateLimitOptions) {
    this.#max = opts.max;
    this.#windowMs = opts.windowMs;
    this.#maxKeys = opts.maxKeys ?? 10_000;
  }

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string, now = Date.now()): number {
    const e = this.#entries.get(key);
    if (!e || e.resetAt <= now) return 0;
    return e.count >= this.#max ? e.resetAt - now : 0;
  }

  /** Records one failure for the key. */
  fail(key: string, now = Date.now()): void {
    const e = this.#entries.get(key);
    if (!e || e.resetAt <= now) {
      this.#entries.delete(key);
      if (this.#entries.size >= this.#maxKeys) {
        const oldest = this.#entries.keys().next();
        if (!oldest.done) this.#entries.delete(oldest.value);
      }
      this.#entries.set(key, { count: 1, resetAt: now + this.#windowMs });
    } else {
      e.count++;
    }
  }

  /** Forgets a key's failures (after a successful login). */
  reset(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
