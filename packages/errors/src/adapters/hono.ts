/**
 * Hono 4 adapter. A sub-app mounted with `app.route()` is a blueprint.
 *
 * Hono copies a sub-app's onError into its routes when `app.route()` runs, so make the sub-app a
 * blueprint before mounting it; and call faultline() before adding routes: it wraps the handlers
 * registered after it (that is how thrown non-Errors, which Hono never gives onError, are answered).
 *
 * @example
 * const app = new Hono();
 * const errors = faultline(app);
 * const api = new Hono();
 * errors.blueprint(api, 'api').register(403, () => ({ error: 'forbidden' }));
 * api.get('/secret', () => abort(403));
 * app.route('/api', api);
 * serve({ fetch: app.fetch, port: 3000 });
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
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
  markPropagated,
  type Outcome,
  resolveErrorApp,
  resolveScope,
  routingError,
  runPipeline,
  scopeOf,
  tagScope,
  unhandledErrorOf,
  wasPropagated,
} from './shared.js';

// biome-ignore lint/suspicious/noExplicitAny: any Hono instance, whatever its Env/Schema/BasePath parameters.
type AnyHono = Hono<any, any, any>;

/** What faultline() returns for a Hono app. */
export interface HonoErrors {
  /** The ErrorApp: register application-level handlers here. */
  readonly app: ErrorApp;
  /** Makes a sub-app a blueprint (before `app.route(prefix, sub)`); returns its scope. */
  blueprint(sub: AnyHono, scopeOrName: ErrorScope | string, parent?: ErrorScope): ErrorScope;
  /**
   * The error that went down the 500 path while serving this request (Flask's teardown `exc`), or null
   * when a handler dealt with it. For after-response hooks; pass the framework's own request object.
   */
  unhandledError(request: object): unknown;
}

type NodeEnv = { incoming?: { socket?: { remoteAddress?: string } } };

function requestOf(c: Context): ErrorRequest {
  const full = c.req.url;
  const q = full.indexOf('?');
  let headers: Record<string, string> | undefined;
  return {
    method: c.req.method,
    path: c.req.path,
    url: q === -1 ? c.req.path : c.req.path + full.slice(q),
    // Web Headers → a plain record only if something reads them (content negotiation, a handler).
    get headers() {
      if (headers === undefined) {
        const record: Record<string, string> = {};
        c.req.raw.headers.forEach((value, name) => {
          record[name] = value;
        });
        headers = record;
      }
      return headers;
    },
    get query() {
      return c.req.query();
    },
    // A getter: node asks the kernel for the peer address (getpeername) on first read.
    get remoteAddress() {
      return (c.env as NodeEnv | undefined)?.incoming?.socket?.remoteAddress;
    },
    // The Context, not c.req: values set by middleware (c.set) live there. Hono parses bodies on
    // demand (c.req.json()), so there is no parsed body to pass.
    raw: c,
  };
}

const NULL_BODY = new Set([101, 204, 205, 304]);

// Through c.body(), not `new Response()`: headers middleware set before the error (c.header) stay on
// the error response, as on a normal one; and a plain header record lets @hono/node-server take its
// fast path (a `Headers` object would not). Web Headers join a repeated field into one comma-separated
// line (set-cookie aside); RFC 9110 §5.3 makes that equivalent, and it is the most a Response carries.
function respond(c: Context, response: ErrorResponse): Response {
  const headers = headerRecord(response.headers);
  const status = response.status as ContentfulStatusCode;
  if (NULL_BODY.has(response.status)) return c.body(null, status, headers);
  return typeof response.body === 'string'
    ? c.body(response.body, status, headers)
    : c.body(response.body as Uint8Array<ArrayBuffer>, status, headers);
}

/**
 * Header pairs as a record, a repeated name (case-insensitive, first spelling kept) as a list of its
 * values. One pass and no intermediate arrays in the usual case of distinct names.
 */
function headerRecord(pairs: ReadonlyArray<readonly [string, string]>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  let spellings: Map<string, string> | undefined;
  for (let i = 0; i < pairs.length; i++) {
    const [name, value] = pairs[i]!;
    if (spellings === undefined) {
      // Names seen so far are few: a linear case-insensitive scan beats building a Map per response.
      let repeated = false;
      for (let j = 0; j < i && !repeated; j++) repeated = pairs[j]![0].toLowerCase() === name.toLowerCase();
      if (!repeated) {
        headers[name] = value;
        continue;
      }
      spellings = new Map();
      for (let j = 0; j < i; j++) {
        const first = pairs[j]![0];
        if (!spellings.has(first.toLowerCase())) spellings.set(first.toLowerCase(), first);
      }
    }
    const key = name.toLowerCase();
    const spelling = spellings.get(key);
    if (spelling === undefined) {
      spellings.set(key, name);
      headers[name] = value;
      continue;
    }
    const current = headers[spelling]!;
    headers[spelling] = typeof current === 'string' ? [current, value] : [...current, value];
  }
  return headers;
}

// biome-ignore lint/suspicious/noExplicitAny: Hono's handlers and middleware, whatever their Env.
type HonoHandler = (c: Context, next: () => Promise<void>) => any;

type HonoRoute = [[unknown, { method: string }], unknown];

// Hono has no 405 of its own; ask its router which other methods have a route for this path.
function allowedFor(hono: AnyHono, method: string, path: string): string[] {
  const candidates = new Set<string>();
  for (const route of hono.routes) if (route.method !== 'ALL') candidates.add(route.method);
  const found: string[] = [];
  for (const candidate of candidates) {
    const [matches] = hono.router.match(candidate, path) as unknown as [HonoRoute[]];
    if (matches.some(([[, route]]) => route.method === candidate)) found.push(candidate);
  }
  const allowed = allowedMethods(found, false);
  return allowed.includes(method) ? [] : allowed;
}

/** Wires Faultline into a Hono app (before its routes) and returns the blueprint helper. */
export function faultline(hono: AnyHono, options?: AdapterOptions): HonoErrors {
  const app = resolveErrorApp(options);

  // Not async: a handler that answers synchronously gives Hono a Response in the same tick, the way
  // its own onError does (and on a single-handler route Hono then needs no promise at all).
  const onError =
    (scope: ErrorScope) =>
    (error: unknown, c: Context): Response | Promise<Response> => {
      // Hono's compose calls onError again at each outer layer with an error onError threw.
      if (wasPropagated(c)) return Promise.reject(error);
      try {
        const outcome = runPipeline(app, c, error, requestOf(c), scope, false);
        if (outcome instanceof Promise) return outcome.then((settled) => settle(c, settled));
        return settle(c, outcome);
      } catch (failure) {
        return Promise.reject(failure);
      }
    };
  const settle = (c: Context, outcome: Outcome): Response | Promise<Response> => {
    if (outcome.kind === 'response') return respond(c, outcome.response);
    markPropagated(c);
    return Promise.reject(outcome.error);
  };

  // Hono sends only Error instances to onError and rethrows anything else out of fetch(). Every handler
  // registered after faultline() is wrapped so that the outermost one of a request (Hono's routeIndex 0)
  // gives thrown strings and objects the same pipeline. A wrapper, not a middleware: a middleware would
  // put every route on Hono's async compose path, where a single handler answers synchronously.
  const answerNonError = (c: Context, thrown: unknown): Response | Promise<Response> => {
    if (thrown instanceof Error || wasPropagated(c)) return Promise.reject(thrown);
    return onError(scopeOf(c, thrown) ?? app)(thrown, c);
  };
  const wrap = (handler: HonoHandler): HonoHandler =>
    function faultlineHandler(c, next) {
      // An inner layer of a composed route: the outermost wrapper sees what it throws.
      if (c.req.routeIndex !== 0) return handler(c, next);
      app.markFirstRequest();
      let result: unknown;
      try {
        result = handler(c, next);
      } catch (thrown) {
        if (thrown instanceof Error) throw thrown;
        return answerNonError(c, thrown);
      }
      if (result instanceof Promise)
        return result.then(undefined, (thrown: unknown) => answerNonError(c, thrown));
      return result;
    };
  const router = hono.router as { add(method: string, path: string, entry: [HonoHandler, unknown]): void };
  const add = router.add.bind(router);
  router.add = (method, path, [handler, route]) => add(method, path, [wrap(handler), route]);

  hono.onError(onError(app));
  hono.notFound(async (c) => {
    const thrown = routingError(allowedFor(hono, c.req.method, c.req.path));
    const outcome = await runPipeline(app, c, thrown, requestOf(c), undefined, true);
    if (outcome.kind === 'response') return respond(c, outcome.response);
    markPropagated(c);
    throw outcome.error;
  });
  bindErrorApp(hono, app);

  return {
    app,
    unhandledError: unhandledErrorOf,
    blueprint(sub, scopeOrName, parent = app) {
      const scope = resolveScope(scopeOrName, parent);
      sub.onError(onError(scope));
      // Thrown non-Errors skip onError; remember which blueprint they left so the outer middleware
      // resolves them in the right scope.
      sub.use('*', async (c, next) => {
        try {
          await next();
        } catch (thrown) {
          if (!(thrown instanceof Error)) tagScope(c, thrown, scope);
          throw thrown;
        }
      });
      bindErrorApp(sub, app);
      return scope;
    },
  };
}
