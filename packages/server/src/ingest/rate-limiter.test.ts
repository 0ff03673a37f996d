import { describe, expect, it } from 'vitest';
import { KeyRateLimiter } from './rate-limiter.js';

describe('KeyRateLimiter', () => {
  it('allows a minute of burst, then refills evenly and reports integer retry seconds', () => {
    let now = 0;
    const limiter = new KeyRateLimiter(() => now);
    expect([1, 2, 3].map(() => limiter.take('k', 3).ok)).toEqual([true, true, true]);
    expect(limiter.take('k', 3)).toEqual({ ok: false, retryAfterSeconds: 20 });
    now += 19_000;
    expect(limiter.take('k', 3)).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.take('k', 3).ok).toBe(true);
  });

  it('keeps keys apart, treats 0 as unlimited and resets when the limit changes', () => {
    const limiter = new KeyRateLimiter(() => 0);
    expect(limiter.take('a', 1).ok).toBe(true);
    expect(limiter.take('a', 1).ok).toBe(false);
    expect(limiter.take('b', 1).ok).toBe(true);
    for (let i = 0; i < 100; i++) expect(limiter.take('c', 0).ok).toBe(true);
    expect(limiter.take('a', 5).ok).toBe(true);
  });
});
