/// <reference types="node" />
// Express behaviour beyond the shared contract: Express's own final handler, nested routers.
import type { Server } from 'node:http';
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { faultline } from '../src/adapters/express.js';
import { createErrorApp, Forbidden } from '../src/index.js';
import { header, portOf, send } from './contract/reply.js';

const quiet = { error: () => {} };
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function listen(app: { listen: (port: number, host: string, cb: () => void) => Server }) {
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', resolve);
  });
  return portOf(server!);
}

for (const [name, make] of [
  ['express 5', express],
  ['express 4', express4],
] as const) {
  describe(name, () => {
    it("hands a propagated error to Express's own final handler", async () => {
      const web = make();
      web.set('env', 'test'); // finalhandler still shows the stack outside production, without logging
      faultline(web, { app: createErrorApp({ testing: true, logger: quiet }) });
      web.get('/boom', () => {
        throw new Error('seen by finalhandler');
      });
      const reply = await send(await listen(web), 'GET', '/boom');
      expect(reply.status).toBe(500);
      expect(reply.body).toContain('Error: seen by finalhandler');
      expect(header(reply, 'content-security-policy')).toBe("default-src 'none'");
    });

    it('resolves nested routers innermost first, then the parent blueprint (14)', async () => {
      const web = make();
      const errors = faultline(web, { app: createErrorApp({ logger: quiet }) });
      const api = make.Router();
      const v1 = make.Router();
      const v2 = make.Router();
      const apiScope = errors.blueprint(api, 'api');
      apiScope.register(403, () => ['api-403', 403]);
      errors.blueprint(v1, 'v1', apiScope);
      errors.blueprint(v2, 'v2', apiScope).register(403, () => ['v2-403', 403]);
      for (const router of [v1, v2]) {
        router.get('/secret', () => {
          throw new Forbidden();
        });
      }
      api.use('/v1', v1);
      api.use('/v2', v2);
      web.use('/api', api);
      const port = await listen(web);
      expect((await send(port, 'GET', '/api/v1/secret')).body).toBe('api-403');
      expect((await send(port, 'GET', '/api/v2/secret')).body).toBe('v2-403');
      const wrongMethod = await send(port, 'DELETE', '/api/v2/secret');
      expect([wrongMethod.status, header(wrongMethod, 'allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    });

    it('as a mounted sub-app, handles its own errors but leaves unrouted requests to the parent', async () => {
      const parent = make();
      const sub = make();
      faultline(sub, { app: createErrorApp({ logger: quiet }) }).app.register(403, () => ['sub-403', 403]);
      sub.get('/secret', () => {
        throw new Forbidden();
      });
      parent.use('/sub', sub);
      parent.get('/sub/parent-route', (_req, res) => {
        res.send('parent answered');
      });
      const port = await listen(parent);
      expect((await send(port, 'GET', '/sub/secret')).body).toBe('sub-403');
      expect((await send(port, 'GET', '/sub/parent-route')).body).toBe('parent answered');
    });

    it('keeps its final layers last even for routes added after the first request', async () => {
      const web = make();
      faultline(web, { app: createErrorApp({ logger: quiet }) });
      const port = await listen(web);
      expect((await send(port, 'GET', '/late')).status).toBe(404);
      web.get('/late', (_req, res) => {
        res.send('late route');
      });
      expect((await send(port, 'GET', '/late')).body).toBe('late route');
    });
  });
}
