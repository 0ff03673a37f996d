// Ingest over a real socket: node:http hands these requests to the raw handler, not to Fastify.
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelope, makeTestApp, queued, type TestApp } from '../test-app.js';

const EVENT_ID = '0123456789abcdef0123456789abcdef';
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
};
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const ev = (id = EVENT_ID) => envelope({ event_id: id }, [[{ type: 'event' }, { message: 'm' }]]);

let t: TestApp;
let base: string;
let key: string;

async function listening(overrides: Parameters<typeof makeTestApp>[0] = {}) {
  const app = await makeTestApp(overrides);
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base: `http://127.0.0.1:${(app.app.server.address() as { port: number }).port}` };
}
beforeEach(async () => {
  ({ app: t, base } = await listening());
  key = t.key.publicKey;
});
afterEach(async () => {
  await t.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', body, headers });
const headersOf = (res: Response) => Object.fromEntries(res.headers);

describe('ingest over HTTP', () => {
  it('accepts an envelope and a store event with JSON, CORS and keep-alive', async () => {
    const env = await post(`/api/1/envelope/?sentry_key=${key}`, ev());
    expect(env.status).toBe(200);
    expect(headersOf(env)).toMatchObject({ ...CORS, ...JSON_TYPE, connection: 'keep-alive' });
    expect(await env.json()).toEqual({ id: EVENT_ID });
    const id = 'b'.repeat(32);
    const store = await post(`/sentry/api/1/store?sentry_key=${key}`, JSON.stringify({ event_id: id }));
    expect(store.status).toBe(200);
    expect(await store.json()).toEqual({ id });
    expect((await queued(t.storage)).map((q) => q.eventId).sort()).toEqual([EVENT_ID, id]);
  });

  it('serves several requests on one kept-alive connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (i: number) =>
      new Promise<{ status?: number; reused: boolean }>((resolve, reject) => {
        const req = request(`${base}/api/1/envelope/?sentry_key=${key}`, { method: 'POST', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end(ev(String(i).repeat(32)));
      });
    const answers = [await send(1), await send(2), await send(3)];
    agent.destroy();
    expect(answers).toEqual([
      { status: 200, reused: false },
      { status: 200, reused: true },
      { status: 200, reused: true },
    ]);
  });

  it('answers preflight, and 404 with CORS off the ingest paths', async () => {
    const pre = await fetch(`${base}/api/1/envelope/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://a.test', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(200);
    expect(headersOf(pre)).toMatchObject({
      ...CORS,
      'access-control-max-age': '3600',
      'content-length': '0',
    });
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-sentry-auth');
    const missing = await post(`/errors/nothing/?sentry_key=${key}`, '{}');
    expect(missing.status).toBe(404);
    expect(headersOf(missing)).toMatchObject({ ...CORS, ...JSON_TYPE });
    expect(await missing.json()).toEqual({ detail: 'not found' });
  });

  it('leaves every other request to Fastify: health, web UI, other methods', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const login = await fetch(`${base}/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const get = await fetch(`${base}/api/1/envelope/`);
    expect(get.status).toBe(404);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const badEscape = await post(`/%zz/api/1/envelope/?sentry_key=${key}`, ev());
    expect(badEscape.status).toBe(400);
    expect((await badEscape.json()).code).toBe('FST_ERR_BAD_URL');
  });

  it('maps rejections to their status, headers and x-sentry-error, with CORS', async () => {
    const url = `/api/1/envelope/?sentry_key=${key}`;
    const unauthorized = await post('/api/1/envelope/', ev());
    const forbidden = await post(`/api/1/envelope/?sentry_key=${'f'.repeat(32)}`, ev());
    const broken = await post(url, 'not json\n');
    for (const [res, status] of [
      [unauthorized, 401],
      [forbidden, 403],
      [broken, 400],
    ] as const) {
      expect(res.status).toBe(status);
      expect(headersOf(res)).toMatchObject({ ...CORS, ...JSON_TYPE });
      const { detail } = await res.json();
      expect(res.headers.get('x-sentry-error')).toBe(detail);
    }
    await t.storage.updateProjectKey(t.key.id, { rateLimitPerMinute: 1 });
    t.keys.invalidate(key);
    expect((await post(url, ev('1'.repeat(32)))).status).toBe(200);
    const limited = await post(url, ev('2'.repeat(32)));
    expect(limited.status).toBe(429);
    expect(headersOf(limited)).toMatchObject({ ...CORS, 'retry-after': '60' });
    expect(limited.headers.get('x-sentry-rate-limits')).toMatch(/^60::key/);
    expect(t.metrics.rejected.get('rate_limited')).toBe(1);
  });

  it('answers 413 to a declared oversized body and closes the connection, as Fastify did', async () => {
    const small = await listening({ maxCompressedBodyBytes: 1000 });
    try {
      const res = await fetch(`${small.base}/api/1/envelope/?sentry_key=${small.app.key.publicKey}`, {
        method: 'POST',
        body: ev() + ' '.repeat(2000),
      });
      expect(res.status).toBe(413);
      expect(headersOf(res)).toMatchObject({ ...CORS, connection: 'close' });
      expect(res.headers.get('x-sentry-error')).toMatch(/exceeds 1000/);
      expect(small.app.metrics.rejected.get('too_large')).toBe(1);
    } finally {
      await small.app.close();
    }
  });

  it('counts a body cut off mid-stream as a bad request and keeps serving', async () => {
    const port = new URL(base).port;
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/1/envelope/?sentry_key=${key} HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"event_id":`,
        );
        setTimeout(() => socket.destroy(), 30);
      });
      socket.on('close', () => resolve());
    });
    await expect.poll(() => t.metrics.rejected.get('bad_request')).toBe(1);
    expect((await post(`/api/1/envelope/?sentry_key=${key}`, ev())).status).toBe(200);
    expect(await queued(t.storage)).toHaveLength(1);
  });
});

describe('closing', () => {
  it('answers and commits a request in flight when close begins, and then closes', async () => {
    const slow = await listening({ ingestBatchMaxWaitMs: 300 });
    try {
      const url = `${slow.base}/api/1/envelope/?sentry_key=${slow.app.key.publicKey}`;
      // Without keep-alive: a kept-alive connection would hold close() until keepAliveTimeout, with
      // or without the raw path (node:http does not end connections that go idle during close).
      const answer = new Promise<number | undefined>((resolve, reject) => {
        const req = request(url, { method: 'POST', agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        });
        req.on('error', reject);
        req.end(ev());
      });
      await expect.poll(() => slow.app.batcher.stats.pending).toBe(1);
      const closed = slow.app.app.close();
      expect(await answer).toBe(200);
      await closed;
      expect(await queued(slow.app.storage)).toHaveLength(1);
    } finally {
      await slow.app.close();
    }
  });
});

describe('client address over HTTP', () => {
  const body = ev();
  const forwarded = { 'x-forwarded-for': '203.0.113.7, 198.51.100.2' };
  for (const [trustProxy, expected] of [
    ['', '127.0.0.1'],
    ['true', '203.0.113.7'],
    ['1', '198.51.100.2'],
    ['127.0.0.1', '198.51.100.2'],
    ['127.0.0.1, 198.51.100.0/24', '203.0.113.7'],
  ] as const) {
    it(`records ${expected} with trustProxy "${trustProxy}"`, async () => {
      const proxied = await listening({ trustProxy });
      try {
        const url = `${proxied.base}/api/1/envelope/?sentry_key=${proxied.app.key.publicKey}`;
        expect((await fetch(url, { method: 'POST', body, headers: forwarded })).status).toBe(200);
        expect((await queued(proxied.app.storage))[0]!.meta?.remoteAddr).toBe(expected);
      } finally {
        await proxied.app.close();
      }
    });
  }
});
