import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelope, makeTestApp, queued, type TestApp } from '../test-app.js';

const EVENT_ID = '0123456789abcdef0123456789abcdef';
let t: TestApp;
let key: string;

beforeEach(async () => {
  t = await makeTestApp();
  key = t.key.publicKey;
});
afterEach(async () => {
  await t.close();
});

const eventEnvelope = (id = EVENT_ID, extra: Record<string, unknown> = {}) =>
  envelope({ event_id: id, ...extra }, [[{ type: 'event' }, { message: 'boom', level: 'error' }]]);

function post(url: string, payload: string | Buffer, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url, payload, headers });
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
};

describe('auth forms', () => {
  it('accepts the key from the query string', async () => {
    const res = await post(`/api/1/envelope/?sentry_version=7&sentry_key=${key}`, eventEnvelope());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: EVENT_ID });
  });
  it('accepts X-Sentry-Auth, Authorization: Sentry, the envelope dsn and Authorization: Basic', async () => {
    const a = await post('/api/1/envelope/', eventEnvelope('a'.repeat(32)), {
      'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${key}, sentry_client=x/1`,
    });
    const b = await post('/api/1/envelope/', eventEnvelope('b'.repeat(32)), {
      authorization: `Sentry sentry_key=${key}, sentry_version=5`,
    });
    const c = await post(
      '/api/1/envelope/',
      eventEnvelope('c'.repeat(32), { dsn: `http://${key}@example.com/1` }),
    );
    const d = await post('/api/1/envelope/', eventEnvelope('d'.repeat(32)), {
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    });
    expect([a.statusCode, b.statusCode, c.statusCode, d.statusCode]).toEqual([200, 200, 200, 200]);
    const ids = (await queued(t.storage)).map((q) => q.eventId).sort();
    expect(ids).toEqual(['a', 'b', 'c', 'd'].map((x) => x.repeat(32)));
  });
  it('answers 401 without or with garbled credentials, 403 for unknown, foreign and revoked keys', async () => {
    expect((await post('/api/1/envelope/', eventEnvelope())).statusCode).toBe(401);
    const conflicting = await post(`/api/1/envelope/?sentry_key=${'a'.repeat(32)}`, eventEnvelope(), {
      'x-sentry-auth': `Sentry sentry_key=${key}`,
    });
    expect(conflicting.statusCode).toBe(401);
    expect(conflicting.headers['x-sentry-error']).toMatch(/conflicting/);
    // A protocol version above 8 is well-formed but unsupported: 400, as Relay answers.
    const tooNew = await post(`/api/1/envelope/?sentry_key=${key}&sentry_version=9`, eventEnvelope());
    expect(tooNew.statusCode).toBe(400);
    expect(tooNew.headers['x-sentry-error']).toMatch(/unsupported sentry_version 9/);
    expect(
      (await post('/api/1/envelope/', eventEnvelope(), { 'x-sentry-auth': 'Sentry garbage' })).statusCode,
    ).toBe(401);
    expect((await post(`/api/1/envelope/?sentry_key=${'f'.repeat(32)}`, eventEnvelope())).statusCode).toBe(
      403,
    );
    const other = await t.storage.createProject({ name: 'other' });
    expect((await post(`/api/${other.id}/envelope/?sentry_key=${key}`, eventEnvelope())).statusCode).toBe(
      403,
    );
    await t.storage.revokeProjectKey(t.key.id);
    t.keys.invalidate(key);
    const revoked = await post(`/api/1/envelope/?sentry_key=${key}`, eventEnvelope());
    expect(revoked.statusCode).toBe(403);
    expect(revoked.headers['x-sentry-error']).toMatch(/rejected/);
    expect(await queued(t.storage)).toHaveLength(0);
  });
});

describe('routes', () => {
  it('serves with and without the trailing slash and under a DSN path prefix', async () => {
    for (const [i, url] of [
      '/api/1/envelope',
      '/errors/sentry/api/1/envelope/',
      '/api/1/store',
      '/x/api/1/store/',
    ].entries()) {
      const id = String(i).repeat(32);
      const body = url.includes('store') ? JSON.stringify({ event_id: id, message: 'm' }) : eventEnvelope(id);
      const res = await post(`${url}?sentry_key=${key}`, body);
      expect(res.statusCode, url).toBe(200);
      expect(res.json()).toEqual({ id });
    }
    expect((await post(`/errors/nothing/?sentry_key=${key}`, '{}')).statusCode).toBe(404);
  });
  it('answers preflight and puts CORS headers on successes and errors', async () => {
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/1/envelope/',
      headers: { origin: 'http://a.test', 'access-control-request-method': 'POST' },
    });
    expect(pre.statusCode).toBe(200);
    expect(pre.headers).toMatchObject({
      ...CORS,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-max-age': '3600',
    });
    expect(pre.headers['access-control-allow-headers']).toContain('x-sentry-auth');
    const ok = await post(`/api/1/envelope/?sentry_key=${key}`, eventEnvelope());
    const bad = await post(`/api/1/envelope/?sentry_key=${key}`, 'not json\n');
    const denied = await post('/api/1/envelope/', eventEnvelope());
    for (const res of [ok, bad, denied]) expect(res.headers).toMatchObject(CORS);
  });
});

describe('bodies', () => {
  const json = Buffer.from(JSON.stringify({ event_id: EVENT_ID, message: 'hello' }));
  const zlibBase64 = deflateSync(json).toString('base64');
  const cases: Array<[string, Buffer | string, Record<string, string>]> = [
    ['plain', json, {}],
    ['gzip', gzipSync(json), { 'content-encoding': 'gzip' }],
    ['deflate (zlib)', deflateSync(json), { 'content-encoding': 'deflate' }],
    ['deflate (raw)', deflateRawSync(json), { 'content-encoding': 'deflate' }],
    ['br', brotliCompressSync(json), { 'content-encoding': 'br' }],
    ['identity', json, { 'content-encoding': 'identity' }],
    ['utf-8', json, { 'content-encoding': 'UTF-8' }],
    ['empty encoding', json, { 'content-encoding': '' }],
    ['base64(zlib) raven', zlibBase64, { 'content-type': 'application/octet-stream' }],
    ['base64(zlib) wrapped lines', zlibBase64.replace(/(.{60})/g, '$1\n'), {}],
    ['zlib without header', deflateSync(json), {}],
    ['gzip without header', gzipSync(json), {}],
    ['text/plain', json, { 'content-type': 'text/plain;charset=UTF-8' }],
    ['garbled content-type', json, { 'content-type': '@@@' }],
  ];
  for (const [name, body, headers] of cases) {
    it(`/store/ accepts ${name}`, async () => {
      const res = await post(`/api/1/store/?sentry_key=${key}`, body, headers);
      expect(res.statusCode, res.body).toBe(200);
      const [item] = await queued(t.storage);
      expect(JSON.parse(Buffer.from(item!.payload).toString())).toEqual({
        event_id: EVENT_ID,
        message: 'hello',
      });
    });
  }
  it('decodes compressed envelopes and treats every content type as an envelope', async () => {
    const body = Buffer.from(eventEnvelope());
    expect(
      (await post(`/api/1/envelope/?sentry_key=${key}`, gzipSync(body), { 'content-encoding': 'gzip' }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await post(`/api/1/envelope/?sentry_key=${key}`, brotliCompressSync(body), {
          'content-encoding': 'br',
          'content-type': 'multipart/form-data',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await post(`/api/1/store/?sentry_key=${key}`, body, {
          'content-type': 'application/x-sentry-envelope',
        })
      ).statusCode,
    ).toBe(200);
    // Ingest does not deduplicate (digest drops repeated event ids): three requests, three rows.
    expect(await queued(t.storage)).toHaveLength(3);
  });
  it('answers 400 to an unknown encoding, broken compression, bad JSON and broken envelopes', async () => {
    const url = `/api/1/envelope/?sentry_key=${key}`;
    const cases: Array<[Buffer | string, Record<string, string>, RegExp]> = [
      [eventEnvelope(), { 'content-encoding': 'zstd' }, /Content-Encoding/],
      [Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }, /decompress/],
      ['{"event_id":', {}, /JSON/],
      [`{}\n{"type":"event","length":500}\n{}`, {}, /length/],
      [`{}\n{"type":"event"}\n{"a":`, {}, /JSON/],
      [`{}\n{"type":"event"}\n[1,2]`, {}, /object/],
    ];
    for (const [body, headers, detail] of cases) {
      const res = await post(url, body, headers);
      expect(res.statusCode, String(detail)).toBe(400);
      expect(res.headers['x-sentry-error']).toMatch(detail);
      expect(res.json().detail).toMatch(detail);
    }
    expect((await post(`/api/1/store/?sentry_key=${key}`, '')).statusCode).toBe(400);
    expect((await post(`/api/1/store/?sentry_key=${key}`, 'not base64 !!!')).statusCode).toBe(400);
    expect(await queued(t.storage)).toHaveLength(0);
  });
  it('repairs NaN and enforces the JSON depth limit', async () => {
    const nan = await post(`/api/1/store/?sentry_key=${key}`, '{"message":"m","extra":{"ratio":NaN}}');
    expect(nan.statusCode).toBe(200);
    const deep = `{"extra":${'['.repeat(100)}${']'.repeat(100)}}`;
    const res = await post(`/api/1/store/?sentry_key=${key}`, deep);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/deeper/);
  });
  it('generates an event id when none is given', async () => {
    const res = await post(`/api/1/store/?sentry_key=${key}`, '{"message":"no id"}');
    expect(res.json().id).toMatch(/^[0-9a-f]{32}$/);
    expect((await queued(t.storage))[0]!.eventId).toBe(res.json().id);
  });
});

describe('envelope items', () => {
  it('queues events, drops other items, skips unknown types and tells SDKs what it discards', async () => {
    const body = envelope({}, [
      [{ type: 'future_thing' }, { x: 1 }],
      [{ type: 'session' }, { sid: 's' }],
      [{ type: 'attachment', length: 3 }, 'a\nb'],
      [{ type: 'transaction' }, { type: 'transaction' }],
      [{ type: 'event' }, { event_id: 'DEADBEEF-DEAD-BEEF-DEAD-BEEFDEADBEEF', message: 'x' }],
    ]);
    const res = await post(`/api/1/envelope/?sentry_key=${key}`, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'deadbeefdeadbeefdeadbeefdeadbeef' });
    expect(res.headers['x-sentry-rate-limits']).toBe('3600:session;transaction:organization:unsupported');
    expect(res.headers['retry-after']).toBeUndefined();
    expect((await queued(t.storage)).map((q) => q.eventId)).toEqual(['deadbeefdeadbeefdeadbeefdeadbeef']);
  });
  it('records the envelope sent_at for digest and reads event_id from an item header', async () => {
    const sentAt = '2026-11-25T06:01:57.693Z';
    const body = envelope({ sent_at: sentAt }, [
      [{ type: 'event', event_id: 'e'.repeat(32) }, { message: 'm' }],
    ]);
    expect((await post(`/api/1/envelope/?sentry_key=${key}`, body)).json()).toEqual({ id: 'e'.repeat(32) });
    const [row] = await queued(t.storage);
    expect(row!.meta).toMatchObject({ sentAt, remoteAddr: '127.0.0.1' });
  });
  it('takes the client address from X-Forwarded-For only when trustProxy says so', async () => {
    const body = eventEnvelope();
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    await post(`/api/1/envelope/?sentry_key=${key}`, body, headers);
    expect((await queued(t.storage))[0]!.meta?.remoteAddr).toBe('127.0.0.1');
    const proxied = await makeTestApp({ trustProxy: 'true' });
    try {
      const url = `/api/1/envelope/?sentry_key=${proxied.key.publicKey}`;
      await proxied.app.inject({ method: 'POST', url, payload: body, headers });
      expect((await queued(proxied.storage))[0]!.meta?.remoteAddr).toBe('203.0.113.7');
    } finally {
      await proxied.close();
    }
  });
  it('answers {} to an envelope without an event and lets the header event_id win', async () => {
    const sessions = await post(
      `/api/1/envelope/?sentry_key=${key}`,
      envelope({}, [[{ type: 'client_report' }, {}]]),
    );
    expect(sessions.json()).toEqual({});
    const res = await post(
      `/api/1/envelope/?sentry_key=${key}`,
      envelope({ event_id: EVENT_ID }, [[{ type: 'event' }, { event_id: 'f'.repeat(32) }]]),
    );
    expect(res.json()).toEqual({ id: EVENT_ID });
    expect((await queued(t.storage)).map((q) => q.eventId)).toEqual([EVENT_ID]);
  });
});
