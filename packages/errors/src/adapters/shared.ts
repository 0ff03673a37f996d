// The glue every framework adapter shares: resolving the ErrorApp, per-request bookkeeping (which
// scope raised an error, whether an error is already on its way to the framework), routing errors,
// header grouping. Framework-free on purpose, so each adapter file stays a thin translation.
import {
  createErrorApp,
  type ErrorApp,
  type ErrorOutcome,
  type ErrorRequest,
  type ErrorResponse,
  type ErrorScope,
  type HTTPException,
  MethodNotAllowed,
  NotFound,
  resolveErrorSync,
} from '../index.js';

/** Options of createErrorApp, as every adapter accepts them. */
export type ErrorAppOptions = NonNullable<Parameters<typeof createErrorApp>[0]>;

/** What every adapter's entry point takes: an existing ErrorApp, or options to create one. */
export type AdapterOptions = ErrorAppOptions & { app?: ErrorApp };

/** Returns the ErrorApp the caller passed, or a new one built from the remaining options. */
export function resolveErrorApp(options: AdapterOptions | undefined): ErrorApp {
  if (options?.app) return options.app;
  const { app: _ignored, ...rest } = options ?? {};
  return createErrorApp(rest as ErrorAppOptions);
}

/** A scope given by name is created under `parent`; an existing scope is used as it is. */
export function resolveScope(scopeOrName: ErrorScope | string, parent: ErrorScope): ErrorScope {
  return typeof scopeOrName === 'string' ? parent.blueprint(scopeOrName) : scopeOrName;
}

/**
 * The outcome of running the core pipeline: a response to write, or an error the framework (or the
 * test calling the app) must see because the settings say to propagate.
 */
export type Outcome = { kind: 'response'; response: ErrorResponse } | { kind: 'propagate'; error: unknown };

/**
 * Runs the core pipeline (resolveErrorSync, with its outcome). The core rejects only to propagate
 * (testing / debug / PROPAGATE_EXCEPTIONS): it answers everything else itself, down to a last-resort
 * 500. So a rejection here always means "hand the error to the framework", which each adapter does its
 * own way. `key` is the framework's per-request object; the unhandled error is remembered on it for
 * teardown. The outcome comes back without a promise when the handler answered synchronously (the
 * common case), so adapters can write the response in the same tick; otherwise a promise of it.
 */
export function runPipeline(
  app: ErrorApp,
  key: object,
  error: unknown,
  request: ErrorRequest,
  scope: ErrorScope | undefined,
  routing: boolean,
): Outcome | Promise<Outcome> {
  const outcome = resolveErrorSync(error, { app, scope: scope ?? app, request, routing });
  if (outcome instanceof Promise) {
    return outcome.then(
      (settled) => toOutcome(key, settled),
      (thrown: unknown) => propagation(key, thrown),
    );
  }
  return toOutcome(key, outcome);
}

function toOutcome(key: object, outcome: ErrorOutcome): Outcome {
  if (outcome.unhandledError !== null) stateOf(key).unhandled = { error: outcome.unhandledError };
  return { kind: 'response', response: outcome.response };
}

function propagation(key: object, thrown: unknown): Outcome {
  stateOf(key).unhandled = { error: thrown };
  return { kind: 'propagate', error: thrown };
}

interface RequestState {
  raised?: { error: unknown; scope: ErrorScope };
  propagated?: boolean;
  unhandled?: { error: unknown };
}

// Keyed by the framework's own per-request object (Express req, Fastify request, Hono context, Koa
// ctx), so nothing is stored on user-visible objects and everything goes when the request does.
const states = new WeakMap<object, RequestState>();

function stateOf(key: object): RequestState {
  let state = states.get(key);
  if (!state) {
    state = {};
    states.set(key, state);
  }
  return state;
}

/**
 * Records that `scope` raised `error` for this request. Scopes tag errors as the error leaves them,
 * innermost first, so the first tag for a given error wins and outer scopes do not overwrite it.
 */
export function tagScope(key: object, error: unknown, scope: ErrorScope): void {
  const state = stateOf(key);
  if (state.raised && state.raised.error === error) return;
  state.raised = { error, scope };
}

/** The scope that raised `error` for this request, if a blueprint tagged it. */
export function scopeOf(key: object, error: unknown): ErrorScope | undefined {
  const raised = states.get(key)?.raised;
  return raised && raised.error === error ? raised.scope : undefined;
}

/**
 * Frameworks that chain error handlers (Fastify's parent handlers, Hono's compose layers) call the
 * next handler again with a propagated error; the mark lets every Faultline handler pass it on
 * untouched, so the core runs (logs, fires onException) once per request.
 */
export function markPropagated(key: object): void {
  stateOf(key).propagated = true;
}

/**
 * The error that went down the 500 path for this request (Flask's teardown `exc`): null when there was
 * none or a handler dealt with it, HTTP exceptions included (checklist 40).
 */
export function unhandledErrorOf(key: object): unknown {
  const unhandled = states.get(key)?.unhandled;
  return unhandled === undefined ? null : unhandled.error;
}

/** Whether this request already handed an error to the framework. */
export function wasPropagated(key: object): boolean {
  return states.get(key)?.propagated === true;
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Normalises the methods a path answers to for an Allow header: upper case, no duplicates, HEAD
 * wherever GET is (every framework here answers HEAD for GET routes), OPTIONS when the framework
 * answers it by itself, in a stable order.
 */
export function allowedMethods(methods: Iterable<string>, answersOptions: boolean): string[] {
  const set = new Set<string>();
  for (const method of methods) set.add(method.toUpperCase());
  if (set.has('GET')) set.add('HEAD');
  if (answersOptions && set.size > 0) set.add('OPTIONS');
  const known = METHOD_ORDER.filter((m) => set.has(m));
  const other = [...set].filter((m) => !METHOD_ORDER.includes(m)).sort();
  return [...known, ...other];
}

/**
 * The error for a request no route answered: 405 with the methods the path does answer to, else 404.
 * `allowed` must already exclude the request's own method.
 */
export function routingError(allowed: readonly string[]): HTTPException {
  return allowed.length > 0 ? new MethodNotAllowed({ validMethods: [...allowed] }) : new NotFound();
}

/** Splits a request target into its path and its query string (with the `?`). */
export function splitUrl(url: string): { path: string; search: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q) };
}

/**
 * Groups header pairs by case-insensitive name, keeping order and every value, so a repeated header
 * (two WWW-Authenticate challenges) is written as two header lines rather than one overwriting the
 * other. The first spelling of a name is kept.
 */
export function groupHeaders(pairs: ReadonlyArray<readonly [string, string]>): Array<[string, string[]]> {
  const byName = new Map<string, [string, string[]]>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const entry = byName.get(key);
    if (entry) entry[1].push(value);
    else byName.set(key, [name, [value]]);
  }
  return [...byName.values()];
}

/**
 * The value to set for the header pair at `i`, the way `groupHeaders` groups them but allocation-free in
 * the usual case (no repeated names): undefined when the name already appeared earlier (it was set
 * then, with every value), the value alone when the name is not repeated, else all values in order.
 * Loop over the indexes and set `pairs[i][0]` to each defined value.
 */
export function headerValueAt(
  pairs: ReadonlyArray<readonly [string, string]>,
  i: number,
): string | string[] | undefined {
  const [name, value] = pairs[i]!;
  const key = name.toLowerCase();
  for (let j = 0; j < i; j++) if (pairs[j]![0].toLowerCase() === key) return undefined;
  let values: string[] | undefined;
  for (let j = i + 1; j < pairs.length; j++) {
    if (pairs[j]![0].toLowerCase() !== key) continue;
    if (values === undefined) values = [value];
    values.push(pairs[j]![1]);
  }
  return values ?? value;
}

/** The part of node's ServerResponse the writers use (kept structural so this file imports no node:*). */
export interface NodeResponseLike {
  headersSent: boolean;
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  removeHeader(name: string): unknown;
  end(body?: string | Uint8Array): unknown;
  destroy(error?: Error): unknown;
}

/**
 * Writes an ErrorResponse on a node ServerResponse. Headers set earlier (CORS, request ids) are kept,
 * unlike Koa's default handler that strips them; the error response's own headers replace same-named
 * ones. If the response has already started, all we can do is cut the connection, as finalhandler does.
 */
export function writeNodeResponse(res: NodeResponseLike, response: ErrorResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = response.status;
  res.removeHeader('content-length');
  const { headers } = response;
  for (let i = 0; i < headers.length; i++) {
    const value = headerValueAt(headers, i);
    if (value !== undefined) res.setHeader(headers[i]![0], value);
  }
  res.end(response.body);
}
