import { describe, expect, it } from 'vitest';
import { negotiateErrorFormat } from './negotiate.js';

describe('negotiateErrorFormat', () => {
  it.each([
    [undefined, 'html'],
    ['', 'html'],
    ['*/*', 'html'],
    ['text/html', 'html'],
    ['application/json', 'json'],
    ['application/problem+json', 'problem'],
    ['application/json, application/problem+json', 'json'],
    ['application/json;q=0.5, application/problem+json', 'problem'],
    ['text/html;q=0.1, application/json', 'json'],
    ['application/*', 'json'],
    ['application/*;q=0.2, text/*;q=0.3', 'html'],
    ['*/*;q=0.1, application/json', 'json'],
    ['application/json;q=0', 'html'],
    ['image/png', 'html'],
    ['APPLICATION/JSON', 'json'],
    ['application/json; charset=utf-8; q=0.9, text/html; q=0.8', 'json'],
    ['text/*, application/json;q=1.0', 'html'],
    ['application/json, */*;q=0', 'json'],
    ['application/problem+json, application/json;q=0.9, */*;q=0.1', 'problem'],
    ['application/json;q=abc', 'html'],
  ] as const)('%s → %s', (accept, expected) => {
    expect(negotiateErrorFormat(accept)).toBe(expected);
  });

  it('joins repeated Accept headers', () => {
    expect(negotiateErrorFormat(['text/html;q=0.5', 'application/json'])).toBe('json');
  });

  it('the most specific range decides a type even when a wildcard ranks it higher', () => {
    expect(negotiateErrorFormat('application/*;q=1, application/json;q=0.1, text/html;q=0.5')).toBe(
      'problem',
    );
  });
});
