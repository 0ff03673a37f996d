import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import { clientIpResolver } from './client-ip.js';
import { PREFLIGHT_HEADERS } from './cors.js';
import { writeAnswer, writeError } from './ingest-answer.js';
import { IngestError } from './ingest-errors.js';
import type { IngestService } from './ingest-service.js';
import { type BodyLimits, readBody } from './read-body.js';

const PATH = /\/api\/(\d+)\/(envelope|store)\/?$/;
const NO_HEADERS: Readonly<Record<string, string>> = {};

export type RawHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RawIngestDeps {
  ingest: IngestService;
  limits: BodyLimits;
  metrics: Metrics;
  logger: Logger;
  /** The app's Fastify trustProxy option: the recorded client address follows it. */
  trustProxy: FastifyServerOptions['trustProxy'];
}

/**
 * Whether node:http can hand a request straight to the ingest handler: POST or preflight on
 * `/api/<digits>/(envelope|store)/?`, under any DSN path prefix (the paths Fastify routes to it).
 */
export function isIngestRequest(req: IncomingMessage): boolean {
  const method = req.method;
  if (method !== 'POST' && method !== 'OPTIONS') return false;
  const path = pathOf(req.url ?? '/');
  // Percent-escapes are left to Fastify's router, which answers a malformed one 400.
  return PATH.test(path) && !path.includes('%');
}

/**
 * Serves Sentry ingest on node:http's request and response, without Fastify's per-request objects
 * and hooks (ingest is almost all of a tracker's traffic and needs none of them). Every answer
 * carries the CORS headers; errors are answered by writeError.
 */
export function createRawIngestHandler(deps: RawIngestDeps): RawHandler {
  const clientIp = clientIpResolver(deps.trustProxy);
  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    // A second writeHead would throw outside any handler and take the process down.
    if (res.headersSent) {
      deps.logger.error({ err: error, url: req.url }, 'ingest failed after answering');
      res.destroy();
      return;
    }
    writeError(res, error, req.url, deps);
  };
  // Promise callbacks rather than an async function: each await was a promise and a microtask hop
  // more per request.
  return (req, res) => {
    const url = req.url ?? '/';
    const match = PATH.exec(pathOf(url));
    if (req.method === 'OPTIONS') {
      if (match === null) writeAnswer(res, 404, PREFLIGHT_HEADERS, { detail: 'not found' });
      else writeAnswer(res, 200, PREFLIGHT_HEADERS);
      return;
    }
    const headers = req.headers;
    // As when Fastify read it: the body first (its caps and encoding errors come before a 404).
    readBody(req, header(headers['content-length']), header(headers['content-encoding']), deps.limits)
      .then(
        (body): Promise<void> | undefined => {
          if (match === null) {
            writeAnswer(res, 404, NO_HEADERS, { detail: 'not found' });
            return;
          }
          const q = url.indexOf('?');
          return deps.ingest
            .handle({
              kind: match[2] as 'envelope' | 'store',
              projectId: match[1]!,
              query: q === -1 ? '' : url.slice(q + 1),
              headers,
              contentType: header(headers['content-type']),
              body,
              remoteAddr: clientIp(req),
            })
            .then((answer) => writeAnswer(res, 200, answer.headers, answer.body));
        },
        (error: unknown) => {
          throw bodyError(req, res, error);
        },
      )
      .catch((error: unknown) => failed(req, res, error));
  };
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A body that could not be read closes the connection (the client may still be sending it, as
 * Fastify's body parsing did). A request stream that failed before its end (the client hung up or
 * broke the chunking) is the client's fault: a 400 counted as bad_request, not a 500 to log.
 */
function bodyError(req: IncomingMessage, res: ServerResponse, error: unknown): unknown {
  res.setHeader('connection', 'close');
  if (req.complete || error instanceof IngestError) return error;
  return Object.assign(new Error((error as Error).message, { cause: error }), { statusCode: 400 });
}
