/// <reference types="node" />
// Koa behaviour beyond the shared contract: nested routers, Koa's own error path on propagation.
import type { Server } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { faultline } from '../src/adapters/koa.js';
import { createErrorApp, Forbidden, NotFound } from '../src/index.js';
import { portOf, send } from './contract/reply.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function listen(koa: Koa): Promise<number> {
  server = await new Promise<Server>((resolve) => {
    const s = koa.listen(0, '127.0.0.1', () => resolve(s));
  });
  return portOf(server);
}

describe('koa', () => {
  it('resolves a router nested in another innermost first, then the parent blueprint (14)', async () => {
    const koa = new Koa();
    const errors = faultline(koa, { app: createErrorApp() });
    const api = new Router({ prefix: '/api' });
    const users = new Router();
    const apiScope = errors.blueprint(api, 'api');
    apiScope.register(403, () => ['api-403', 403]);
    errors.blueprint(users, 'users', apiScope).register(404, () => ['no such user', 404]);
    users.get('/users/:id', (ctx) => {
      if (ctx.params.id === 'root') throw new Forbidden();
      throw new NotFound();
    });
    api.use(users.routes());
    koa.use(api.routes()).use(api.allowedMethods());
    const port = await listen(koa);
    expect((await send(port, 'GET', '/api/users/7')).body).toBe('no such user');
    expect((await send(port, 'GET', '/api/users/root')).body).toBe('api-403');
  });

  it("hands a propagated error to Koa's own onerror: the 'error' event and its plain 500", async () => {
    const koa = new Koa();
    const seen: unknown[] = [];
    koa.on('error', (e: unknown) => seen.push(e));
    faultline(koa, { app: createErrorApp({ debug: true }) });
    const error = new Error('to koa');
    koa.use(() => {
      throw error;
    });
    const reply = await send(await listen(koa), 'GET', '/');
    expect([reply.status, reply.body]).toEqual([500, 'Internal Server Error']);
    expect(seen).toEqual([error]);
  });
});
