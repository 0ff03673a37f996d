// Reading and adjusting an Express router stack (the `router` package in Express 5, the built-in
// router in Express 4): which methods a path answers to, and promise support for Express 4 handlers.
// Only fields both majors share are used: layer.match(), layer.route.methods, layer.handle.stack.

type Handle = ((...args: never[]) => unknown) & { stack?: ExpressLayer[] };

/** One entry of an Express router stack. */
export interface ExpressLayer {
  handle: Handle;
  route?: { methods: Record<string, boolean | undefined>; stack: ExpressLayer[] };
  /** Express 5 returns the match (or false); Express 4 returns a boolean and stores `path` on the layer. */
  match(path: string): unknown;
  path?: string;
}

// Routers nest; real apps nest a few levels. The bound only guards against a cyclic stack.
const MAX_DEPTH = 32;

function collectMethods(stack: readonly ExpressLayer[], path: string, out: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const layer of stack) {
    const match = layer.match(path);
    if (!match) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on) out.add(method === '_all' ? '*' : method.toUpperCase());
      }
    } else if (layer.handle.stack) {
      const matched =
        typeof match === 'object' ? ((match as { path?: string }).path ?? '') : (layer.path ?? '');
      const rest = path.slice(matched.length);
      collectMethods(layer.handle.stack, rest.startsWith('/') ? rest : `/${rest}`, out, depth + 1);
    }
  }
}

/**
 * The methods other than `method` that routes in `stack` answer for `path` (empty when none do, or
 * when a route does answer this method and simply passed the request on, which is a 404).
 */
export function findAllowedMethods(
  stack: readonly ExpressLayer[],
  path: string,
  method: string,
  normalize: (methods: Iterable<string>) => string[],
): string[] {
  const found = new Set<string>();
  collectMethods(stack, path, found, 0);
  if (found.has('*')) return [];
  const allowed = normalize(found);
  return allowed.includes(method.toUpperCase()) ? [] : allowed;
}

const wrapped = new WeakSet<ExpressLayer>();

function settle(result: unknown, next: (error?: unknown) => void): void {
  if (
    result !== null &&
    typeof result === 'object' &&
    typeof (result as Promise<unknown>).then === 'function'
  ) {
    // Express 5 turns a rejection with a falsy reason into this same error.
    (result as Promise<unknown>).then(undefined, (error: unknown) =>
      next(error || new Error('Rejected promise')),
    );
  }
}

// Express tells error middleware from plain middleware by fn.length, so the wrapper keeps the arity.
function promiseAware(fn: Handle): Handle {
  const call = fn as unknown as (...args: unknown[]) => unknown;
  if (fn.length === 4) {
    return function errorMiddleware(error: unknown, req: unknown, res: unknown, next: (e?: unknown) => void) {
      settle(call(error, req, res, next), next);
    } as Handle;
  }
  return function middleware(req: unknown, res: unknown, next: (e?: unknown) => void) {
    settle(call(req, res, next), next);
  } as Handle;
}

/**
 * Gives Express 4 what Express 5 does natively: a handler's rejected promise goes to next(error).
 * Walks the stack (routers and routes included) and wraps each user function once.
 */
export function wrapAsyncLayers(stack: readonly ExpressLayer[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  for (const layer of stack) {
    if (layer.route) wrapAsyncLayers(layer.route.stack, depth + 1);
    else if (layer.handle.stack) wrapAsyncLayers(layer.handle.stack, depth + 1);
    else if (!wrapped.has(layer)) {
      layer.handle = promiseAware(layer.handle);
      wrapped.add(layer);
    }
  }
}
