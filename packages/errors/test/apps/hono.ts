import { type Context, Hono } from 'hono';
import { faultline } from '../../src/adapters/hono.js';
import type { AdapterFixture, Fixture, FixtureOptions } from '../contract/fixture.js';
import { fromResponse } from '../contract/reply.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

type Env = { Variables: { user: string | undefined } };

async function build({ app, blueprint, raise }: FixtureOptions): Promise<Fixture> {
  const hono = new Hono<Env>();
  const errors = faultline(hono, { app });
  const teardowns: unknown[] = [];
  hono.use('*', async (c, next) => {
    c.set('user', c.req.header('x-user'));
    c.header('x-early', '1');
    await next();
    c.res.headers.set('x-after', '1');
    teardowns.push(errors.unhandledError(c));
  });
  hono.get('/ok', (c) => c.text('ok'));
  hono.on(['GET', 'POST'], '/throw', () => {
    throw raise();
  });
  hono.get('/async-throw', async () => {
    await tick();
    throw raise();
  });
  hono.get('/items', (c) => c.text('items'));
  const bp = new Hono<Env>();
  // Before app.route(): Hono copies the sub-app's onError into its routes when it is mounted.
  const scope = errors.blueprint(bp, 'bp');
  blueprint?.(scope);
  bp.get('/ok', (c) => c.text('bp ok'));
  bp.get('/throw', () => {
    throw raise();
  });
  hono.route('/bp', bp);

  const propagated: unknown[] = [];
  return {
    propagated,
    teardowns,
    target: hono,
    async request(method, path, headers) {
      try {
        return await fromResponse(await hono.request(path, { method, headers }));
      } catch (error) {
        // A propagated error leaves app.fetch(): the caller (a test, @hono/node-server) gets it.
        propagated.push(error);
        return { status: 500, headers: [], body: 'rejected' };
      }
    },
    close: async () => {},
  };
}

/** The contract fixture for Hono 4, driven through app.request(). */
export const honoFixture: AdapterFixture = {
  allow: 'GET, HEAD',
  repeatedHeaderLines: false,
  afterHook: true,
  readUser: (raw) => (raw as Context<Env>).get('user'),
  build,
};
