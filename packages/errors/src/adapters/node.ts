/// <reference types="node" />
/**
 * node:http adapter: wraps a request handler. Blueprints are explicit: attach a scope to a path prefix
 * (`blueprints`) or to a handler (`scoped`).
 *
 * A handler that settles without starting a response did not route the request: that is the routing
 * 404 (or a 405 when `allow` says the path answers other methods). So write handlers that answer
 * before the promise they return settles.
 *
 * @example
 * const errorApp = createErrorApp();
 * const api = errorApp.blueprint('api');
 * api.register(403, () => ({ error: 'forbidden' }));
 * const handler = faultline(async (req, res) => {
 *   if (req.url === '/api/secret') abort(403);
 *   if (req.url === '/') res.end('home');
 * }, { app: errorApp, blueprints: { '/api': api } });
 * http.createServer(handler).listen(3000);
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bindErrorApp, type ErrorApp, type ErrorRequest, type ErrorScope } from '../index.js';
import {
  type AdapterOptions,
  allowedMethods,
  type Outcome,
  resolveErrorApp,
  routingError,
  runPipeline,
  scopeOf,
  splitUrl,
  tagScope,
  unhandledErrorOf,
  writeNodeResponse,
} from './shared.js';

/** A plain node:http request handler, sync or async. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Options of the node:http adapter. */
export type NodeOptions = AdapterOptions & {
  /** Path prefix → scope. Errors raised while serving a path under the prefix go to that scope first. */
  blueprints?: Record<string, ErrorScope>;
  /** The methods `path` answers to, so an unrouted request becomes a 405 with Allow instead of a 404. */
  allow?: (path: string) => Iterable<string> | undefined;
  /**
   * What to do with an error the settings propagate (testing / debug). Default: answer a bare 500 so
   * the client is not left waiting, then reject the handler's promise with the error, which is how a
   * caller (a test, a dev server) sees it.
   */
  onPropagate?: (error: unknown, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
};

/** The wrapped handler; pass it to http.createServer. */
export interface FaultlineNodeHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The ErrorApp: register application-level handlers here. */
  readonly app: ErrorApp;
  /** The error that went down the 500 path for this request (Flask's teardown `exc`), or null. */
  unhandledError(req: IncomingMessage): unknown;
}

// One settled promise for every request answered synchronously: nothing to allocate.
const DONE: Promise<void> = Promise.resolve();

function requestOf(req: IncomingMessage): ErrorRequest {
  const url = req.url ?? '/';
  const { path, search } = splitUrl(url);
  return {
    method: req.method ?? 'GET',
    path,
    url,
    // A getter: node builds req.headers from the raw header list on first read, and most handled
    // errors never look at them.
    get headers() {
      return req.headers;
    },
    query: search === '' ? {} : Object.fromEntries(new URLSearchParams(search)),
    body: (req as { body?: unknown }).body,
    // A getter: node asks the kernel for the peer address (getpeername) on first read.
    get remoteAddress() {
      return req.socket?.remoteAddress;
    },
    raw: req,
  };
}

type Prefixes = ReadonlyArray<readonly [base: string, scope: ErrorScope]>;

/** Prefixes without their trailing slash, longest first, so the first match is the most specific. */
function sortPrefixes(blueprints: Record<string, ErrorScope>): Prefixes {
  return Object.entries(blueprints)
    .map(([prefix, scope]) => [prefix.endsWith('/') ? prefix.slice(0, -1) : prefix, scope] as const)
    .sort((a, b) => b[0].length - a[0].length);
}

function prefixScope(prefixes: Prefixes, path: string): ErrorScope | undefined {
  for (const [base, scope] of prefixes) if (path === base || path.startsWith(`${base}/`)) return scope;
  return undefined;
}

/**
 * Runs `handler` inside `scope`: its errors go to the scope's handlers first. Use it for handlers
 * that are not under a single path prefix.
 */
export function scoped(scope: ErrorScope, handler: NodeHandler): NodeHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (thrown) {
      tagScope(req, thrown, scope);
      throw thrown;
    }
  };
}

function bare500(error: unknown, _req: IncomingMessage, res: ServerResponse): void {
  if (!res.headersSent) {
    res.statusCode = 500;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('Internal Server Error');
  }
  throw error;
}

/** Wraps a node:http request handler with Faultline's error handling. */
export function faultline(handler: NodeHandler, options?: NodeOptions): FaultlineNodeHandler {
  const { blueprints = {}, allow, onPropagate = bare500, ...appOptions } = options ?? {};
  const app = resolveErrorApp(appOptions);
  const prefixes = sortPrefixes(blueprints);

  // Answers in the same tick when the handler did (no promise hop); async only when the core is.
  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    thrown: unknown,
    routing: boolean,
  ): Promise<void> => {
    try {
      if (res.headersSent) {
        // Too late for an error page; cut the connection so the client sees a failure, not a short body.
        res.destroy();
        return DONE;
      }
      const request = requestOf(req);
      if (routing) {
        const methods = allowedMethods(allow?.(request.path) ?? [], false);
        thrown = routingError(methods.includes(request.method) ? [] : methods);
      }
      const scope = routing ? undefined : (scopeOf(req, thrown) ?? prefixScope(prefixes, request.path));
      const outcome = runPipeline(app, req, thrown, request, scope, routing);
      if (outcome instanceof Promise) return outcome.then((settled) => settle(settled, req, res));
      return settle(outcome, req, res);
    } catch (failure) {
      return Promise.reject(failure);
    }
  };
  const settle = (outcome: Outcome, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (outcome.kind === 'response') {
      writeNodeResponse(res, outcome.response);
      return DONE;
    }
    return propagate(outcome.error, req, res);
  };
  const propagate = async (error: unknown, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await onPropagate(error, req, res);
  };
  const afterHandler = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    res.headersSent || res.writableEnded ? DONE : answer(req, res, undefined, true);

  // Not an async function: a synchronous handler's throw is answered without an extra promise hop.
  const wrapped = (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    app.markFirstRequest();
    let result: unknown;
    try {
      result = handler(req, res);
    } catch (error) {
      return answer(req, res, error, false);
    }
    if (result instanceof Promise) {
      return result.then(
        () => afterHandler(req, res),
        (error: unknown) => answer(req, res, error, false),
      );
    }
    return afterHandler(req, res);
  };
  Object.defineProperty(wrapped, 'app', { value: app, enumerable: true });
  Object.defineProperty(wrapped, 'unhandledError', { value: unhandledErrorOf, enumerable: true });
  bindErrorApp(wrapped, app);
  return wrapped as FaultlineNodeHandler;
}
