import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookies.js';

describe('cookies', () => {
  it('parses a Cookie header, first value winning', () => {
    const c = parseCookies('a=1; b = two ; a=3; junk; =x');
    expect([...c]).toEqual([
      ['a', '1'],
      ['b', 'two'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });
  it('always sets HttpOnly, SameSite=Lax and a Max-Age; Secure only when asked', () => {
    expect(serializeCookie('s', 'v', { maxAgeSeconds: 60, secure: false })).toBe(
      's=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60',
    );
    expect(serializeCookie('s', 'v', { maxAgeSeconds: 0, secure: true })).toMatch(/; Secure$/);
  });
});
