import { describe, expect, it } from 'vitest';
import { formatRateLimits, itemCategory, parseRateLimits, parseRetryAfter } from './rate-limits.js';

describe('itemCategory', () => {
  it('maps item types like the JS SDK', () => {
    const table: Record<string, string> = {
      event: 'error',
      transaction: 'transaction',
      session: 'session',
      sessions: 'session',
      attachment: 'attachment',
      profile_chunk: 'profile',
      replay_event: 'replay',
      replay_recording: 'replay',
      check_in: 'monitor',
      user_report: 'default',
      log: 'log_item',
      client_report: 'internal',
      raw_security: 'security',
      something_new: 'default',
    };
    for (const [type, category] of Object.entries(table)) expect(itemCategory(type), type).toBe(category);
  });
});

describe('rate-limit headers', () => {
  it('formats integer seconds, rounding up', () => {
    expect(
      formatRateLimits([
        { retryAfter: 59.2, categories: ['error', 'default'], reasonCode: 'quota_exceeded' },
        { retryAfter: 3600, categories: ['transaction', 'span'], scope: 'organization' },
      ]),
    ).toBe('60:error;default:project:quota_exceeded, 3600:transaction;span:organization');
  });

  it('parses what it formats, and the all-categories form', () => {
    const now = 1_000_000;
    const limits = parseRateLimits(
      '60:error;default:project:quota_exceeded, 3600::organization, 10:error',
      now,
    );
    expect(Object.fromEntries(limits)).toEqual({
      error: now + 60_000,
      default: now + 60_000,
      all: now + 3_600_000,
    });
  });

  it('skips garbled limits', () => {
    expect(parseRateLimits('abc:error, :x, 5:log_item:project', 0)).toEqual(new Map([['log_item', 5000]]));
  });

  it('parses Retry-After as seconds or an HTTP date, defaulting to 60 s', () => {
    const now = Date.parse('2026-11-25T06:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(now + 30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 06:02:00 GMT', now)).toBe(now + 120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2020 06:02:00 GMT', now)).toBe(now);
    expect(parseRetryAfter(undefined, now)).toBe(now + 60_000);
    expect(parseRetryAfter('soon', now)).toBe(now + 60_000);
  });
});
