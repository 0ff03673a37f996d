import Fastify from 'fastify';
import { faultline } from '../../src/adapters/fastify.js';
import type { AdapterFixture, Fixture, FixtureOptions } from '../contract/fixture.js';
import type { Reply } from '../contract/reply.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function build({ app, blueprint, raise }: FixtureOptions): Promise<Fixture> {
  const propagated: unknown[] = [];
  // Fastify's default error handler does not hand the error to anyone; it logs it. A propagated error
  // is observed in that log line, the framework's own record of it.
  const fastify = Fastify({
    logger: {
      level: 'error',
      stream: {
        write(line: string) {
          const entry = JSON.parse(line) as { err?: unknown };
          if (entry.err !== undefined) propagated.push(entry.err);
        },
      },
    },
  });
  const errors = faultline(fastify, { app });
  fastify.addHook('onRequest', async (request, reply) => {
    (request as { user?: unknown }).user = request.headers['x-user'];
    reply.header('x-early', '1');
  });
  const teardowns: unknown[] = [];
  fastify.addHook('onResponse', async (request) => {
    teardowns.push(errors.unhandledError(request));
  });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-after', '1');
    return payload;
  });
  fastify.get('/ok', async () => 'ok');
  fastify.get('/throw', async () => {
    throw raise();
  });
  fastify.post('/throw', async () => {
    throw raise();
  });
  fastify.get('/async-throw', async () => {
    await tick();
    throw raise();
  });
  fastify.get('/items', async () => 'items');
  fastify.register(
    async (bp) => {
      const scope = errors.blueprint(bp, 'bp');
      blueprint?.(scope);
      bp.get('/ok', async () => 'bp ok');
      bp.get('/throw', async () => {
        throw raise();
      });
    },
    { prefix: '/bp' },
  );
  await fastify.ready();
  return {
    propagated,
    teardowns,
    target: fastify,
    async request(method, path, headers) {
      const res = await fastify.inject({ method: method as 'GET', url: path, headers });
      const pairs: Reply['headers'] = [];
      for (const [name, value] of Object.entries(res.headers)) {
        for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, String(v)]);
      }
      return { status: res.statusCode, headers: pairs, body: res.body };
    },
    close: () => fastify.close(),
  };
}

/** The contract fixture for Fastify 5, driven through inject(). */
export const fastifyFixture: AdapterFixture = {
  allow: 'GET, HEAD',
  repeatedHeaderLines: true,
  afterHook: true,
  readUser: (raw) => (raw as { user?: unknown }).user,
  build,
};
