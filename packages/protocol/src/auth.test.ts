import { describe, expect, it } from 'vitest';
import { parseAuth } from './auth.js';
import { ProtocolError } from './errors.js';
import { loadFixtures } from './test-fixtures.js';

function badAuth(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe('FL_PROTOCOL_BAD_AUTH');
    expect((err as ProtocolError).status).toBe(401);
    return (err as Error).message;
  }
  throw new Error('expected FL_PROTOCOL_BAD_AUTH');
}

describe('parseAuth', () => {
  it('finds the key in every captured request', () => {
    for (const f of loadFixtures()) {
      const query = f.url.includes('?') ? f.url.slice(f.url.indexOf('?')) : '';
      const auth = parseAuth({ query, headers: f.headers });
      expect(auth?.publicKey, f.name).toBe('publickey');
    }
  });

  it('reads query auth (every JS SDK) with version and client', () => {
    expect(
      parseAuth({ query: '?sentry_version=7&sentry_key=abc&sentry_client=sentry.javascript.node%2F11.12.0' }),
    ).toEqual({ publicKey: 'abc', version: 7, client: 'sentry.javascript.node/11.12.0', source: 'query' });
    expect(parseAuth({ query: new URLSearchParams('sentry_key=k') })?.publicKey).toBe('k');
    expect(parseAuth({ query: { sentry_key: ['k1', 'k2'] } })?.publicKey).toBe('k1');
  });

  it('reads raven-node v5 headers with a millisecond timestamp', () => {
    const auth = parseAuth({
      headers: {
        'x-sentry-auth':
          'Sentry sentry_version=5, sentry_timestamp=1795586391850, sentry_client=raven-node/2.6.4, sentry_key=publickey',
      },
    });
    expect(auth).toEqual({
      publicKey: 'publickey',
      version: 5,
      client: 'raven-node/2.6.4',
      timestamp: 1795586391850,
      source: 'header',
    });
  });

  it('reads raven-python v6 headers with seconds and ignores the secret', () => {
    const auth = parseAuth({
      headers: {
        'x-sentry-auth':
          'Sentry sentry_timestamp=1795586391.25, sentry_client=raven-python/6.10.0, sentry_version=6, sentry_key=k, sentry_secret=s',
      },
    });
    expect(auth).toMatchObject({ publicKey: 'k', version: 6, timestamp: 1795586391250 });
    expect(auth).not.toHaveProperty('secret');
  });

  it('tolerates wrapped headers, case and a "7.0" version', () => {
    const auth = parseAuth({
      headers: { authorization: 'sentry  sentry_key=k,\n   sentry_version=7.0 ,\n sentry_client=x/1' },
    });
    expect(auth).toMatchObject({ publicKey: 'k', version: 7, client: 'x/1' });
  });

  it('reads Basic authorization and the envelope dsn', () => {
    expect(parseAuth({ headers: { authorization: `Basic ${btoa('k:')}` } })?.publicKey).toBe('k');
    expect(parseAuth({ envelopeDsn: 'https://k@h/1' })).toEqual({
      publicKey: 'k',
      version: 7,
      source: 'envelope',
    });
  });

  it('returns null without credentials, and ignores bearer tokens', () => {
    expect(parseAuth({ query: '', headers: {} })).toBeNull();
    expect(parseAuth({ headers: { authorization: 'Bearer abc' } })).toBeNull();
  });

  it('accepts the same key twice, rejects two different keys', () => {
    expect(parseAuth({ query: 'sentry_key=k', envelopeDsn: 'https://k@h/1' })?.source).toBe('query');
    expect(
      badAuth(() =>
        parseAuth({ query: 'sentry_key=a', headers: { 'x-sentry-auth': 'Sentry sentry_key=b' } }),
      ),
    ).toContain('conflicting');
  });

  it('rejects garbled credentials and versions above 8', () => {
    expect(badAuth(() => parseAuth({ headers: { 'x-sentry-auth': 'Bearer x' } }))).toContain('Sentry');
    expect(badAuth(() => parseAuth({ headers: { 'x-sentry-auth': 'Sentry sentry_version=7' } }))).toContain(
      'sentry_key',
    );
    expect(badAuth(() => parseAuth({ headers: { 'x-sentry-auth': 'Sentry garbage' } }))).toContain('garbled');
    expect(badAuth(() => parseAuth({ query: 'sentry_key=' }))).toContain('empty');
    expect(badAuth(() => parseAuth({ query: 'sentry_key=k&sentry_version=x' }))).toContain('garbled');
    expect(() => parseAuth({ query: 'sentry_key=k&sentry_version=9' })).toThrow(
      expect.objectContaining({ code: 'FL_PROTOCOL_UNSUPPORTED_VERSION', status: 400 }),
    );
    expect(badAuth(() => parseAuth({ envelopeDsn: 'nonsense' }))).toContain('dsn');
    expect(parseAuth({ query: 'sentry_key=k&sentry_version=8' })?.version).toBe(8);
  });

  it('answers a repeated header or query string from its cache, the same as the first time', () => {
    const header = { 'x-sentry-auth': 'Sentry sentry_key=k, sentry_version=7, sentry_client=raven/1' };
    const first = parseAuth({ headers: header });
    expect(parseAuth({ headers: { ...header } })).toEqual(first);
    expect(parseAuth({ query: 'sentry_key=q' })).toEqual(parseAuth({ query: 'sentry_key=q' }));
    expect(Object.isFrozen(parseAuth({ query: 'sentry_key=q' }))).toBe(true);
    // More distinct values than the cache holds (raven's timestamps): each still parses right.
    for (let ts = 0; ts < 2100; ts++) {
      const auth = parseAuth({
        headers: { 'x-sentry-auth': `Sentry sentry_key=k${ts % 3}, sentry_timestamp=${1e12 + ts}` },
      });
      expect(auth).toEqual({ publicKey: `k${ts % 3}`, version: 7, timestamp: 1e12 + ts, source: 'header' });
    }
    expect(parseAuth({ headers: header })).toEqual(first);
    // Failures are not cached: they fail every time.
    for (let i = 0; i < 2; i++) {
      expect(badAuth(() => parseAuth({ headers: { 'x-sentry-auth': 'Sentry garbage' } }))).toContain(
        'garbled',
      );
    }
  });
});
