/// <reference types="node" />
// Part (b)'s servers, one per child process: each framework with a route that throws a 404 error,
// handled either through Faultline or by the framework's own error handler writing the same answer.
// Run as a child of run.ts: argv = [framework, variant]; it reports its port over IPC.
import { createServer, type Server } from 'node:http';
import { serve } from '@hono/node-server';
import express from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { faultline as expressFaultline } from '../src/adapters/express.js';
import { faultline as fastifyFaultline } from '../src/adapters/fastify.js';
import { faultline as honoFaultline } from '../src/adapters/hono.js';
import { faultline as koaFaultline } from '../src/adapters/koa.js';
import { faultline as nodeFaultline } from '../src/adapters/node.js';
import { createErrorApp, type ErrorApp, NotFound } from '../src/index.js';

/** The frameworks measured, in table order. */
export const FRAMEWORKS = ['express', 'express4', 'fastify', 'hono', 'koa', 'node'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export type Variant = 'faultline' | 'native';

const BODY = 'not here';
const HTML = 'text/html; charset=utf-8';

/** What a handled 404 looks like in both variants: the same status, type and body. */
function errorApp(): ErrorApp {
  const app = createErrorApp();
  app.register(404, () => [BODY, 404]);
  return app;
}

function expressServer(make: typeof express, variant: Variant): Server {
  const app = make();
  if (variant === 'faultline') expressFaultline(app, { app: errorApp() });
  app.get('/missing', () => {
    throw new NotFound();
  });
  if (variant === 'native') {
    app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (err instanceof NotFound) res.status(404).type('html').send(BODY);
      else next(err);
    });
  }
  return app.listen(0, '127.0.0.1');
}

async function fastifyServer(variant: Variant): Promise<Server> {
  const fastify = Fastify();
  if (variant === 'faultline') fastifyFaultline(fastify, { app: errorApp() });
  else {
    fastify.setErrorHandler((err, _request, reply) => {
      if (err instanceof NotFound) return reply.code(404).type(HTML).send(BODY);
      return reply.send(err);
    });
  }
  fastify.get('/missing', async () => {
    throw new NotFound();
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return fastify.server;
}

function honoServer(variant: Variant): Server {
  const app = new Hono();
  if (variant === 'faultline') honoFaultline(app, { app: errorApp() });
  else {
    app.onError((err, c) => {
      if (err instanceof NotFound) return c.html(BODY, 404);
      throw err;
    });
  }
  app.get('/missing', () => {
    throw new NotFound();
  });
  return serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
}

function koaServer(variant: Variant): Server {
  const app = new Koa();
  if (variant === 'faultline') koaFaultline(app, { app: errorApp() });
  else {
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        if (!(err instanceof NotFound)) throw err;
        ctx.status = 404;
        ctx.type = HTML;
        ctx.body = BODY;
      }
    });
  }
  app.use((ctx) => {
    if (ctx.path === '/missing') throw new NotFound();
  });
  return app.listen(0, '127.0.0.1');
}

function nodeServer(variant: Variant): Server {
  const route = () => {
    throw new NotFound();
  };
  if (variant === 'faultline')
    return createServer(nodeFaultline(route, { app: errorApp() })).listen(0, '127.0.0.1');
  return createServer((_req, res) => {
    try {
      route();
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      res.statusCode = 404;
      res.setHeader('Content-Type', HTML);
      res.end(BODY);
    }
  }).listen(0, '127.0.0.1');
}

async function start(framework: Framework, variant: Variant): Promise<Server> {
  switch (framework) {
    case 'express':
      return expressServer(express, variant);
    case 'express4':
      return expressServer(express4 as unknown as typeof express, variant);
    case 'fastify':
      return fastifyServer(variant);
    case 'hono':
      return honoServer(variant);
    case 'koa':
      return koaServer(variant);
    case 'node':
      return nodeServer(variant);
  }
}

if (process.send) {
  const [framework, variant] = process.argv.slice(2) as [Framework, Variant];
  const server = await start(framework, variant);
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  process.send({ port: typeof address === 'object' && address ? address.port : 0 });
  // CPU time is what the parent divides by requests served: on a shared machine it is far steadier
  // than requests/s, which also measures everybody else's load.
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (message === 'exit') process.exit(0);
  });
}
