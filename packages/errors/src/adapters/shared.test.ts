import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createErrorApp, MethodNotAllowed, NotFound } from '../index.js';
import {
  allowedMethods,
  groupHeaders,
  headerValueAt,
  routingError,
  scopeOf,
  splitUrl,
  tagScope,
} from './shared.js';

describe('adapter glue', () => {
  it('normalises Allow: upper case, HEAD with GET, OPTIONS when answered, stable order', () => {
    expect(allowedMethods(['post', 'get'], false)).toEqual(['GET', 'HEAD', 'POST']);
    expect(allowedMethods(['GET'], true)).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(allowedMethods(['PURGE', 'DELETE', 'LINK'], false)).toEqual(['DELETE', 'LINK', 'PURGE']);
    expect(allowedMethods([], true)).toEqual([]);
  });

  it('makes a 405 with the methods, or a 404 when there are none', () => {
    const e405 = routingError(['GET', 'HEAD']);
    expect(e405).toBeInstanceOf(MethodNotAllowed);
    expect(e405.getHeaders()).toContainEqual(['Allow', 'GET, HEAD']);
    expect(routingError([])).toBeInstanceOf(NotFound);
  });

  it('splits a request target into path and query', () => {
    expect(splitUrl('/a/b?x=1&y')).toEqual({ path: '/a/b', search: '?x=1&y' });
    expect(splitUrl('/plain')).toEqual({ path: '/plain', search: '' });
  });

  it('groups repeated headers case-insensitively, keeping every value in order', () => {
    expect(
      groupHeaders([
        ['WWW-Authenticate', 'Basic'],
        ['Content-Type', 'text/html'],
        ['www-authenticate', 'Bearer'],
      ]),
    ).toEqual([
      ['WWW-Authenticate', ['Basic', 'Bearer']],
      ['Content-Type', ['text/html']],
    ]);
  });

  it('headerValueAt sets what groupHeaders groups: one value alone, a repeated name once with all values', () => {
    const pairs = fc.array(
      fc.tuple(fc.constantFrom('X-A', 'x-a', 'Vary', 'VARY', 'Set-Cookie'), fc.string()),
      {
        maxLength: 6,
      },
    );
    fc.assert(
      fc.property(pairs, (headers) => {
        const set: Array<[string, string[]]> = [];
        for (let i = 0; i < headers.length; i++) {
          const value = headerValueAt(headers, i);
          if (value !== undefined) set.push([headers[i]![0], typeof value === 'string' ? [value] : value]);
        }
        expect(set).toEqual(groupHeaders(headers));
      }),
    );
    expect(headerValueAt([['Vary', 'Accept']], 0)).toBe('Accept');
  });

  it('keeps the innermost scope that tagged an error, per request and per error', () => {
    const app = createErrorApp();
    const outer = app.blueprint('outer');
    const inner = outer.blueprint('inner');
    const request = {};
    const error = new Error('x');
    tagScope(request, error, inner);
    tagScope(request, error, outer);
    expect(scopeOf(request, error)).toBe(inner);
    expect(scopeOf(request, new Error('other'))).toBeUndefined();
    expect(scopeOf({}, error)).toBeUndefined();
    // A primitive thrown value is matched by value.
    tagScope(request, 'str', outer);
    expect(scopeOf(request, 'str')).toBe(outer);
  });
});
