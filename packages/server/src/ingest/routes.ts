import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import { CORS_HEADERS, PREFLIGHT_HEADERS } from './cors.js';
import { IngestError } from './ingest-errors.js';
import type { IngestService } from './ingest-service.js';
import { type BodyLimits, readBody } from './read-body.js';

const PATH = /\/api\/(\d+)\/(envelope|store)\/?$/;
const kContentType = Symbol('ingestContentType');
type WithContentType = FastifyRequest & { [kContentType]?: string | undefined };

/**
 * Registers the Sentry ingest routes: POST and OPTIONS on `/api/:projectId/{envelope,store}/`, with
 * or without the trailing slash and under any DSN path prefix.
 */
export function registerIngestRoutes(
  app: FastifyInstance,
  deps: { ingest: IngestService; limits: BodyLimits; metrics: Metrics; logger: Logger },
): void {
  app.register(async (scope) => {
    // Content-Type is not to be trusted (none from @sentry/node, text/plain from browsers, even
    // unparseable values): one catch-all parser reads every body with our caps and decoders. The
    // header is set aside so Fastify does not 415 a malformed one before the parser runs.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (request: FastifyRequest, payload: IncomingMessage) =>
      readBody(
        payload,
        header(request.headers['content-length']),
        header(request.headers['content-encoding']),
        deps.limits,
      ),
    );
    // A callback hook: an async one costs a promise and a microtask turn per request.
    scope.addHook('onRequest', (request, reply, done) => {
      (request as WithContentType)[kContentType] = header(request.headers['content-type']);
      delete request.headers['content-type'];
      reply.headers(request.method === 'OPTIONS' ? PREFLIGHT_HEADERS : CORS_HEADERS);
      done();
    });
    // Ingest logs through deps.logger and never request.log: the per-request child logger (a pino
    // child with its reqId binding) was pure cost.
    scope.setChildLoggerFactory((logger) => logger);
    scope.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply, deps));

    const post = async (request: FastifyRequest, reply: FastifyReply) => {
      const match = PATH.exec(request.url.split('?', 1)[0]!);
      if (match === null) return reply.code(404).send({ detail: 'not found' });
      const url = request.url;
      const q = url.indexOf('?');
      const answer = await deps.ingest.handle({
        kind: match[2] as 'envelope' | 'store',
        projectId: match[1]!,
        query: q === -1 ? '' : url.slice(q + 1),
        headers: request.headers,
        contentType: (request as WithContentType)[kContentType],
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        remoteAddr: request.ip,
      });
      return reply.code(200).headers(answer.headers).send(answer.body);
    };
    const preflight = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!PATH.test(request.url.split('?', 1)[0]!)) return reply.code(404).send({ detail: 'not found' });
      return reply.code(200).send();
    };
    for (const kind of ['envelope', 'store']) {
      for (const path of [`/api/:projectId/${kind}/`, `/api/:projectId/${kind}`]) {
        scope.post(path, post);
        scope.options(path, preflight);
      }
    }
    // Any DSN path prefix (`https://key@host/errors/42`): only reached when no other route matches.
    scope.post('/*', post);
    scope.options('/*', preflight);
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sendError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { metrics: Metrics; logger: Logger },
) {
  let status: number;
  let detail: string;
  let headers: Record<string, string> = {};
  if (error instanceof IngestError) {
    status = error.status;
    detail = error.message;
    headers = error.headers;
    deps.metrics.reject(error.reason);
    if (error.status >= 500) deps.logger.error({ err: error.cause ?? error }, 'ingest could not enqueue');
  } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own request errors (a broken chunked stream, an aborted upload…): the client's fault.
    status = error.statusCode;
    detail = error.message;
    deps.metrics.reject('bad_request');
  } else {
    status = 500;
    detail = 'internal error';
    deps.logger.error({ err: error, url: request.url }, 'ingest failed');
  }
  reply
    .code(status)
    .headers({
      ...CORS_HEADERS,
      ...headers,
      'x-sentry-error': detail.replace(/[^\x20-\x7e]/g, '?').slice(0, 200),
    })
    .send({ detail });
}
