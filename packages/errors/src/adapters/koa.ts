/**
 * Koa adapter: one middleware, plus @koa/router routers as blueprints.
 *
 * faultline() adds its middleware where it is called: middleware added before it wraps it and so
 * sees every error response (Flask's after_request); middleware added after it is covered by it.
 * Routing 405s come from @koa/router's allowedMethods(), which the adapter turns into MethodNotAllowed.
 *
 * @example
 * const app = new Koa();
 * const errors = faultline(app);
 * const api = new Router({ prefix: '/api' });
 * errors.blueprint(api, 'api').register(403, () => ({ error: 'forbidden' }));
 * api.get('/secret', () => abort(403));
 * app.use(api.routes()).use(api.allowedMethods());
 * app.listen(3000);
 */

import type Koa from 'koa';
import type { Context, Middleware } from 'koa';
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
  scopeOf,
  splitUrl,
  tagScope,
  unhandledErrorOf,
} from './shared.js';

/** The parts of a @koa/router Router the adapter uses. */
export interface KoaRouterLike {
  stack: unknown[];
  use(middleware: Middleware): unknown;
}

/** What faultline() returns for a Koa app. */
export interface KoaErrors {
  /** The ErrorApp: register application-level handlers here. */
  readonly app: ErrorApp;
  /** Makes a @koa/router Router a blueprint: errors its matched routes raise go to this scope first. */
  blueprint(router: KoaRouterLike, scopeOrName: ErrorScope | string, parent?: ErrorScope): ErrorScope;
  /**
   * The error that went down the 500 path while serving this request (Flask's teardown `exc`), or null
   * when a handler dealt with it. For after-response hooks; pass the framework's own request object.
   */
  unhandledError(request: object): unknown;
}

function requestOf(ctx: Context): ErrorRequest {
  const url = ctx.originalUrl || ctx.url;
  return {
    method: ctx.method,
    path: splitUrl(url).path,
    url,
    // A getter: node builds req.headers from the raw header list on first read.
    get headers() {
      return ctx.headers;
    },
    // A getter: Koa parses the query string (and caches it on ctx) on first read.
    get query() {
      return ctx.query;
    },
    body: (ctx.request as { body?: unknown }).body,
    // A getter: node asks the kernel for the peer address (getpeername) on first read.
    get remoteAddress() {
      return ctx.req.socket?.remoteAddress;
    },
    raw: ctx,
  };
}

function write(ctx: Context, response: ErrorResponse): void {
  ctx.status = response.status;
  const { headers } = response;
  for (let i = 0; i < headers.length; i++) {
    const value = headerValueAt(headers, i);
    if (value !== undefined) ctx.set(headers[i]![0], value);
  }
  const { body } = response;
  ctx.body = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

// Nothing answered: Koa's default is status 404 with no body. @koa/router's allowedMethods() turns a
// path that exists for other methods into a bodiless 405 with an Allow header.
function routingOutcome(ctx: Context): string[] | undefined {
  if (ctx.body != null) return undefined;
  if (ctx.status === 404) return [];
  if (ctx.status === 405) {
    const allow = String(ctx.response.get('Allow') ?? '');
    return allowedMethods(
      allow
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean),
      true,
    );
  }
  return undefined;
}

/** Adds the Faultline middleware to a Koa app (at this point of its chain) and returns helpers. */
export function faultline(koa: Koa, options?: AdapterOptions): KoaErrors {
  const app = resolveErrorApp(options);

  // Writes the response in the same tick when the handler answered synchronously (no promise hop).
  const answer = (ctx: Context, thrown: unknown, routing: boolean): void | Promise<void> => {
    const scope = routing ? undefined : scopeOf(ctx, thrown);
    const outcome = runPipeline(app, ctx, thrown, requestOf(ctx), scope, routing);
    if (outcome instanceof Promise) return outcome.then((settled) => settle(ctx, settled));
    return settle(ctx, outcome);
  };
  const settle = (ctx: Context, outcome: Outcome): void => {
    if (outcome.kind === 'response') {
      write(ctx, outcome.response);
      return;
    }
    markPropagated(ctx);
    // Koa's own ctx.onerror takes it from here: the app's 'error' event and its plain-text 500.
    throw outcome.error;
  };

  koa.use(async function faultlineMiddleware(ctx, next) {
    app.markFirstRequest();
    try {
      await next();
    } catch (thrown) {
      if (ctx.headerSent) throw thrown;
      return answer(ctx, thrown, false);
    }
    const allowed = routingOutcome(ctx);
    if (allowed !== undefined) await answer(ctx, routingError(allowed), true);
  });
  bindErrorApp(koa, app);

  return {
    app,
    unhandledError: unhandledErrorOf,
    blueprint(router, scopeOrName, parent = app) {
      const scope = resolveScope(scopeOrName, parent);
      // Router-level middleware runs only when one of the router's routes matched, so it sees exactly
      // the errors of this blueprint's views. It goes to the front of the stack whatever the order of calls.
      router.use(async (ctx, next) => {
        try {
          await next();
        } catch (thrown) {
          tagScope(ctx, thrown, scope);
          throw thrown;
        }
      });
      router.stack.unshift(router.stack.pop());
      bindErrorApp(router, app);
      return scope;
    },
  };
}
