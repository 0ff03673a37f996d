// Fastify behaviour beyond the shared contract: scopes follow encapsulation contexts.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { faultline } from '../src/adapters/fastify.js';
import { createErrorApp, Forbidden, NotFound } from '../src/index.js';

describe('fastify', () => {
  it('takes the parent scope from the enclosing blueprint context (14)', async () => {
    const fastify = Fastify();
    const errors = faultline(fastify, { app: createErrorApp({ logger: { error: () => {} } }) });
    const names: string[] = [];
    fastify.register(
      async (api) => {
        errors.blueprint(api, 'api').register(403, () => ['api-403', 403]);
        api.register(
          async (v1) => {
            const v1Scope = errors.blueprint(v1, 'v1');
            names.push(v1Scope.fullName);
            v1Scope.register(404, () => ['v1-404', 404]);
            v1.get('/secret', async () => {
              throw new Forbidden();
            });
            v1.get('/gone', async () => {
              throw new NotFound();
            });
          },
          { prefix: '/v1' },
        );
      },
      { prefix: '/api' },
    );
    await fastify.ready();
    expect(names).toEqual(['api.v1']);
    expect((await fastify.inject('/api/v1/secret')).body).toBe('api-403');
    expect((await fastify.inject('/api/v1/gone')).body).toBe('v1-404');
    // An unrouted path under the prefix is still the application's 404 (15).
    const unrouted = await fastify.inject('/api/v1/nothing');
    expect([unrouted.statusCode, unrouted.body]).toEqual([404, new NotFound().getBody()]);
    await fastify.close();
  });

  it('answers 405 for parametric routes too', async () => {
    const fastify = Fastify();
    faultline(fastify, { app: createErrorApp() });
    fastify.put('/users/:id', async () => 'put');
    fastify.get('/files/*', async () => 'file');
    const put = await fastify.inject({ method: 'POST', url: '/users/42' });
    expect([put.statusCode, put.headers.allow]).toEqual([405, 'PUT']);
    const file = await fastify.inject({ method: 'DELETE', url: '/files/a/b.txt' });
    expect([file.statusCode, file.headers.allow]).toEqual([405, 'GET, HEAD']);
    await fastify.close();
  });
});
