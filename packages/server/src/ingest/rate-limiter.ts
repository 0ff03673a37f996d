/** Outcome of asking a token bucket for one event. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Token buckets per DSN key: `perMinute` tokens of capacity refilled evenly over a minute, so a
 * key may burst up to a minute's allowance and then sustains its rate.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; perMinute: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, perMinute: number): RateDecision {
    if (perMinute <= 0) return { ok: true };
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined || bucket.perMinute !== perMinute) {
      bucket = { tokens: perMinute, at: now, perMinute };
      this.buckets.set(key, bucket);
    }
    const perMs = perMinute / 60_000;
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    // Integer seconds: sentry-python drops a non-integer retry_after (spec §1.5).
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}
