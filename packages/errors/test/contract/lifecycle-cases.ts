// The contract cases about the request lifecycle (checklist 5, 37, 38, 40) and request mapping.
import { expect, it } from 'vitest';
import { BadRequest, Forbidden } from '../../src/index.js';
import type { AdapterFixture } from './fixture.js';
import type { Started, StartOptions } from './harness.js';
import { until } from './harness.js';
import { header } from './reply.js';

/** Registers the lifecycle cases inside the adapter's describe block. */
export function lifecycleCases(
  fixture: AdapterFixture,
  start: (options?: StartOptions) => Promise<Started>,
): void {
  it('runs before-request steps first: their values are visible in the 404 handler (37)', async () => {
    const { f } = await start({
      app: (a) => a.register(404, (_e, request) => [`user=${String(fixture.readUser(request.raw))}`, 404]),
    });
    const reply = await f.request('GET', '/nope', { 'x-user': 'ada' });
    expect([reply.status, reply.body]).toEqual([404, 'user=ada']);
  });

  it('keeps headers set before the error and runs after-request steps on error responses (38)', async () => {
    let next: unknown;
    const { f } = await start({ app: (a) => a.register(403, () => ['handled', 403]), raise: () => next });
    next = new Forbidden();
    const handler = await f.request('GET', '/bp/throw');
    next = new Error('unhandled');
    const replies = {
      handler,
      page404: await f.request('GET', '/nope'),
      page500: await f.request('GET', '/throw'),
    };
    expect([handler.status, replies.page404.status, replies.page500.status]).toEqual([403, 404, 500]);
    for (const [what, reply] of Object.entries(replies)) {
      expect([what, header(reply, 'x-early')]).toEqual([what, '1']);
      if (fixture.afterHook) expect([what, header(reply, 'x-after')]).toEqual([what, '1']);
    }
  });

  it('tells after-response steps which error went unhandled, null when a handler took it (40)', async () => {
    let next: unknown;
    const { f } = await start({ app: (a) => a.register(403, () => ['handled', 403]), raise: () => next });
    const unhandled = new Error('unhandled');
    const expected: unknown[] = [];
    for (const [raised, status] of [
      [new Forbidden(), 403],
      [unhandled, 500],
      [new BadRequest(), 400],
    ] as const) {
      next = raised;
      expect((await f.request('GET', '/throw')).status).toBe(status);
      expected.push(raised === unhandled ? unhandled : null);
      await until(() => f.teardowns.length === expected.length);
    }
    expect((await f.request('GET', '/nope')).status).toBe(404);
    expected.push(null);
    await until(() => f.teardowns.length === expected.length);
    expect(f.teardowns).toEqual(expected);
    expect(f.teardowns[1]).toBe(unhandled);
  });

  it('fills ErrorRequest from the framework request', async () => {
    let seen: Record<string, unknown> | undefined;
    const { f } = await start({
      app: (a) =>
        a.register(404, (_e, request) => {
          seen = { ...request };
          return ['seen', 404];
        }),
    });
    await f.request('GET', '/missing/thing?a=1&b=two', { 'X-Custom': 'yes' });
    expect(seen).toMatchObject({
      method: 'GET',
      path: '/missing/thing',
      url: '/missing/thing?a=1&b=two',
      query: { a: '1', b: 'two' },
    });
    expect((seen?.headers as Record<string, unknown> | undefined)?.['x-custom']).toBe('yes');
    expect(seen?.raw).toBeDefined();
    // Hono's app.request() has no socket, so no peer address; every other fixture talks over loopback.
    if (seen?.remoteAddress !== undefined) expect(seen.remoteAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('closes registration once the app serves requests (5)', async () => {
    const { f, app } = await start();
    await f.request('GET', '/ok');
    expect(() => app.register(404, () => 'late')).toThrow(/can no longer be called/);
  });
}
