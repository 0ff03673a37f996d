import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { abort } from '@faultline/errors';
import { faultline } from '@faultline/errors/node';
import { parseEnvelope } from '@sentry/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addBreadcrumb,
  captureException,
  captureMessage,
  flush,
  setTag,
  setUser,
  withScope,
} from './client/hub.js';
import { createReporter, type Reporter } from './reporter.js';
import { startReceiver, waitFor } from './transport/test-receiver.js';
import type { Event } from './types.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function payloads(bodies: Buffer[]): Event[] {
  return bodies.map((b) => {
    const raw = parseEnvelope(b)[1][0]![1] as unknown;
    return JSON.parse(
      raw instanceof Uint8Array ? new TextDecoder().decode(raw) : JSON.stringify(raw),
    ) as Event;
  });
}

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler).listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function reporterWithReceiver(options: Parameters<typeof createReporter>[0] = {}) {
  const receiver = await startReceiver();
  const reporter: Reporter = createReporter({
    dsn: `http://k@127.0.0.1:${receiver.port}/7`,
    captureProcessErrors: false,
    ...options,
  });
  cleanups.push(
    () => receiver.close(),
    () => reporter.close(1000),
  );
  return { receiver, reporter, events: () => payloads(receiver.received.map((r) => r.body)) };
}

describe('createReporter', () => {
  it('attaches later to an app (app factory) and reports unhandled errors with the request, not 4xx', async () => {
    const { reporter, events } = await reporterWithReceiver();
    function createApp() {
      const app = faultline(async (req, res) => {
        if (req.url?.startsWith('/boom')) {
          const orderId = 'o-77';
          throw new Error(`order ${orderId} exploded`);
        }
        if (req.url === '/missing') abort(404);
        res.end('ok');
      });
      reporter.attach(app);
      return app;
    }
    const base = await serve(createApp());
    expect((await fetch(`${base}/boom?x=1`, { headers: { 'x-api-key': 'secret' } })).status).toBe(500);
    expect((await fetch(`${base}/missing`)).status).toBe(404);
    expect((await fetch(`${base}/`)).status).toBe(200);
    await reporter.flush(3000);
    const all = events();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      transaction: 'GET /boom',
      request: {
        method: 'GET',
        url: expect.stringMatching(/\/boom$/),
        query_string: 'x=1',
        headers: { 'x-api-key': '[Filtered]' },
      },
      exception: {
        values: [{ value: 'order o-77 exploded', mechanism: { type: 'faultline.errors', handled: false } }],
      },
    });
    const frame = all[0]!.exception!.values[0]!.stacktrace!.frames.at(-1)!;
    expect(frame).toMatchObject({ in_app: true, vars: { orderId: 'o-77' } });
  });

  it('keeps what a request sets on the scope (user, breadcrumbs) to that request', async () => {
    const { reporter, events } = await reporterWithReceiver({ breadcrumbs: { console: false, http: false } });
    setTag('service', 'shop');
    const app = faultline(async (req) => {
      const user = new URL(req.url ?? '/', 'http://x').searchParams.get('user')!;
      setUser({ id: user });
      addBreadcrumb({ category: 'step', message: `loaded ${user}` });
      await new Promise((r) => setTimeout(r, user === 'ann' ? 30 : 5));
      throw new Error(`failed for ${user}`);
    });
    reporter.attach(app);
    const base = await serve(app);
    await Promise.all(['ann', 'bob'].map((u) => fetch(`${base}/?user=${u}`)));
    await reporter.flush(3000);
    const byValue = Object.fromEntries(events().map((e) => [e.exception!.values[0]!.value, e]));
    for (const user of ['ann', 'bob']) {
      const event = byValue[`failed for ${user}`]!;
      expect(event.user).toEqual({ id: user });
      expect(event.tags).toEqual({ service: 'shop' });
      expect(event.breadcrumbs!.values.map((b: { message?: string }) => b.message)).toEqual([
        `loaded ${user}`,
      ]);
    }
    captureMessage('outside any request');
    await reporter.flush(3000);
    expect(events().at(-1)!.user).toBeUndefined();
  });

  it('takes the app directly in the one-line form, and refuses an app without @faultline/errors', async () => {
    const app = faultline(async () => {
      throw new Error('one-line');
    });
    const { events } = await reporterWithReceiver({ app, breadcrumbs: { console: false } });
    const base = await serve(app);
    await fetch(base);
    await flush(3000);
    expect(events().map((e) => e.exception?.values[0]?.value)).toEqual(['one-line']);
    const { reporter } = await reporterWithReceiver();
    expect(() => reporter.attach({})).toThrow(expect.objectContaining({ code: 'FL_SDK_APP_NOT_FOUND' }));
  });

  it('offers Sentry-style top-level functions, with withScope isolated across async work', async () => {
    const { events } = await reporterWithReceiver({ breadcrumbs: { console: false, http: false } });
    setTag('global', 'g');
    addBreadcrumb({ category: 'auth', message: 'signed in' });
    await withScope(async (scope) => {
      scope.setTag('job', 'nightly');
      await new Promise((r) => setTimeout(r, 5));
      captureException(new Error('inside'));
    });
    captureMessage('outside');
    await flush(3000);
    const [inside, outside] = events();
    expect(inside!.tags).toEqual({ global: 'g', job: 'nightly' });
    expect(outside!.tags).toEqual({ global: 'g' });
    expect(outside!.breadcrumbs!.values.map((b) => b.message)).toEqual(['signed in']);
  });

  it('installs process handlers and console instrumentation, and close() removes them', async () => {
    const listeners = () => [
      process.listenerCount('uncaughtException'),
      process.listenerCount('unhandledRejection'),
    ];
    const before = listeners();
    const originalWarn = console.warn;
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const reporter = createReporter({ dsn: `http://k@127.0.0.1:${receiver.port}/7` });
    expect(listeners()).toEqual([before[0]! + 1, before[1]! + 1]);
    expect(console.warn).not.toBe(originalWarn);
    await reporter.close(1000);
    expect(listeners()).toEqual(before);
    expect(console.warn).toBe(originalWarn);
  });

  it('records console and outgoing HTTP breadcrumbs, but not its own requests', async () => {
    const { events } = await reporterWithReceiver();
    const base = await serve((_req, res) => res.end('pong'));
    console.warn('disk almost full: %d%%', 93);
    await fetch(`${base}/ping?token=t`);
    await new Promise<void>((resolve) =>
      http.get(`${base}/legacy`, (res) => res.resume().on('end', resolve)),
    );
    captureException(new Error('after crumbs'));
    await flush(3000);
    captureException(new Error('second'));
    await flush(3000);
    await waitFor(() => events().length === 2);
    const crumbs = events()[1]!.breadcrumbs!.values;
    expect(crumbs.find((c) => c.category === 'console')).toMatchObject({
      level: 'warning',
      message: 'disk almost full: 93%',
    });
    const httpCrumbs = crumbs.filter((c) => c.category === 'http').map((c) => c.data);
    expect(httpCrumbs).toEqual([
      { method: 'GET', url: `${base}/ping`, status_code: 200 },
      { method: 'GET', url: `${base}/legacy`, status_code: 200 },
    ]);
  });
});
