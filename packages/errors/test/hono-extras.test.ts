/// <reference types="node" />
// Hono behaviour beyond the shared contract: nested sub-apps, propagation through @hono/node-server.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { faultline } from '../src/adapters/hono.js';
import { createErrorApp, Forbidden } from '../src/index.js';
import { portOf, send } from './contract/reply.js';

describe('hono', () => {
  it('resolves nested sub-apps innermost first, then the parent blueprint (14)', async () => {
    const app = new Hono();
    const errors = faultline(app, { app: createErrorApp() });
    const api = new Hono();
    const v1 = new Hono();
    const apiScope = errors.blueprint(api, 'api');
    apiScope.register(403, () => ['api-403', 403]);
    errors.blueprint(v1, 'v1', apiScope).register(404, () => ['v1-404', 404]);
    v1.get('/secret', () => {
      throw new Forbidden();
    });
    api.route('/v1', v1);
    app.route('/api', api);
    const secret = await app.request('/api/v1/secret');
    expect([secret.status, await secret.text()]).toEqual([403, 'api-403']);
    // Unrouted under the prefix: the application's default 404, not v1's handler (15).
    const nope = await app.request('/api/v1/nope');
    expect([nope.status, await nope.text()]).not.toEqual([404, 'v1-404']);
    expect(nope.status).toBe(404);
  });

  it('answers a handled error on a single-handler route without a promise, as Hono’s own onError does', async () => {
    const app = new Hono();
    faultline(app, { app: createErrorApp() }).app.register(403, () => ['no', 403]);
    app.get('/secret', () => {
      throw new Forbidden();
    });
    app.get('/plain', () => {
      throw 'plain';
    });
    // Middleware around every route would put it on Hono's async compose path (and @hono/node-server's
    // slow path): the response must come back from fetch() itself.
    const response = app.fetch(new Request('http://localhost/secret'));
    expect(response).toBeInstanceOf(Response);
    expect([(response as Response).status, await (response as Response).text()]).toEqual([403, 'no']);
    // A thrown non-Error is still answered, from the outermost handler.
    const plain = await app.request('/plain');
    expect(plain.status).toBe(500);
  });

  it('lets a propagated error leave fetch(), where @hono/node-server answers its own bodiless 500', async () => {
    const app = new Hono();
    const error = new Error('out of fetch');
    faultline(app, { app: createErrorApp({ testing: true }) });
    app.get('/boom', () => {
      throw error;
    });
    await expect(app.request('/boom')).rejects.toBe(error);
    // Its default answer to an error out of fetch(): a bodiless 500.
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise((resolve) =>
      server.listening ? resolve(undefined) : server.once('listening', resolve),
    );
    const reply = await send(portOf(server), 'GET', '/boom');
    expect([reply.status, reply.body]).toEqual([500, '']);
    server.close();
  });
});
