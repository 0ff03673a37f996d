import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { trustProxyOption } from '../app.js';
import { clientIpResolver } from './client-ip.js';
import { ingestServerFactory } from './ingest-server.js';

describe('ingestServerFactory', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  function build(options: Record<string, unknown> = {}) {
    const seen: string[] = [];
    const to = (name: string) => (req: IncomingMessage, _res: ServerResponse) => {
      seen.push(`${name} ${req.method} ${req.url}`);
    };
    const factory = ingestServerFactory(to('raw'));
    server = factory(to('fastify'), options as FastifyServerOptions) as Server;
    const route = (method: string, url: string) => server!.emit('request', { method, url, headers: {} }, {});
    return { seen, route, server };
  }

  it('sends POST and preflight on ingest paths to the raw handler and the rest to Fastify', async () => {
    const { seen, route } = build();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    route('POST', '/api/1/envelope/?sentry_key=k');
    route('OPTIONS', '/x/y/api/22/store');
    route('POST', '/api/1/store/');
    route('GET', '/api/1/envelope/');
    route('HEAD', '/api/1/envelope/');
    route('POST', '/api/x/envelope/');
    route('POST', '/api/1/envelope/extra');
    route('POST', '/%zz/api/1/envelope/');
    route('POST', '/healthz?x=/api/1/envelope/');
    expect(seen).toEqual([
      'raw POST /api/1/envelope/?sentry_key=k',
      'raw OPTIONS /x/y/api/22/store',
      'raw POST /api/1/store/',
      'fastify GET /api/1/envelope/',
      'fastify HEAD /api/1/envelope/',
      'fastify POST /api/x/envelope/',
      'fastify POST /api/1/envelope/extra',
      'fastify POST /%zz/api/1/envelope/',
      'fastify POST /healthz?x=/api/1/envelope/',
    ]);
  });

  it('leaves ingest to Fastify (its 503 while closing) once the server stopped listening', () => {
    const { seen, route } = build();
    route('POST', '/api/1/envelope/');
    expect(seen).toEqual(['fastify POST /api/1/envelope/']);
  });

  it('applies the timeouts Fastify would have set on its own server', async () => {
    const { server: defaults } = build({ keepAliveTimeout: 72_000, requestTimeout: 0, connectionTimeout: 0 });
    expect([defaults.keepAliveTimeout, defaults.requestTimeout, defaults.timeout]).toEqual([72_000, 0, 0]);
    await new Promise((resolve) => defaults.close(resolve));
    const { server: custom } = build({
      keepAliveTimeout: 5_000,
      requestTimeout: 30_000,
      connectionTimeout: 60_000,
      maxRequestsPerSocket: 100,
    });
    expect([
      custom.keepAliveTimeout,
      custom.requestTimeout,
      custom.timeout,
      custom.maxRequestsPerSocket,
    ]).toEqual([5_000, 30_000, 60_000, 100]);
    const app = Fastify({ serverFactory: ingestServerFactory(() => {}) });
    expect((app.server as Server).keepAliveTimeout).toBe(72_000);
    await app.close();
  });
});

describe('clientIpResolver', () => {
  it('finds the same address as Fastify request.ip for every trustProxy form', async () => {
    const chains = [
      undefined,
      '203.0.113.7',
      '203.0.113.7, 10.1.2.3',
      '198.51.100.9, 203.0.113.7, 127.0.0.1',
    ];
    for (const setting of ['', 'false', 'true', '1', '2', '127.0.0.1', '127.0.0.1,10.0.0.0/8', 'loopback']) {
      const trustProxy = trustProxyOption(setting);
      const resolve = clientIpResolver(trustProxy);
      const app = Fastify({ trustProxy });
      app.get('/', async (request) => ({ fastify: request.ip, ours: resolve(request.raw) }));
      for (const xff of chains) {
        const res = await app.inject({
          url: '/',
          headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
        });
        const { fastify, ours } = res.json();
        expect(ours, `${setting} / ${xff}`).toBe(fastify);
      }
      await app.close();
    }
  });
});
