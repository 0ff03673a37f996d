import type { FastifyInstance } from 'fastify';
import type { RawHandler } from './raw-ingest.js';

/**
 * Registers the Sentry ingest routes (POST and OPTIONS on `/api/:projectId/{envelope,store}/`, with
 * or without the trailing slash and under any DSN path prefix) for requests that do not reach the
 * raw handler straight from node:http: app.inject(), percent-escaped paths, and those that arrive
 * while the server closes (Fastify answers them 503 before any hook). They hand the untouched
 * request to the same raw handler, so ingest has one code path.
 */
export function registerIngestRoutes(app: FastifyInstance, serveIngest: RawHandler): void {
  app.register(async (scope) => {
    // Hijacked in onRequest, before Fastify looks at the Content-Type (not to be trusted: none from
    // @sentry/node, text/plain from browsers, even unparseable values) or reads the body: the raw
    // handler reads it with ingest's own caps and decoders.
    scope.addHook('onRequest', (request, reply, done) => {
      reply.hijack();
      serveIngest(request.raw, reply.raw);
      done();
    });
    // The raw handler logs through its own logger: a per-request pino child would be pure cost.
    scope.setChildLoggerFactory((logger) => logger);
    // Never called: every request of this scope was hijacked in onRequest.
    const hijacked = async () => {};
    for (const kind of ['envelope', 'store']) {
      for (const path of [`/api/:projectId/${kind}/`, `/api/:projectId/${kind}`]) {
        scope.post(path, hijacked);
        scope.options(path, hijacked);
      }
    }
    // Any DSN path prefix (`https://key@host/errors/42`): only reached when no other route matches.
    scope.post('/*', hijacked);
    scope.options('/*', hijacked);
  });
}
