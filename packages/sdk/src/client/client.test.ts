import { parseEnvelope } from '@sentry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, waitFor } from '../transport/test-receiver.js';
import type { Event } from '../types.js';
import { Client } from './client.js';
import { Scope } from './scope.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(options: ConstructorParameters<typeof Client>[0] = {}) {
  const receiver = await startReceiver();
  const client = new Client({
    dsn: `http://abc@127.0.0.1:${receiver.port}/1`,
    environment: 'test',
    release: 'r@1',
    ...options,
  });
  cleanups.push(
    () => client.close(1000),
    () => receiver.close(),
  );
  const events = () =>
    receiver.received.map((r) => {
      const [headers, items] = parseEnvelope(r.body);
      // Sentry's parser hands items with a `length` back as bytes: decode them as JSON.
      const raw = items[0]![1] as unknown;
      const payload = (raw instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(raw)) : raw) as Event;
      return { headers, item: items[0]![0], payload, url: r.url };
    });
  return { receiver, client, events };
}

function checkout(cart: { total: number }) {
  const coupon = 'SPRING';
  throw new Error(`checkout failed for ${cart.total} with ${coupon}`, { cause: new TypeError('bad total') });
}

describe('Client', () => {
  it('sends an event Sentry itself parses, with frames, context, variables, contexts and sdk', async () => {
    const { client, events } = await setup();
    let error: unknown;
    try {
      checkout({ total: 42 });
    } catch (e) {
      error = e;
    }
    const scope = new Scope().setUser({ id: 'u-1' }).setTag('area', 'cart').setExtra('n', 1);
    scope.addBreadcrumb({ category: 'ui', message: 'clicked pay' });
    const id = client.captureException(error, {}, scope);
    expect(await client.flush(3000)).toBe(true);
    const [sent] = events();
    expect(sent!.url).toMatch(
      /^\/api\/1\/envelope\/\?sentry_version=7&sentry_key=abc&sentry_client=faultline.node%2F0.1.0$/,
    );
    expect(sent!.headers).toMatchObject({ event_id: id, sdk: { name: 'faultline.node' } });
    expect(sent!.item).toMatchObject({ type: 'event' });
    const event = sent!.payload;
    expect(event).toMatchObject({
      event_id: id,
      platform: 'node',
      level: 'error',
      environment: 'test',
      release: 'r@1',
      user: { id: 'u-1' },
      tags: { area: 'cart' },
      extra: { n: 1 },
      contexts: { runtime: { name: 'node', version: process.version }, os: { name: expect.any(String) } },
    });
    expect(event.breadcrumbs!.values).toMatchObject([{ category: 'ui', message: 'clicked pay' }]);
    const [cause, main] = event.exception!.values;
    expect(cause).toMatchObject({
      type: 'TypeError',
      value: 'bad total',
      mechanism: { type: 'chained', source: 'cause', exception_id: 1, parent_id: 0 },
    });
    expect(main).toMatchObject({
      type: 'Error',
      value: 'checkout failed for 42 with SPRING',
      mechanism: { type: 'generic', handled: true, exception_id: 0 },
    });
    const top = main!.stacktrace!.frames.at(-1)!;
    expect(top).toMatchObject({
      function: 'checkout',
      in_app: true,
      abs_path: import.meta.filename,
      vars: { cart: { total: 42 }, coupon: 'SPRING' },
    });
    expect(top.context_line).toContain('throw new Error(`checkout failed for');
    expect(top.pre_context).toHaveLength(5);
  });

  it('sends messages, and drops events through ignoreErrors, beforeSend and sampleRate', async () => {
    const { client, events } = await setup({
      ignoreErrors: ['ignore me', /^RangeError:/],
      beforeSend: (event) =>
        event.message === 'drop' ? null : { ...event, tags: { ...event.tags, seen: 'yes' } },
    });
    client.captureMessage('hello', 'warning');
    client.captureMessage('drop');
    client.captureException(new Error('please ignore me'));
    client.captureException(new RangeError('out of range'));
    await client.flush(3000);
    await waitFor(() => events().length === 2);
    const sent = events().filter((e) => e.item.type === 'event');
    expect(sent.map((e) => [e.payload.message, e.payload.level, e.payload.tags?.seen])).toEqual([
      ['hello', 'warning', 'yes'],
    ]);
    const report = events().find((e) => e.item.type === 'client_report')!;
    expect(report.payload).toMatchObject({
      discarded_events: [{ reason: 'before_send', category: 'error', quantity: 1 }],
    });
  });

  it('counts sampled-out events and reports them in a client_report', async () => {
    const { client, events } = await setup({ sampleRate: 0 });
    client.captureException(new Error('sampled out'));
    await client.flush(3000);
    await waitFor(() => events().length === 1);
    expect(events()[0]!.item).toMatchObject({ type: 'client_report' });
    expect(events()[0]!.payload).toMatchObject({
      discarded_events: [{ reason: 'sample_rate', category: 'error', quantity: 1 }],
    });
  });

  it('captures the same error object once, and thrown non-errors as synthetic exceptions', async () => {
    const { client, events } = await setup();
    const error = new Error('twice');
    expect(client.captureException(error)).not.toBe('');
    expect(client.captureException(error)).toBe('');
    client.captureException({ code: 7, reason: 'odd' });
    await client.flush(3000);
    expect(events()).toHaveLength(2);
    expect(events()[1]!.payload).toMatchObject({
      exception: {
        values: [
          {
            type: 'Error',
            value: 'Object captured as exception with keys: code, reason',
            mechanism: { synthetic: true },
          },
        ],
      },
      extra: { __serialized__: { code: 7, reason: 'odd' } },
    });
  });

  it('adds scrubbed request data', async () => {
    const { client, events } = await setup();
    client.captureException(new Error('in request'), {
      request: {
        method: 'POST',
        path: '/pay',
        url: '/pay?token=t&page=1',
        headers: {
          host: 'shop.test',
          authorization: 'Bearer x',
          cookie: 'sid=1',
          'content-type': 'application/json',
        },
        body: { card: '4111111111111111', password: 'p', item: 'book' },
        remoteAddress: '10.0.0.1',
      },
    });
    await client.flush(3000);
    const event = events()[0]!.payload;
    expect(event.request).toEqual({
      method: 'POST',
      url: 'http://shop.test/pay',
      query_string: 'token=%5BFiltered%5D&page=1',
      headers: { host: 'shop.test', authorization: '[Filtered]', 'content-type': 'application/json' },
      data: { card: '[Filtered]', password: '[Filtered]', item: 'book' },
    });
    expect(event.transaction).toBe('POST /pay');
    expect(event.user).toBeUndefined();
  });

  it('delivers every event of a 1,000-capture burst in one tick', async () => {
    const { client, receiver } = await setup({ includeLocalVariables: false });
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) ids.add(client.captureException(new Error(`burst ${i}`)));
    expect(await client.flush(30_000)).toBe(true);
    expect(receiver.received).toHaveLength(1000);
    const sent = new Set(
      receiver.received.map((r) => (parseEnvelope(r.body)[0] as { event_id: string }).event_id),
    );
    expect(sent).toEqual(ids);
    expect(client.transport!.outcomes.total).toBe(0);
  });

  it('is disabled without errors when the DSN is empty or invalid', async () => {
    for (const dsn of ['', 'not a dsn']) {
      const client = new Client({ dsn });
      expect(client.enabled).toBe(false);
      expect(client.captureException(new Error('x'))).toBe('');
      expect(await client.flush(10)).toBe(true);
      await client.close(10);
    }
  });
});
