import { describe, expect, it } from 'vitest';
import { compactNumber, formatBytes, isoTime, relativeTime, timeAgo, visibleText } from './format.js';

describe('format', () => {
  it('writes relative times', () => {
    expect(relativeTime(1000, 3000)).toBe('just now');
    expect(relativeTime(0, 90_000)).toBe('1 min ago');
    expect(relativeTime(0, 5 * 3600_000)).toBe('5 h ago');
    expect(relativeTime(0, 3 * 86400_000)).toBe('3 d ago');
    expect(relativeTime(10_000, 0)).toBe('just now');
  });
  it('puts the absolute time in the title of a <time> element', () => {
    expect(timeAgo(0, 60_000).value).toBe(
      '<time datetime="1970-01-01T00:00:00.000Z" title="1970-01-01 00:00:00 UTC">1 min ago</time>',
    );
    expect(isoTime(Number.NaN)).toBe('');
  });
  it('compacts numbers and sizes', () => {
    expect([
      compactNumber(999),
      compactNumber(1234),
      compactNumber(56_789),
      compactNumber(2_500_000),
    ]).toEqual(['999', '1.2k', '57k', '2.5M']);
    expect([formatBytes(10), formatBytes(2048), formatBytes(3 * 1024 * 1024)]).toEqual([
      '10 B',
      '2.0 KB',
      '3.0 MB',
    ]);
  });
  it('shows NUL, control characters and bidi overrides as visible escapes', () => {
    expect(visibleText('a\u0000b\u202Ec\u2066d\te\n')).toBe('a\\u{0000}b\\u{202e}c\\u{2066}d\te\n');
    expect(visibleText('plain ünïcödé 😀')).toBe('plain ünïcödé 😀');
  });
});
