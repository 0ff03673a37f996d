// A small shop in TypeScript, served by the framework named in FRAMEWORK, with @faultline/errors and
// the SDK attached through the app-factory pattern. The e2e tests bundle it (esbuild, source map)
// and run it with plain node, so the SDK must map bundle frames back to this file.

import { faultline as faultlineExpress } from '@faultline/errors/express';
import { faultline as faultlineFastify } from '@faultline/errors/fastify';
import { faultline as faultlineHono } from '@faultline/errors/hono';
import { faultline as faultlineKoa } from '@faultline/errors/koa';
import { createReporter } from '@faultline/sdk';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';

const reporter = createReporter({
  dsn: process.env.FAULTLINE_DSN,
  spoolDir: process.env.SPOOL_DIR || undefined,
  release: 'shop@1.0.0',
  environment: 'e2e',
  debug: process.env.SDK_DEBUG === '1',
});

interface Cart {
  items: number;
  total: number;
}

export function priceCart(cart: Cart, coupon: string): number {
  const discount = coupon === 'HALF' ? 0.5 : 0;
  if (cart.total > 100) {
    throw new Error(`cart total ${cart.total} is over the limit (coupon ${coupon})`);
  }
  return cart.total * (1 - discount);
}

function checkout(query: Record<string, unknown>): { price: number } {
  const cart: Cart = { items: 3, total: Number(query.total) };
  return { price: priceCart(cart, String(query.coupon)) };
}

async function startExpress(): Promise<number> {
  const app = express();
  faultlineExpress(app);
  app.get('/checkout', (req, res) => {
    res.json(checkout(req.query as Record<string, unknown>));
  });
  reporter.attach(app);
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

async function startFastify(): Promise<number> {
  const app = Fastify();
  faultlineFastify(app);
  app.get('/checkout', async (req) => checkout(req.query as Record<string, unknown>));
  reporter.attach(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

async function startHono(): Promise<number> {
  const app = new Hono();
  faultlineHono(app);
  app.get('/checkout', (c) => c.json(checkout(c.req.query())));
  reporter.attach(app);
  return new Promise((resolve) => {
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
}

async function startKoa(): Promise<number> {
  const app = new Koa();
  faultlineKoa(app);
  app.use((ctx) => {
    if (ctx.path === '/checkout') ctx.body = checkout(ctx.query as Record<string, unknown>);
  });
  reporter.attach(app);
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

const starters: Record<string, () => Promise<number>> = {
  express: startExpress,
  fastify: startFastify,
  hono: startHono,
  koa: startKoa,
};
const port = await starters[process.env.FRAMEWORK ?? 'express']!();
process.stdout.write(`PORT ${port}\n`);
