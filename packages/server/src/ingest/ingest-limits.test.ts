import { createGzip } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { envelope, makeTestApp, queued, type TestApp } from '../test-app.js';

let t: TestApp | undefined;

/** `mib` MiB of zeros gzipped (about 1/1000 of that), built without allocating the expansion. */
async function gzipBomb(mib: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mib; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r));
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ev = (id: string) => envelope({ event_id: id }, [[{ type: 'event' }, { message: 'm' }]]);
const hex = (n: number) => n.toString(16).padStart(32, '0');

describe('size limits', () => {
  it('answers 413 to a body over the compressed cap, declared or streamed', async () => {
    t = await makeTestApp({ maxCompressedBodyBytes: 1000 });
    const url = `/api/1/envelope/?sentry_key=${t.key.publicKey}`;
    const big = ev(hex(1)) + ' '.repeat(2000);
    const res = await t.app.inject({ method: 'POST', url, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-sentry-error']).toMatch(/exceeds 1000/);
  });

  it('stops a compression bomb at the decompressed cap without holding its expansion', async () => {
    t = await makeTestApp({ maxDecompressedBodyBytes: 1024 * 1024 });
    const bomb = await gzipBomb(128);
    const before = process.memoryUsage().rss;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/1/envelope/?sentry_key=${t.key.publicKey}`,
      payload: bomb,
      headers: { 'content-encoding': 'gzip' },
    });
    const grown = process.memoryUsage().rss - before;
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toMatch(/decompressed body exceeds/);
    // Inflating it all would take 128 MiB; the cap keeps it to a few.
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });

  it('answers 413 to an event over the event cap and to too many items', async () => {
    t = await makeTestApp({ maxEventBytes: 100, maxEnvelopeItems: 3 });
    const url = `/api/1/envelope/?sentry_key=${t.key.publicKey}`;
    const big = envelope({}, [[{ type: 'event' }, { message: 'x'.repeat(200) }]]);
    expect((await t.app.inject({ method: 'POST', url, payload: big })).statusCode).toBe(413);
    const many = envelope(
      {},
      [1, 2, 3, 4].map((i) => [{ type: 'session' }, { i }] as [Record<string, unknown>, unknown]),
    );
    const res = await t.app.inject({ method: 'POST', url, payload: many });
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toMatch(/more than 3 items/);
    const store = await t.app.inject({
      method: 'POST',
      url: url.replace('envelope', 'store'),
      payload: JSON.stringify({ message: 'y'.repeat(200) }),
    });
    expect(store.statusCode).toBe(413);
    expect(await queued(t.storage)).toHaveLength(0);
  });
});

describe('rate limits and back-pressure', () => {
  it('limits a key with a token bucket and answers 429 with integer Retry-After and X-Sentry-Rate-Limits', async () => {
    t = await makeTestApp();
    await t.storage.updateProjectKey(t.key.id, { rateLimitPerMinute: 2 });
    t.keys.invalidate(t.key.publicKey);
    const url = `/api/1/envelope/?sentry_key=${t.key.publicKey}`;
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await t.app.inject({ method: 'POST', url, payload: ev(hex(i + 1)) })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const res = await t.app.inject({ method: 'POST', url, payload: ev(hex(9)) });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.headers['x-sentry-rate-limits']).toBe(`${res.headers['retry-after']}::key:key_quota`);
    expect(res.headers['access-control-expose-headers']).toContain('retry-after');
    // Envelopes without events are not counted against the key.
    const session = await t.app.inject({
      method: 'POST',
      url,
      payload: envelope({}, [[{ type: 'session' }, {}]]),
    });
    expect(session.statusCode).toBe(200);
    expect(await queued(t.storage)).toHaveLength(2);
  });

  it('uses the configured default for keys without their own limit', async () => {
    t = await makeTestApp({ defaultKeyRateLimitPerMinute: 1 });
    const url = `/api/1/store/?sentry_key=${t.key.publicKey}`;
    expect((await t.app.inject({ method: 'POST', url, payload: '{"message":"a"}' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url, payload: '{"message":"b"}' })).statusCode).toBe(429);
  });

  it('answers 429 while the queue is at its bound, and 200 again once it drains', async () => {
    t = await makeTestApp({ queueMaxDepth: 2, backpressureRetryAfterSeconds: 7 });
    const url = `/api/1/envelope/?sentry_key=${t.key.publicKey}`;
    for (const i of [1, 2])
      expect((await t.app.inject({ method: 'POST', url, payload: ev(hex(i)) })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url, payload: ev(hex(3)) });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['x-sentry-rate-limits']).toBe('7::organization:backpressure');
    const claimed = await queued(t.storage);
    await t.storage.dropQueueItems(claimed.map((c) => c.id));
    await t.gauge.refresh();
    expect((await t.app.inject({ method: 'POST', url, payload: ev(hex(4)) })).statusCode).toBe(200);
  });
});

describe('durable accept with group commit', () => {
  it('has the row in the queue when the 200 arrives', async () => {
    t = await makeTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/1/envelope/?sentry_key=${t.key.publicKey}`,
      payload: ev(hex(42)),
    });
    expect(res.statusCode).toBe(200);
    // Straight after the answer, with no drain: the commit happened before it.
    const [row] = await queued(t.storage);
    expect(row).toMatchObject({ projectId: t.project.id, eventId: hex(42) });
    expect(JSON.parse(Buffer.from(row!.payload).toString())).toEqual({ message: 'm' });
  });

  it('commits concurrent requests together', async () => {
    t = await makeTestApp({ ingestBatchSize: 100, ingestBatchMaxWaitMs: 5 });
    const url = `/api/1/envelope/?sentry_key=${t.key.publicKey}`;
    const n = 50;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => t!.app.inject({ method: 'POST', url, payload: ev(hex(i + 1)) })),
    );
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(await queued(t.storage)).toHaveLength(n);
    expect(t.metrics.eventsAccepted).toBe(n);
    expect(t.metrics.queueCommits).toBeLessThan(n / 5);
  });
});
