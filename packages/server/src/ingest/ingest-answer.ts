import type { ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import { CORS_HEADERS } from './cors.js';
import { IngestError } from './ingest-errors.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Writes one ingest answer: the CORS headers, then `headers`, then a JSON body (or none, for a
 * preflight), with the same content-type and content-length Fastify's reply.send would give it.
 */
export function writeAnswer(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body?: object,
): void {
  // Assigned one by one rather than spread: the same names in the same order, without the spread
  // copies (one answer per event).
  const out = withCors(headers);
  if (body === undefined) {
    out['content-length'] = '0';
    res.writeHead(status, out);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  out['content-type'] = JSON_TYPE;
  out['content-length'] = String(Buffer.byteLength(json));
  res.writeHead(status, out);
  res.end(json);
}

function withCors(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in CORS_HEADERS) out[name] = CORS_HEADERS[name]!;
  for (const name in headers) out[name] = headers[name]!;
  return out;
}

/**
 * Answers a failed ingest request: an IngestError with its status, headers and reject reason; a
 * client's broken request (a 4xx statusCode, e.g. a body cut off mid-stream) as bad_request;
 * anything else as a logged 500.
 */
export function writeError(
  res: ServerResponse,
  error: unknown,
  url: string | undefined,
  deps: { metrics: Metrics; logger: Logger },
): void {
  let status: number;
  let detail: string;
  let headers: Record<string, string> = {};
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (error instanceof IngestError) {
    status = error.status;
    detail = error.message;
    headers = error.headers;
    deps.metrics.reject(error.reason);
    if (error.status >= 500) deps.logger.error({ err: error.cause ?? error }, 'ingest could not enqueue');
  } else if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    status = statusCode;
    detail = (error as Error).message;
    deps.metrics.reject('bad_request');
  } else {
    status = 500;
    detail = 'internal error';
    deps.logger.error({ err: error, url }, 'ingest failed');
  }
  const sentryError = detail.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
  writeAnswer(res, status, { ...headers, 'x-sentry-error': sentryError }, { detail });
}
