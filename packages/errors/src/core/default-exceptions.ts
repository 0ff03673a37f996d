import * as client from './client-errors.js';
import type { HTTPException } from './http-exception.js';
import * as server from './server-errors.js';

/** A class of HTTP exception (the constructor, with its static code). */
export type HTTPExceptionClass = typeof HTTPException;

/**
 * Status code → the class `abort(code)` raises and `register(code)` keys on (Werkzeug's
 * `default_exceptions`): the first class per code wins, so 400 is BadRequest, not its subclasses.
 */
export const defaultExceptions: ReadonlyMap<number, HTTPExceptionClass> = buildDefaultExceptions();

function buildDefaultExceptions(): Map<number, HTTPExceptionClass> {
  const map = new Map<number, HTTPExceptionClass>();
  for (const cls of [...Object.values(client), ...Object.values(server)]) {
    if (typeof cls !== 'function' || !('code' in cls) || typeof cls.code !== 'number') continue;
    const existing = map.get(cls.code);
    if (existing !== undefined && cls.prototype instanceof existing) continue;
    map.set(cls.code, cls as HTTPExceptionClass);
  }
  return map;
}
