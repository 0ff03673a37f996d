import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCsrfToken, csrfToken, sameOrigin } from './csrf.js';

const secret = randomBytes(32);

describe('csrf tokens', () => {
  it('accepts the token of the same session only', () => {
    const t = csrfToken(secret, 'sid-1');
    expect(checkCsrfToken(secret, 'sid-1', t)).toBe(true);
    expect(checkCsrfToken(secret, 'sid-2', t)).toBe(false);
  });
  it('rejects missing, non-string, truncated and other-secret tokens', () => {
    const t = csrfToken(secret, 'sid');
    expect(checkCsrfToken(secret, 'sid', undefined)).toBe(false);
    expect(checkCsrfToken(secret, 'sid', ['x'])).toBe(false);
    expect(checkCsrfToken(secret, 'sid', t.slice(1))).toBe(false);
    expect(checkCsrfToken(secret, 'sid', csrfToken(randomBytes(32), 'sid'))).toBe(false);
  });
});

describe('sameOrigin', () => {
  it('accepts an Origin equal to the request host over http or https', () => {
    expect(sameOrigin({ origin: 'http://127.0.0.1:8000', host: '127.0.0.1:8000' })).toBe(true);
    expect(sameOrigin({ origin: 'https://errors.example.com', host: 'errors.example.com' })).toBe(true);
  });
  it('rejects another site, a null origin and malformed values', () => {
    expect(sameOrigin({ origin: 'http://evil.test', host: '127.0.0.1:8000' })).toBe(false);
    expect(sameOrigin({ origin: 'null', host: '127.0.0.1:8000' })).toBe(false);
    expect(sameOrigin({ origin: 'not a url', host: '127.0.0.1:8000' })).toBe(false);
    expect(sameOrigin({ origin: 'http://127.0.0.1:8000', host: undefined })).toBe(false);
  });
  it('falls back to the Referer when there is no Origin', () => {
    expect(sameOrigin({ referer: 'http://h:1/issues?x=1', host: 'h:1' })).toBe(true);
    expect(sameOrigin({ referer: 'http://evil.test/h:1', host: 'h:1' })).toBe(false);
  });
  it('allows requests that carry neither header, and configured extra origins', () => {
    expect(sameOrigin({ host: 'h' })).toBe(true);
    expect(sameOrigin({ origin: 'https://proxy.test', host: 'internal:8000' }, ['https://proxy.test'])).toBe(
      true,
    );
  });
});
