/// <reference types="node" />
import type { Server } from 'node:http';
import Router from '@koa/router';
import Koa, { type Context } from 'koa';
import { faultline } from '../../src/adapters/koa.js';
import type { AdapterFixture, Fixture, FixtureOptions } from '../contract/fixture.js';
import { portOf, send } from '../contract/reply.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function build({ app, blueprint, raise }: FixtureOptions): Promise<Fixture> {
  const koa = new Koa();
  const propagated: unknown[] = [];
  // Created first so the teardown below can use it; its middleware goes in where faultline() is called.
  let errors!: ReturnType<typeof faultline>;
  // Koa's own error path: ctx.onerror emits 'error' on the app (and would log it without a listener).
  koa.on('error', (error: unknown) => propagated.push(error));
  // Added before faultline(), so it wraps it: the after-request step sees every error response.
  const teardowns: unknown[] = [];
  koa.use(async (ctx, next) => {
    ctx.res.on('finish', () => teardowns.push(errors.unhandledError(ctx)));
    ctx.state.user = ctx.get('x-user');
    ctx.set('x-early', '1');
    await next();
    ctx.set('x-after', '1');
  });
  errors = faultline(koa, { app });
  const router = new Router();
  router.get('/ok', (ctx) => {
    ctx.body = 'ok';
  });
  router.get('/throw', () => {
    throw raise();
  });
  router.post('/throw', () => {
    throw raise();
  });
  router.get('/async-throw', async () => {
    await tick();
    throw raise();
  });
  router.get('/items', (ctx) => {
    ctx.body = 'items';
  });
  const bp = new Router({ prefix: '/bp' });
  bp.get('/ok', (ctx) => {
    ctx.body = 'bp ok';
  });
  bp.get('/throw', () => {
    throw raise();
  });
  // After the routes on purpose: the blueprint hook goes to the front of the router's stack anyway.
  const scope = errors.blueprint(bp, 'bp');
  blueprint?.(scope);
  koa.use(router.routes()).use(router.allowedMethods()).use(bp.routes()).use(bp.allowedMethods());

  const server: Server = await new Promise((resolve) => {
    const s = koa.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = portOf(server);
  return {
    propagated,
    teardowns,
    target: koa,
    request: (method, path, headers) => send(port, method, path, headers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The contract fixture for Koa 3 with @koa/router, over a real socket. */
export const koaFixture: AdapterFixture = {
  allow: 'GET, HEAD, OPTIONS',
  repeatedHeaderLines: true,
  afterHook: true,
  readUser: (raw) => (raw as Context).state.user,
  build,
};
