import { describe, expect, it } from 'vitest';
import { barChart, buckets, periodStart } from './sparkline.js';

const HOUR = 3600_000;
const now = 1_000 * HOUR + 1234;

describe('buckets', () => {
  it('puts hourly counts into 24 hourly bars ending with the current hour', () => {
    const start = periodStart('24h', now);
    expect(start).toBe(977 * HOUR);
    const bars = buckets(
      [
        { hour: start - HOUR, count: 99 },
        { hour: start, count: 1 },
        { hour: 1000 * HOUR, count: 5 },
      ],
      '24h',
      now,
    );
    expect(bars).toHaveLength(24);
    expect(bars[0]).toBe(1);
    expect(bars[23]).toBe(5);
    expect(bars.reduce((a, b) => a + b)).toBe(6);
  });
  it('sums hours into 14 daily bars', () => {
    const start = periodStart('14d', now);
    const bars = buckets(
      [
        { hour: start, count: 2 },
        { hour: start + 5 * HOUR, count: 3 },
        { hour: start + 24 * HOUR, count: 4 },
      ],
      '14d',
      now,
    );
    expect(bars).toHaveLength(14);
    expect(bars.slice(0, 2)).toEqual([5, 4]);
  });
});

describe('barChart', () => {
  it('draws one rect per bar scaled to the maximum, with a text label', () => {
    const svg = barChart([0, 5, 10], { width: 30, height: 21, label: 'Events' }).value;
    expect((svg.match(/<rect/g) ?? []).length).toBe(3);
    expect(svg).toContain('aria-label="Events: 15 events"');
    expect(svg).toContain('height="20"');
    expect(svg).toContain('class="bar-empty"');
  });
});
