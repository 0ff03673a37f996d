import type { HTTPException } from './http-exception.js';

/**
 * The request, response and handler shapes shared by the core and the framework adapters.
 * Everything here is plain data so the core stays sans-IO.
 */

/** What the core needs to know about the request that failed; adapters build it from the framework's request. */
export interface ErrorRequest {
  method: string;
  /** The path without the query string (it appears in log lines and problem+json `instance`). */
  path: string;
  /** Path plus query string. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  body?: unknown;
  remoteAddress?: string;
  /** The framework's own request object, for handlers that need it. */
  raw?: unknown;
}

/** A response as data; headers are pairs so repeated headers (WWW-Authenticate, Set-Cookie) survive. */
export interface ErrorResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string | Uint8Array;
}

/** Headers accepted in handler results: a plain object, a list of pairs or a web `Headers`. */
export type HeadersInit =
  | Record<string, string | readonly string[]>
  | ReadonlyArray<readonly [string, string]>
  | Headers;

/** A response body a handler may return. */
export type ResultBody = string | Uint8Array | Response | HTTPException | Record<string, unknown> | unknown[];

/** Everything a handler may return (Flask's view return values). */
export type HandlerResult =
  | ResultBody
  | readonly [ResultBody, number | string]
  | readonly [ResultBody, HeadersInit]
  | readonly [ResultBody, number | string, HeadersInit];

/** An error handler: gets the error (typed by what it was registered for) and the request. */
// biome-ignore lint/suspicious/noExplicitAny: handlers are stored for any error type; registration narrows it
export type ErrorHandler<E = any> = (
  error: E,
  request: ErrorRequest,
) => HandlerResult | Promise<HandlerResult>;

/** The pino-compatible logging surface the core uses: `error(obj, msg)` or `error(msg)`. */
export interface ErrorLogger {
  error(objOrMsg: unknown, msg?: string): void;
}
