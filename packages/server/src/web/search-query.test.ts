import { describe, expect, it } from 'vitest';
import { parseSearch, searchTerm, tokenize } from './search-query.js';

describe('tokenize', () => {
  it('splits on whitespace and keeps quoted groups together', () => {
    expect(tokenize('a  b\t"c d" key:"e f"')).toEqual(['a', 'b', 'c d', 'key:e f']);
  });
  it('keeps an empty quoted token and tolerates an unclosed quote', () => {
    expect(tokenize('"" x "open end')).toEqual(['', 'x', 'open end']);
  });
  it('returns nothing for blank input', () => {
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('parseSearch', () => {
  it('maps known keys to filters and keeps the rest as text', () => {
    expect(parseSearch('is:resolved level:warning environment:prod release:1.2.3 payment failed')).toEqual({
      status: 'resolved',
      level: 'warning',
      environment: 'prod',
      release: '1.2.3',
      tags: [],
      text: 'payment failed',
      problems: [],
    });
  });
  it('turns user: and unknown keys into tag filters', () => {
    const parsed = parseSearch('user:u-42 browser:"Chrome 120" server_name:web-1');
    expect(parsed.tags).toEqual([
      ['user', 'u-42'],
      ['browser', 'Chrome 120'],
      ['server_name', 'web-1'],
    ]);
    expect(parsed.text).toBe('');
  });
  it('accepts env: as a short form of environment:', () => {
    expect(parseSearch('env:staging').environment).toBe('staging');
  });
  it('reports unknown status and level values instead of ignoring them', () => {
    const parsed = parseSearch('is:sleeping level:loud');
    expect(parsed.status).toBeUndefined();
    expect(parsed.level).toBeUndefined();
    expect(parsed.problems).toHaveLength(2);
  });
  it('treats tokens with an empty key or value, or odd keys, as free text', () => {
    expect(parseSearch(':x y: http://example.com/a <b>:c').text).toBe(':x y: http://example.com/a <b>:c');
  });
  it('lower-cases keys but not values', () => {
    expect(parseSearch('LEVEL:error Release:ABC').release).toBe('ABC');
    expect(parseSearch('LEVEL:error').level).toBe('error');
  });
  it('lets a later term override an earlier one of the same key', () => {
    expect(parseSearch('is:resolved is:ignored').status).toBe('ignored');
  });
  it('bounds the work on huge input', () => {
    const parsed = parseSearch('x '.repeat(100_000));
    expect(parsed.text.length).toBeLessThanOrEqual(1000);
  });
});

describe('searchTerm', () => {
  it('quotes values with spaces so they parse back to the same filter', () => {
    const term = searchTerm('browser', 'Chrome 120');
    expect(term).toBe('browser:"Chrome 120"');
    expect(parseSearch(term).tags).toEqual([['browser', 'Chrome 120']]);
    expect(searchTerm('level', 'error')).toBe('level:error');
  });
});
