import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.js';

describe('FailureLimiter', () => {
  it('blocks a key after max failures until the window ends', () => {
    const l = new FailureLimiter({ max: 3, windowMs: 1000 });
    l.fail('ip', 0);
    l.fail('ip', 10);
    expect(l.retryAfter('ip', 20)).toBe(0);
    l.fail('ip', 20);
    expect(l.retryAfter('ip', 20)).toBe(980);
    expect(l.retryAfter('other', 20)).toBe(0);
    expect(l.retryAfter('ip', 1000)).toBe(0);
  });
  it('starts a new window after the old one ends', () => {
    const l = new FailureLimiter({ max: 1, windowMs: 100 });
    l.fail('k', 0);
    expect(l.retryAfter('k', 50)).toBe(50);
    l.fail('k', 200);
    expect(l.retryAfter('k', 250)).toBe(50);
  });
  it('forgets a key on reset', () => {
    const l = new FailureLimiter({ max: 1, windowMs: 100 });
    l.fail('k', 0);
    l.reset('k');
    expect(l.retryAfter('k', 1)).toBe(0);
  });
  it('keeps at most maxKeys entries, dropping the oldest', () => {
    const l = new FailureLimiter({ max: 1, windowMs: 1000, maxKeys: 2 });
    l.fail('a', 0);
    l.fail('b', 0);
    l.fail('c', 0);
    expect(l.size).toBe(2);
    expect(l.retryAfter('a', 1)).toBe(0);
    expect(l.retryAfter('c', 1)).toBe(999);
  });
});
