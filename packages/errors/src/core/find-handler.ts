import type { HandlerSlot } from './handler-slot.js';
import { HTTPException } from './http-exception.js';
import { errnoPrototypeOf } from './os-errors.js';
import type { ErrorScope } from './scope.js';
import type { ErrorHandler } from './types.js';

const getPrototypeOf = Object.getPrototypeOf;
const protoIsPrototypeOf = Object.prototype.isPrototypeOf;

/**
 * Finds the handler for `error` raised in `scope`, exactly as Flask's `_find_error_handler`: for the
 * error's code, then for no code; for each, the scopes innermost first up to the app; in each scope,
 * the nearest class in the error's prototype chain wins. A routing error (`routing`: the router found
 * no route, so no blueprint owns the request) is looked up in the application scope only.
 *
 * Node system errors (`code: 'ECONNREFUSED'`, …) are classified on the fly: their errno class
 * (ConnectionRefusedError → ConnectionError → OSError) is walked just before `Error`, so those
 * handlers apply without the error being wrapped or changed.
 */
export function findErrorHandler(
  error: unknown,
  scope: ErrorScope,
  routing = false,
): ErrorHandler | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const proto = getPrototypeOf(error) as object | null;
  if (proto === null) return undefined;
  const start = routing ? scope.root : scope;
  if (error instanceof HTTPException) {
    if (error.code !== null) {
      const byCode = searchScopes(start, routing, error.code, proto, undefined);
      if (byCode !== undefined) return byCode;
    }
    return searchScopes(start, routing, null, proto, undefined);
  }
  // Only real Errors are classified: a thrown plain object with an errno-like code stays a non-Error.
  const errnoProto = error instanceof Error ? errnoPrototypeOf(error) : undefined;
  return searchScopes(start, routing, null, proto, errnoProto);
}

function searchScopes(
  start: ErrorScope,
  routing: boolean,
  code: number | null,
  proto: object,
  errnoProto: object | undefined,
): ErrorHandler | undefined {
  for (let scope: ErrorScope | null = start; scope !== null; scope = routing ? null : scope.parent) {
    const slot = scope.slots.get(code);
    if (slot === undefined) continue;
    const handler = lookupInSlot(slot, proto, errnoProto);
    if (handler !== null) return handler;
  }
  return undefined;
}

function lookupInSlot(slot: HandlerSlot, proto: object, errnoProto: object | undefined): ErrorHandler | null {
  // With no errno class, or when the error's own chain already is (or directly wraps) the errno
  // chain, the walk depends on one prototype only and caches under it.
  let key = proto;
  if (errnoProto !== undefined && proto !== errnoProto) {
    if (proto === Error.prototype) key = errnoProto;
    else return lookupErrnoOfUserClass(slot, proto, errnoProto);
  }
  const cached = slot.cache.get(key);
  if (cached !== undefined) return cached;
  const found = walk(slot.handlers, key, undefined);
  slot.cache.set(key, found);
  return found;
}

function lookupErrnoOfUserClass(slot: HandlerSlot, proto: object, errnoProto: object): ErrorHandler | null {
  let byErrno = slot.errnoCache.get(proto);
  const cached = byErrno?.get(errnoProto);
  if (cached !== undefined) return cached;
  const found = walk(slot.handlers, proto, errnoProto);
  if (byErrno === undefined) {
    byErrno = new Map();
    slot.errnoCache.set(proto, byErrno);
  }
  byErrno.set(errnoProto, found);
  return found;
}

/**
 * Walks the prototype chain from `proto`. When `errnoProto` is given, its classes are visited just
 * before the first class of the real chain that is one of its ancestors (usually `Error`, or
 * `OSError` for a user's OSError subclass), so the real classes stay the most specific.
 */
function walk(
  handlers: ReadonlyMap<object, ErrorHandler>,
  proto: object,
  errnoProto: object | undefined,
): ErrorHandler | null {
  let pending = errnoProto;
  for (let p: object | null = proto; p !== null; p = getPrototypeOf(p) as object | null) {
    if (pending !== undefined && (p === pending || protoIsPrototypeOf.call(p, pending))) {
      for (let f: object | null = pending; f !== null && f !== p; f = getPrototypeOf(f) as object | null) {
        const handler = handlers.get(f);
        if (handler !== undefined) return handler;
      }
      pending = undefined;
    }
    const handler = handlers.get(p);
    if (handler !== undefined) return handler;
  }
  return null;
}
