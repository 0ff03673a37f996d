/**
 * Express 4 and 5 adapter.
 *
 * @example
 * const app = express();
 * const errors = faultline(app);
 * const api = express.Router();
 * errors.blueprint(api, 'api').register(404, () => ({ error: 'no such thing' }));
 * app.use('/api', api);
 * errors.app.register(500, () => 'sorry');
 * app.listen(3000);
 */
import { bindErrorApp, type ErrorApp, type ErrorRequest, type ErrorScope } from '../index.js';
import { type ExpressLayer, findAllowedMethods, wrapAsyncLayers } from './express-stack.js';
import {
  type AdapterOptions,
  allowedMethods,
  markPropagated,
  type NodeResponseLike,
  resolveErrorApp,
  resolveScope,
  routingError,
  runPipeline,
  scopeOf,
  splitUrl,
  tagScope,
  unhandledErrorOf,
  writeNodeResponse,
} from './shared.js';

type Next = (error?: unknown) => void;
type Middleware = (req: ExpressRequest, res: ExpressResponse, next: Next) => void;
type ErrorMiddleware = (error: unknown, req: ExpressRequest, res: ExpressResponse, next: Next) => void;

/** The parts of an Express request the adapter reads (Express 4 and 5 alike). */
export interface ExpressRequest {
  method: string;
  originalUrl: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  body?: unknown;
  socket?: { remoteAddress?: string };
}

type ExpressResponse = NodeResponseLike;

interface RouterLike {
  stack: ExpressLayer[];
  use(fn: Middleware | ErrorMiddleware): unknown;
}

/** An Express application, 4 or 5 (structural, so both majors and their typings fit). */
export interface ExpressAppLike {
  use(...args: never[]): unknown;
}

// Present on every Express app, though @types/express does not declare it.
type Handle = (req: unknown, res: unknown, callback?: Next) => void;

/** What faultline() returns for an Express app. */
export interface ExpressErrors {
  /** The ErrorApp: register application-level handlers here. */
  readonly app: ErrorApp;
  /**
   * Makes an Express Router a blueprint: errors raised by its routes and middleware go to this scope
   * first. Routing 404/405s never do (they belong to the application, as in Flask). Returns the scope.
   */
  blueprint(router: unknown, scopeOrName: ErrorScope | string, parent?: ErrorScope): ErrorScope;
  /**
   * The error that went down the 500 path while serving this request (Flask's teardown `exc`), or null
   * when a handler dealt with it. For after-response hooks; pass the framework's own request object.
   */
  unhandledError(request: object): unknown;
}

function requestOf(req: ExpressRequest): ErrorRequest {
  // originalUrl: inside a mounted router req.url is relative to the mount point.
  const url = req.originalUrl || req.url;
  return {
    method: req.method,
    path: splitUrl(url).path,
    url,
    headers: req.headers,
    // Getters: Express parses req.query on every read, and most error handlers never look.
    get query() {
      return (req.query ?? undefined) as Record<string, unknown> | undefined;
    },
    body: req.body,
    // A getter: node asks the kernel for the peer address (getpeername) on first read.
    get remoteAddress() {
      return req.socket?.remoteAddress;
    },
    raw: req,
  };
}

function appRouter(app: ExpressAppLike): RouterLike {
  const any = app as unknown as { router?: RouterLike; _router?: RouterLike; lazyrouter?: () => void };
  // Express 4 creates its router lazily; Express 5 exposes it as `app.router`.
  if (typeof any.lazyrouter === 'function') {
    any.lazyrouter();
    return any._router!;
  }
  return any.router!;
}

/** Appends a layer through the framework's own use(), then takes it back out so we can keep it last. */
function detachLayer(router: RouterLike, fn: Middleware | ErrorMiddleware): ExpressLayer {
  router.use(fn);
  return router.stack.pop()!;
}

function keepLast(stack: ExpressLayer[], layers: readonly ExpressLayer[]): void {
  const n = layers.length;
  if (stack.length >= n && layers.every((layer, i) => stack[stack.length - n + i] === layer)) return;
  for (const layer of layers) {
    const at = stack.indexOf(layer);
    if (at !== -1) stack.splice(at, 1);
  }
  stack.push(...layers);
}

/** Wires Faultline into an Express 4 or 5 app and returns the blueprint helper. */
export function faultline(expressApp: ExpressAppLike, options?: AdapterOptions): ExpressErrors {
  const app = resolveErrorApp(options);
  const router = appRouter(expressApp);
  const express4 = typeof (expressApp as { lazyrouter?: unknown }).lazyrouter === 'function';
  const blueprints: Array<{ stack: ExpressLayer[]; layers: ExpressLayer[] }> = [];

  const respond = async (error: unknown, req: ExpressRequest, res: ExpressResponse, next: Next) => {
    const routing = error === undefined;
    const request = requestOf(req);
    const thrown = routing
      ? routingError(
          findAllowedMethods(router.stack, request.path, req.method, (m) => allowedMethods(m, true)),
        )
      : error;
    const outcome = await runPipeline(
      app,
      req,
      thrown,
      request,
      routing ? undefined : scopeOf(req, error),
      routing,
    );
    if (outcome.kind === 'response') return writeNodeResponse(res, outcome.response);
    markPropagated(req);
    // Hand the error to Express's own final handler (or to the parent app when this one is mounted).
    next(outcome.error);
  };

  // Both final layers are kept at the very end of the app's stack on every request, so routes added
  // after faultline() still come first: no "error middleware must be registered last" trap.
  const notFoundLayer = detachLayer(router, (req: ExpressRequest, res: ExpressResponse, next: Next) => {
    // An app mounted in another (parent.use(path, app)) leaves unrouted requests to its parent, as
    // Express does; only the top-level app turns them into the routing 404.
    if ((expressApp as { parent?: unknown }).parent) return next();
    respond(undefined, req, res, next).catch(next);
  });
  const errorLayer = detachLayer(
    router,
    (error: unknown, req: ExpressRequest, res: ExpressResponse, next: Next) => {
      respond(error, req, res, next).catch(next);
    },
  );
  const finalLayers = [notFoundLayer, errorLayer];

  const handleOwner = expressApp as unknown as { handle: Handle };
  const originalHandle = handleOwner.handle;
  handleOwner.handle = function handle(this: unknown, req: unknown, res: unknown, callback?: Next) {
    app.markFirstRequest();
    keepLast(router.stack, finalLayers);
    for (const bp of blueprints) keepLast(bp.stack, bp.layers);
    // Express 4 ignores the promises async handlers return, so a rejection would hang the request.
    if (express4) wrapAsyncLayers(router.stack);
    return originalHandle.call(this, req, res, callback);
  };
  bindErrorApp(expressApp, app);

  return {
    app,
    unhandledError: unhandledErrorOf,
    blueprint(target, scopeOrName, parent = app) {
      const scope = resolveScope(scopeOrName, parent);
      const bpRouter = target as RouterLike;
      // The last layer of the router sees every error its own layers raise, and only those.
      const layer = detachLayer(
        bpRouter,
        (error: unknown, req: ExpressRequest, _res: ExpressResponse, next: Next) => {
          tagScope(req, error, scope);
          next(error);
        },
      );
      blueprints.push({ stack: bpRouter.stack, layers: [layer] });
      bpRouter.stack.push(layer);
      bindErrorApp(bpRouter, app);
      return scope;
    },
  };
}
