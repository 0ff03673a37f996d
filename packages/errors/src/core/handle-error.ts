import { BadRequest, BadRequestKeyError } from './client-errors.js';
import type { ErrorApp } from './error-app.js';
import { findErrorHandler } from './find-handler.js';
import { HTTPException } from './http-exception.js';
import { fromWebResponse, makeResponse, makeResponseSync } from './make-response.js';
import type { ErrorScope } from './scope.js';
import { InternalServerError } from './server-errors.js';
import type { ErrorRequest, ErrorResponse } from './types.js';

/** Where an error happened: the app, the innermost scope (blueprint) of the request, the request. */
export interface ErrorContext {
  app: ErrorApp;
  /** The request's innermost scope; the app when omitted. */
  scope?: ErrorScope;
  request: ErrorRequest;
  /** True when the router found no route (or no method): only app-level handlers apply (Flask). */
  routing?: boolean;
}

/** What became of an error: the response, and the unhandled error for teardown hooks (null if handled). */
export interface ErrorOutcome {
  response: ErrorResponse;
  /** The original error when it went down the 500 path (Flask's teardown `exc`), otherwise null. */
  unhandledError: unknown;
}

/**
 * Turns an error raised while serving a request into a response, the way Flask does: handler lookup
 * (code through the scopes, then class through the scopes), the handler's result converted, or the
 * default response; unhandled errors fire `onException`, are logged once, and go to the 500 handler
 * as an InternalServerError carrying the original. When the settings say to propagate, the promise
 * rejects with the original error; otherwise it never rejects.
 *
 * @example
 * const response = await handleError(err, { app, scope: api, request });
 */
export async function handleError(error: unknown, ctx: ErrorContext): Promise<ErrorResponse> {
  return (await resolveError(error, ctx)).response;
}

/** `handleError`, also telling whether the error was handled (for teardown hooks, checklist 40). */
export async function resolveError(error: unknown, ctx: ErrorContext): Promise<ErrorOutcome> {
  return resolveErrorSync(error, ctx);
}

/**
 * `resolveError` without a promise when none is needed: when the handler (or the default response)
 * gives its answer synchronously, the outcome itself; otherwise a promise of it (an async handler, a
 * web `Response` to read, the 500 path). Same semantics and responses as `resolveError`; it never
 * throws, and the promise rejects only to propagate. Adapters call it first to skip the promise chain.
 *
 * @example
 * const outcome = resolveErrorSync(err, { app, request });
 * if (outcome instanceof Promise) outcome.then(send, propagate);
 * else send(outcome);
 */
export function resolveErrorSync(error: unknown, ctx: ErrorContext): ErrorOutcome | Promise<ErrorOutcome> {
  ctx.app.markFirstRequest();
  let response: ErrorResponse | Promise<ErrorResponse>;
  try {
    response = handleUserError(error, ctx);
  } catch (unhandled) {
    return unhandledOutcome(unhandled, ctx);
  }
  if (response instanceof Promise) {
    return response.then(handledOutcome, (unhandled: unknown) => unhandledOutcome(unhandled, ctx));
  }
  return { response, unhandledError: null };
}

function handledOutcome(response: ErrorResponse): ErrorOutcome {
  return { response, unhandledError: null };
}

async function unhandledOutcome(unhandled: unknown, ctx: ErrorContext): Promise<ErrorOutcome> {
  return { response: await handleUnhandled(unhandled, ctx), unhandledError: unhandled };
}

/**
 * Flask's `handle_user_exception`: throws (or rejects) when nothing handles the error. Synchronous
 * as long as the handler and the response conversion are.
 */
function handleUserError(error: unknown, ctx: ErrorContext): ErrorResponse | Promise<ErrorResponse> {
  const { app, request } = ctx;
  if (error instanceof BadRequestKeyError && (app.settings.debug || app.settings.trapBadRequestErrors)) {
    error.showException = true;
  }
  if (error instanceof HTTPException && !trapHttpException(app, error))
    return handleHttpException(error, ctx);
  const handler = findErrorHandler(error, ctx.scope ?? app, ctx.routing);
  if (handler === undefined) throw error;
  return convert(handler(error, request), request);
}

/** Flask's `handle_http_exception`: proxies and routing exceptions bypass lookup; no handler → default. */
function handleHttpException(
  error: HTTPException,
  ctx: ErrorContext,
): ErrorResponse | Promise<ErrorResponse> {
  if (error.code === null || (error as { routing?: unknown }).routing === true)
    return exceptionResponse(error, ctx.request);
  const handler = findErrorHandler(error, ctx.scope ?? ctx.app, ctx.routing);
  if (handler === undefined) return exceptionResponse(error, ctx.request);
  return convert(handler(error, ctx.request), ctx.request);
}

/** A handler's result as a response: awaited first when it is a thenable, as `await` would. */
function convert(result: unknown, request: ErrorRequest): ErrorResponse | Promise<ErrorResponse> {
  if (isThenable(result)) return Promise.resolve(result).then((value) => makeResponseSync(value, request));
  return makeResponseSync(result, request);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Flask's `trap_http_exception`. */
function trapHttpException(app: ErrorApp, error: HTTPException): boolean {
  const { trapHttpExceptions, trapBadRequestErrors, debug } = app.settings;
  if (trapHttpExceptions) return true;
  if (trapBadRequestErrors === null) return debug && error instanceof BadRequestKeyError;
  return trapBadRequestErrors && error instanceof BadRequest;
}

/**
 * Flask's `handle_exception`: the listeners first, then propagate (or the debug page), else log once
 * and answer through the 500 handler; a last-resort 500 when even that fails.
 */
async function handleUnhandled(error: unknown, ctx: ErrorContext): Promise<ErrorResponse> {
  const { app, request } = ctx;
  app.emitException(error, request);
  const propagate = app.settings.propagateExceptions ?? (app.settings.testing || app.settings.debug);
  if (propagate) {
    if (app.settings.debug && app.debugRenderer !== undefined) {
      const page = await renderDebugPage(app, error, request);
      if (page !== undefined) return page;
    }
    throw error;
  }
  app.logger.error({ err: error }, `Exception on ${request.path} [${request.method}]`);
  const serverError = new InternalServerError({ originalException: error });
  const handler = findErrorHandler(serverError, ctx.scope ?? app, ctx.routing);
  if (handler === undefined) return exceptionResponse(serverError, request);
  try {
    return await makeResponse(await handler(serverError, request), request);
  } catch (handlerError) {
    app.logger.error({ err: handlerError }, `Error handler failed on ${request.path} [${request.method}]`);
    return lastResortResponse(request);
  }
}

async function renderDebugPage(
  app: ErrorApp,
  error: unknown,
  request: ErrorRequest,
): Promise<ErrorResponse | undefined> {
  try {
    return await app.debugRenderer?.(error, request);
  } catch (renderError) {
    app.logger.error({ err: renderError }, 'The debug page failed to render');
    return undefined;
  }
}

function exceptionResponse(
  error: HTTPException,
  request: ErrorRequest,
): ErrorResponse | Promise<ErrorResponse> {
  if (typeof Response !== 'undefined' && error.response instanceof Response)
    return fromWebResponse(error.response);
  return error.getResponse(request);
}

/** The generic 500 sent when the 500 handler itself failed (Werkzeug's server-level fallback). */
export function lastResortResponse(request?: ErrorRequest): ErrorResponse {
  return new InternalServerError().getResponse(request);
}
