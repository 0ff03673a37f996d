import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, kvTable, renderString, renderValue } from './render-value.js';

describe('renderValue', () => {
  it('escapes strings and keys', () => {
    const out = renderValue({ '<k>': '<script>alert(1)</script>' }).value;
    expect(out).toContain('&lt;k&gt;');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('<script>');
  });
  it('stops at the depth limit', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 1000; i++) deep = { d: deep };
    const out = renderValue(deep).value;
    expect(out).toContain('too deep to show');
    expect(out).not.toContain('bottom');
    expect((out.match(/<table/g) ?? []).length).toBe(DEFAULT_LIMITS.maxDepth);
  });
  it('shows at most maxEntries entries and says how many more there are', () => {
    const out = renderValue(Array.from({ length: 500 }, (_, i) => i)).value;
    expect(out).toContain('… 450 more');
    expect((out.match(/<tr>/g) ?? []).length).toBe(51);
  });
  it('bounds the total number of nodes rendered', () => {
    const wide = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`k${i}`, Array.from({ length: 50 }, () => 'x')]),
    );
    const out = renderValue(wide, { ...DEFAULT_LIMITS, maxNodes: 100 }).value;
    expect((out.match(/v-str/g) ?? []).length).toBeLessThan(100);
  });
  it('renders empty containers, null and numbers', () => {
    expect(renderValue([]).value).toContain('[]');
    expect(renderValue({}).value).toContain('{}');
    expect(renderValue(null).value).toContain('null');
    expect(renderValue(4.5).value).toContain('4.5');
  });
});

describe('renderString', () => {
  it('folds a long string behind <details> and caps what it emits', () => {
    const big = 'A'.repeat(1024 * 1024);
    const out = renderString(big).value;
    expect(out).toContain('<details');
    expect(out).toContain('1.0 MB');
    expect(out).toContain('truncated');
    expect(out.length).toBeLessThan(DEFAULT_LIMITS.fullChars + DEFAULT_LIMITS.previewChars + 500);
  });
  it('shows a medium string in full behind the fold', () => {
    const out = renderString('b'.repeat(400)).value;
    expect(out).toContain('show all');
    expect(out).toContain('b'.repeat(400));
  });
});

describe('kvTable', () => {
  it('renders pairs and records alike', () => {
    expect(kvTable([['a', 1]]).value).toBe(kvTable({ a: 1 }).value);
  });
});
