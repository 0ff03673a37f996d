/**
 * Fastify 5 adapter. An encapsulated plugin context is a blueprint: its error handler is linked to its
 * parent's exactly as Fastify links setErrorHandler contexts. Call faultline() on the root instance
 * before adding routes: it learns the routes (for 405s) from Fastify's onRoute hook.
 *
 * @example
 * const fastify = Fastify();
 * const errors = faultline(fastify);
 * errors.app.register(404, () => ({ error: 'not found' }));
 * fastify.register(async (api) => {
 *   errors.blueprint(api, 'api').register(403, () => ['api says no', 403]);
 *   api.get('/secret', async () => abort(403));
 * }, { prefix: '/api' });
 * await fastify.listen({ port: 3000 });
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import {
  bindErrorApp,
  type ErrorApp,
  type ErrorRequest,
  type ErrorResponse,
  type ErrorScope,
} from '../index.js';
import {
  type AdapterOptions,
  allowedMethods,
  headerValueAt,
  markPropagated,
  type Outcome,
  resolveErrorApp,
  resolveScope,
  routingError,
  runPipeline,
  splitUrl,
  unhandledErrorOf,
  wasPropagated,
} from './shared.js';

/** What faultline() returns for a Fastify instance. */
export interface FastifyErrors {
  /** The ErrorApp: register application-level handlers here. */
  readonly app: ErrorApp;
  /**
   * Makes an encapsulated context (the instance a plugin receives) a blueprint. Its parent scope is
   * the nearest enclosing blueprint context, else the application. Returns the scope.
   */
  blueprint(instance: FastifyInstance, scopeOrName: ErrorScope | string, parent?: ErrorScope): ErrorScope;
  /**
   * The error that went down the 500 path while serving this request (Flask's teardown `exc`), or null
   * when a handler dealt with it. For after-response hooks; pass the framework's own request object.
   */
  unhandledError(request: object): unknown;
}

// Fastify creates a child context with Object.create(parent), so a property set on a context is
// inherited by every context nested inside it: exactly "the nearest enclosing blueprint".
const kScope = Symbol('faultline.scope');
type Scoped = FastifyInstance & { [kScope]?: ErrorScope };

function requestOf(request: FastifyRequest): ErrorRequest {
  return {
    method: request.method,
    path: splitUrl(request.url).path,
    url: request.url,
    headers: request.headers,
    query: request.query as Record<string, unknown> | undefined,
    body: request.body,
    // A getter: node asks the kernel for the peer address (getpeername) on first read.
    get remoteAddress() {
      return request.socket?.remoteAddress;
    },
    raw: request,
  };
}

function send(reply: FastifyReply, response: ErrorResponse): FastifyReply {
  reply.code(response.status);
  const { headers } = response;
  for (let i = 0; i < headers.length; i++) {
    const value = headerValueAt(headers, i);
    if (value !== undefined) reply.header(headers[i]![0], value);
  }
  const { body } = response;
  return reply.send(
    typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
  );
}

// Fastify route patterns: `:param` (optionally with a regexp, or `?`) and a trailing `*`. Patterns this
// matcher cannot express only cost precision in the 405 check (a 404 is answered instead).
function patternToRegExp(url: string): RegExp {
  let source = '';
  for (const part of url.split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?\??|\*)/)) {
    if (part === '*') source += '.*';
    else if (part.startsWith(':')) source += part.endsWith('?') ? '[^/]*' : '[^/]+';
    else source += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}/?$`);
}

/** Wires Faultline into a Fastify instance (call it on the root, before plugins) and returns helpers. */
export function faultline(fastify: FastifyInstance, options?: AdapterOptions): FastifyErrors {
  const app = resolveErrorApp(options);
  const routes: Array<{ methods: string[]; pattern: RegExp }> = [];
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ methods: methods.map(String), pattern: patternToRegExp(route.url) });
  });

  // Not async: when the handler answers synchronously the reply is sent in the same tick and Fastify
  // gets undefined (already sent), as from its own synchronous handlers; a promise only otherwise.
  const errorHandler = (scope: ErrorScope) =>
    function faultlineErrorHandler(
      error: unknown,
      request: FastifyRequest,
      reply: FastifyReply,
    ): undefined | Promise<FastifyReply> {
      // Already propagated by a nested context: pass it up to Fastify's default handler untouched.
      if (wasPropagated(request)) return Promise.reject(error);
      let outcome: Outcome | Promise<Outcome>;
      try {
        outcome = runPipeline(app, request, error, requestOf(request), scope, false);
      } catch (failure) {
        return Promise.reject(failure);
      }
      if (outcome instanceof Promise) return outcome.then((settled) => settle(request, reply, settled));
      if (outcome.kind === 'propagate') return Promise.reject(propagated(request, outcome.error));
      send(reply, outcome.response);
      return undefined;
    };
  const propagated = (request: FastifyRequest, error: unknown): unknown => {
    markPropagated(request);
    return error;
  };
  const settle = (request: FastifyRequest, reply: FastifyReply, outcome: Outcome): FastifyReply => {
    if (outcome.kind === 'response') return send(reply, outcome.response);
    throw propagated(request, outcome.error);
  };

  // Registration closes once the app serves (Flask's setup check). Fastify serves nothing before
  // ready() and takes no routes after it, so ready is that moment, at no per-request cost.
  fastify.addHook('onReady', (done) => {
    app.markFirstRequest();
    done();
  });
  fastify.setErrorHandler(errorHandler(app));
  fastify.setNotFoundHandler(async function faultlineNotFound(request: FastifyRequest, reply: FastifyReply) {
    const request_ = requestOf(request);
    const methods = new Set<string>();
    for (const route of routes) {
      if (route.pattern.test(request_.path)) for (const m of route.methods) methods.add(m);
    }
    const allowed = allowedMethods(methods, false);
    const thrown = routingError(allowed.includes(request.method) ? [] : allowed);
    const outcome = await runPipeline(app, request, thrown, request_, undefined, true);
    if (outcome.kind === 'response') return send(reply, outcome.response);
    markPropagated(request);
    throw outcome.error;
  });
  (fastify as Scoped)[kScope] = app;
  bindErrorApp(fastify, app);

  return {
    app,
    unhandledError: unhandledErrorOf,
    blueprint(instance, scopeOrName, parent) {
      const scope = resolveScope(scopeOrName, parent ?? (instance as Scoped)[kScope] ?? app);
      (instance as Scoped)[kScope] = scope;
      instance.setErrorHandler(errorHandler(scope));
      bindErrorApp(instance, app);
      return scope;
    },
  };
}
