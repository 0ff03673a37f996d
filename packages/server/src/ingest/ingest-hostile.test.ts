// Bad input never earns a 5xx and never takes the server down.
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, makeTestApp, type TestApp } from '../test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ maxDecompressedBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await t.close();
});

const CLIENT_ERRORS = [200, 400, 401, 403, 404, 413, 429];

describe('hostile ingest input', () => {
  it('answers random bodies, encodings, content types and paths with a 2xx or 4xx', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
      fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v))),
      fc
        .array(fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 50 })), { maxLength: 4 })
        .map((items) =>
          Buffer.from([JSON.stringify({}), ...items.flatMap(([h, p]) => [JSON.stringify(h), p])].join('\n')),
        ),
    );
    const encoding = fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'identity', 'x-unknown', '');
    const contentType = fc.constantFrom(
      undefined,
      'application/json',
      'text/plain',
      '@@',
      'multipart/form-data; boundary=',
      'application/x-sentry-envelope',
    );
    const path = fc.constantFrom(
      '/api/1/envelope/',
      '/api/1/store/',
      '/api/99999999999999999999/store/',
      '/p/api/1/envelope',
    );
    const auth = fc.constantFrom('query', 'header', 'garbled', 'none');
    await fc.assert(
      fc.asyncProperty(body, encoding, contentType, path, auth, async (b, enc, ct, p, a) => {
        const headers: Record<string, string> = {};
        if (enc !== undefined) headers['content-encoding'] = enc;
        if (ct !== undefined) headers['content-type'] = ct;
        if (a === 'header') headers['x-sentry-auth'] = `Sentry sentry_key=${t.key.publicKey}`;
        if (a === 'garbled') headers['x-sentry-auth'] = 'Sentry ,,=,';
        const url = a === 'query' ? `${p}?sentry_key=${t.key.publicKey}` : p;
        const res = await t.app.inject({ method: 'POST', url, headers, payload: b });
        expect(CLIENT_ERRORS, `${res.statusCode} ${res.body}`).toContain(res.statusCode);
        expect(res.headers['access-control-allow-origin']).toBe('*');
      }),
      { numRuns: 300 },
    );
  });

  it('survives a client that hangs up mid-body, and keeps serving', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as { port: number }).port;
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/1/envelope/?sentry_key=${t.key.publicKey} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{"event_id":"ab`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    const gz = gzipSync(Buffer.from(envelope({}, [[{ type: 'event' }, { message: 'after' }]])));
    const res = await fetch(`http://127.0.0.1:${port}/api/1/envelope/?sentry_key=${t.key.publicKey}`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip' },
      body: gz,
    });
    expect(res.status).toBe(200);
  });

  it('answers 503 (not a crash) when the database fails, and says so in metrics', async () => {
    const local = await makeTestApp();
    try {
      await local.storage.close();
      const res = await local.app.inject({
        method: 'POST',
        url: `/api/1/store/?sentry_key=${local.key.publicKey}`,
        payload: '{"message":"m"}',
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(local.metrics.rejected.get('unavailable')).toBe(1);
    } finally {
      await local.close();
    }
  });
});
