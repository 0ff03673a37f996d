/// <reference types="node" />
import { createServer } from 'node:http';
import { faultline, scoped } from '../../src/adapters/node.js';
import type { AdapterFixture, Fixture, FixtureOptions } from '../contract/fixture.js';
import { portOf, send } from '../contract/reply.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

// The routes a hand-written node:http app would have; `allow` answers for the 405 check.
const ROUTES: Record<string, string[]> = {
  '/ok': ['GET'],
  '/throw': ['GET', 'POST'],
  '/async-throw': ['GET'],
  '/items': ['GET'],
  '/bp/ok': ['GET'],
  '/bp/throw': ['GET'],
};

async function build({ app, blueprint, raise }: FixtureOptions): Promise<Fixture> {
  const bp = app.blueprint('bp');
  blueprint?.(bp);
  // A blueprint attached to a handler with scoped(); the /bp prefix below covers the rest.
  const bpThrow = scoped(bp, () => {
    throw raise();
  });
  const teardowns: unknown[] = [];
  const handler = faultline(
    async (req, res) => {
      res.on('finish', () => teardowns.push(handler.unhandledError(req)));
      (req as { user?: unknown }).user = req.headers['x-user'];
      res.setHeader('x-early', '1');
      const path = (req.url ?? '/').split('?')[0];
      const route = `${req.method} ${path}`;
      if (route === 'GET /ok') res.end('ok');
      else if (route === 'GET /throw' || route === 'POST /throw') throw raise();
      else if (route === 'GET /async-throw') {
        await tick();
        throw raise();
      } else if (route === 'GET /items') res.end('items');
      else if (route === 'GET /bp/ok') res.end('bp ok');
      else if (route === 'GET /bp/throw') await bpThrow(req, res);
    },
    { app, blueprints: { '/bp': bp }, allow: (path) => ROUTES[path] },
  );
  const propagated: unknown[] = [];
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => propagated.push(error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  return {
    propagated,
    teardowns,
    target: handler,
    request: (method, path, headers) => send(port, method, path, headers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The contract fixture for plain node:http. */
export const nodeFixture: AdapterFixture = {
  allow: 'GET, HEAD',
  repeatedHeaderLines: true,
  afterHook: false,
  readUser: (raw) => (raw as { user?: unknown }).user,
  build,
};
