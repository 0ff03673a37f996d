import { describe, expect, it } from 'vitest';
import { envelopeUrl, formatDsn, parseDsn, storeUrl } from './dsn.js';
import { ProtocolError } from './errors.js';

describe('parseDsn', () => {
  it('parses the fixture DSN', () => {
    expect(parseDsn('http://publickey@127.0.0.1:34211/1')).toEqual({
      protocol: 'http',
      publicKey: 'publickey',
      host: '127.0.0.1',
      port: '34211',
      pathPrefix: '',
      projectId: '1',
    });
  });

  it('keeps a secret, a path prefix and an IPv6 host', () => {
    const dsn = parseDsn('https://key:secret@[::1]:9000/sentry/errors/42');
    expect(dsn).toMatchObject({
      secretKey: 'secret',
      host: '[::1]',
      port: '9000',
      pathPrefix: '/sentry/errors',
    });
    expect(dsn.projectId).toBe('42');
  });

  it('strips raven transport prefixes', () => {
    expect(parseDsn('threaded+https://k@example.com/7').protocol).toBe('https');
  });

  it.each([
    ['', 'empty'],
    ['not a url', 'not a URL'],
    ['ftp://k@example.com/1', 'scheme'],
    ['https://example.com/1', 'public key'],
    ['https://k@example.com/project-slug', 'project id'],
    ['https://k@example.com/', 'project id'],
    ['https://k@example.com/1?x=1', 'query'],
  ])('rejects %j', (input, message) => {
    try {
      parseDsn(input);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).code).toBe('FL_PROTOCOL_INVALID_DSN');
      expect((err as ProtocolError).message).toContain(message);
    }
  });

  it('round-trips through formatDsn', () => {
    for (const s of [
      'http://publickey@127.0.0.1:34211/1',
      'https://a:b@h.example/p/x/9',
      'https://a@h/0042',
    ]) {
      expect(formatDsn(parseDsn(s))).toBe(s);
      expect(parseDsn(formatDsn(parseDsn(s)))).toEqual(parseDsn(s));
    }
  });
});

describe('endpoint urls', () => {
  it('builds the envelope url with query auth like the JS SDK', () => {
    expect(
      envelopeUrl('http://publickey@127.0.0.1:34211/1', { client: 'sentry.javascript.node/11.12.0' }),
    ).toBe(
      'http://127.0.0.1:34211/api/1/envelope/?sentry_version=7&sentry_key=publickey&sentry_client=sentry.javascript.node%2F11.12.0',
    );
  });

  it('keeps the path prefix for the store url', () => {
    expect(storeUrl(parseDsn('https://k@h.example/prefix/3'))).toBe(
      'https://h.example/prefix/api/3/store/?sentry_version=7&sentry_key=k',
    );
  });
});
