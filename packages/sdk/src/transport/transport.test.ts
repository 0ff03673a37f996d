import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSender } from './http-sender.js';
import { DiskSpool } from './spool.js';
import { startReceiver, waitFor } from './test-receiver.js';
import { createTransport } from './transport.js';

const env = (n: number, category = 'error') => ({
  body: new TextEncoder().encode(`{}\n{"type":"event"}\n{"n":${n}}`),
  category,
});
const numbers = (bodies: Buffer[]) => bodies.map((b) => JSON.parse(b.toString().split('\n')[2]!).n as number);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(
  answer?: Parameters<typeof startReceiver>[0],
  options: Partial<Parameters<typeof createTransport>[0]> = {},
) {
  const receiver = await startReceiver(answer);
  const sender = createHttpSender({ url: receiver.url });
  const transport = createTransport({ send: sender, initialBackoffMs: 20, maxBackoffMs: 100, ...options });
  cleanups.push(
    () => sender.close(),
    () => receiver.close(),
  );
  return { receiver, transport };
}

describe('transport', () => {
  it('delivers a burst of 1,000 envelopes sent in one tick, all of them', async () => {
    const { receiver, transport } = await setup();
    for (let i = 0; i < 1000; i++) transport.send(env(i));
    expect(await transport.flush(20_000)).toBe(true);
    expect(receiver.received).toHaveLength(1000);
    expect(new Set(numbers(receiver.received.map((r) => r.body))).size).toBe(1000);
    expect(transport.outcomes.total).toBe(0);
  });

  it('counts what it must drop beyond the bounded queue', async () => {
    const { receiver, transport } = await setup(undefined, { maxQueueSize: 10, concurrency: 1 });
    for (let i = 0; i < 50; i++) transport.send(env(i));
    await transport.flush(5000);
    expect(receiver.received.length).toBe(11);
    expect(transport.outcomes.snapshot()).toEqual([
      { reason: 'queue_overflow', category: 'error', quantity: 39 },
    ]);
  });

  it('retries with backoff after 5xx and network errors, in order, and loses nothing', async () => {
    let failures = 3;
    const { receiver, transport } = await setup(() => (failures-- > 0 ? { status: 503 } : { status: 200 }), {
      concurrency: 1,
    });
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) transport.send(env(i));
    await waitFor(() => receiver.received.length === 5);
    expect(numbers(receiver.received.map((r) => r.body))).toEqual([0, 1, 2, 3, 4]);
    // Three failed probes waited 20, 40 and 80 ms (plus jitter) before the fourth got through.
    expect(receiver.received[0]!.at - t0).toBeGreaterThanOrEqual(140);
  });

  it('holds a rate-limited category until the limit expires while other categories flow', async () => {
    let first = true;
    const { receiver, transport } = await setup((req) => {
      if (first && req.body.includes('"n":0')) {
        first = false;
        return { status: 429, headers: { 'x-sentry-rate-limits': '1:error:project', 'retry-after': '1' } };
      }
      return { status: 200 };
    });
    const t0 = Date.now();
    transport.send(env(0));
    await waitFor(() => transport.rateLimits.limitedUntil('error') > 0);
    transport.send(env(1));
    transport.send(env(2, 'transaction'));
    await waitFor(() => receiver.received.length === 1);
    expect(numbers(receiver.received.map((r) => r.body))).toEqual([2]);
    await waitFor(() => receiver.received.length === 3, 4000);
    const errors = receiver.received.filter((r) => !r.body.includes('"n":2'));
    expect(numbers(errors.map((r) => r.body))).toEqual([0, 1]);
    for (const r of errors) expect(r.at - t0).toBeGreaterThanOrEqual(950);
  });

  it('drops and counts envelopes the tracker refuses with a 4xx', async () => {
    const { receiver, transport } = await setup(() => ({ status: 400 }));
    transport.send(env(0));
    await transport.flush(2000);
    expect(receiver.received).toHaveLength(0);
    expect(transport.outcomes.snapshot()).toEqual([{ reason: 'send_error', category: 'error', quantity: 1 }]);
  });

  it('gzips large bodies', async () => {
    const { receiver, transport } = await setup();
    const big = {
      body: new TextEncoder().encode(`{}\n{"type":"event"}\n{"n":1,"pad":"${'x'.repeat(40_000)}"}`),
      category: 'error',
    };
    transport.send(big);
    await transport.flush(2000);
    expect(receiver.received[0]!.headers['content-encoding']).toBe('gzip');
    expect(receiver.received[0]!.body.byteLength).toBe(big.body.byteLength);
  });

  it('spools to disk while the tracker is down and sends after a restart of the process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-spool-'));
    const down = createTransport({
      send: createHttpSender({ url: 'http://127.0.0.1:9/api/1/envelope/', timeoutMs: 500 }),
      store: new DiskSpool(dir, { maxFiles: 100, maxBytes: 1 << 20 }),
      initialBackoffMs: 50,
    });
    for (let i = 0; i < 5; i++) down.send(env(i));
    await waitFor(() => readdirSync(dir).length === 5);
    expect(await down.close(100)).toBe(true);

    // A new process: a fresh transport over the same directory, with the tracker back.
    const { receiver } = await setup();
    const up = createTransport({
      send: createHttpSender({ url: receiver.url }),
      store: new DiskSpool(dir, { maxFiles: 100, maxBytes: 1 << 20 }),
    });
    // Spooled envelopes go out on start, before anything new is captured.
    await waitFor(() => receiver.received.length === 5);
    up.send(env(5));
    await waitFor(() => receiver.received.length === 6);
    expect(numbers(receiver.received.map((r) => r.body))).toEqual([0, 1, 2, 3, 4, 5]);
    await waitFor(() => readdirSync(dir).length === 0);
  });

  it('bounds the spool by count and bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-spool-'));
    const spool = new DiskSpool(dir, { maxFiles: 3, maxBytes: 1 << 20 });
    expect([1, 2, 3, 4].map((n) => spool.push(env(n)))).toEqual([true, true, true, false]);
    const small = new DiskSpool(mkdtempSync(join(tmpdir(), 'fl-spool-')), { maxFiles: 100, maxBytes: 40 });
    expect([1, 2].map((n) => small.push(env(n)))).toEqual([true, false]);
  });
});
