// The same failing route on every framework @faultline/errors adapts, for the debug-page tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultline as expressFaultline } from '@faultline/errors/express';
import { faultline as fastifyFaultline } from '@faultline/errors/fastify';
import { faultline as honoFaultline } from '@faultline/errors/hono';
import { faultline as koaFaultline } from '@faultline/errors/koa';
import { faultline as nodeFaultline } from '@faultline/errors/node';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import type { AppKind } from './detect-app.js';
import { priceOrder, SAMPLE_ORDER } from './test-routes.js';

/** Builds a fresh app of the given kind whose GET /order throws (with a cause) from test-routes.ts. */
export function makeApp(kind: AppKind): object {
  switch (kind) {
    case 'express': {
      const app = express();
      expressFaultline(app);
      app.get('/order', (_req, res) => {
        res.json(priceOrder(SAMPLE_ORDER));
      });
      return app;
    }
    case 'fastify': {
      const app = Fastify();
      fastifyFaultline(app);
      app.get('/order', async () => priceOrder(SAMPLE_ORDER));
      return app;
    }
    case 'hono': {
      const app = new Hono();
      honoFaultline(app);
      app.get('/order', (c) => c.json(priceOrder(SAMPLE_ORDER)));
      return app;
    }
    case 'koa': {
      const app = new Koa();
      koaFaultline(app);
      app.use((ctx) => {
        if (ctx.path === '/order') ctx.body = { total: priceOrder(SAMPLE_ORDER) };
      });
      return app;
    }
    case 'node':
      return nodeFaultline((req: IncomingMessage, res: ServerResponse) => {
        if (req.url?.startsWith('/order')) res.end(String(priceOrder(SAMPLE_ORDER)));
      });
  }
}

/** Every kind of app `run()` serves. */
export const APP_KINDS: readonly AppKind[] = ['express', 'fastify', 'hono', 'koa', 'node'];
