import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Forbidden, NotFound } from './client-errors.js';
import { createErrorApp } from './error-app.js';
import { findErrorHandler } from './find-handler.js';
import { HTTPException } from './http-exception.js';
import { ConnectionError, ConnectionRefusedError, OSError } from './os-errors.js';
import type { ErrorScope } from './scope.js';
import { InternalServerError } from './server-errors.js';
import type { ErrorHandler } from './types.js';

// The property: with any registrations, in any order, interleaved with lookups (which fill the
// caches), findErrorHandler answers exactly what a cache-free transcription of Flask's
// _find_error_handler answers.

class Forbidden2 extends Forbidden {}
const FIXED: Array<abstract new (...args: never[]) => Error> = [
  Error,
  TypeError,
  HTTPException,
  NotFound,
  Forbidden,
  Forbidden2,
  InternalServerError,
  OSError,
  ConnectionError,
  ConnectionRefusedError,
];

/** Builds user classes: class i extends class parents[i] (an earlier user class or a fixed one). */
function buildClasses(parents: number[]): Array<new () => Error> {
  const classes: Array<new () => Error> = [];
  parents.forEach((parent, i) => {
    const all = [...FIXED, ...classes] as Array<new () => Error>;
    const Base = all[parent % all.length]!;
    classes.push({ [`User${i}`]: class extends Base {} }[`User${i}`]!);
  });
  return classes;
}

type Reg = {
  scope: ErrorScope;
  key: number | (abstract new (...args: never[]) => Error);
  handler: ErrorHandler;
};

/** Flask's lookup, straight from the spec (§A1.4), with a linear scan of the registrations. */
function reference(regs: Reg[], error: Error, scope: ErrorScope): ErrorHandler | undefined {
  const code = error instanceof HTTPException ? error.code : null;
  const chain: ErrorScope[] = [];
  for (let s: ErrorScope | null = scope; s; s = s.parent) chain.push(s);
  const keyOf = (reg: Reg): [object, number | null] => {
    if (typeof reg.key === 'number') return [defaultClassProto(reg.key), reg.key];
    const k = reg.key as unknown as typeof HTTPException;
    return [k.prototype, k === HTTPException || k.prototype instanceof HTTPException ? k.code : null];
  };
  const mro: object[] = [];
  for (let p = Object.getPrototypeOf(error); p; p = Object.getPrototypeOf(p)) mro.push(p);
  if ((error as { code?: unknown }).code === 'ECONNREFUSED') {
    // The errno family goes in before the first real class that belongs to it (or Error).
    const family: object[] = [ConnectionRefusedError.prototype, ConnectionError.prototype, OSError.prototype];
    const at = mro.findIndex((p) => family.includes(p) || p === Error.prototype);
    mro.splice(at, 0, ...family.filter((p) => !mro.includes(p)));
  }
  for (const c of code === null ? [null] : [code, null]) {
    for (const s of chain) {
      const inSlot = regs.filter((r) => r.scope === s && keyOf(r)[1] === c);
      if (inSlot.length === 0) continue;
      for (const proto of mro) {
        // The last registration for a key wins.
        const hit = inSlot.filter((r) => keyOf(r)[0] === proto).pop();
        if (hit) return hit.handler;
      }
    }
  }
  return undefined;
}

function defaultClassProto(code: number): object {
  return (
    { 403: Forbidden, 404: NotFound, 500: InternalServerError } as Record<number, { prototype: object }>
  )[code]!.prototype;
}

const step = fc.oneof(
  fc.record({
    kind: fc.constant('register' as const),
    scope: fc.nat(2),
    key: fc.nat(20),
    code: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('lookup' as const), scope: fc.nat(2), cls: fc.nat(20), errno: fc.boolean() }),
);

describe('findErrorHandler property', () => {
  it('matches a cache-free transcription of Flask for random hierarchies, scopes and orders', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(30), { minLength: 1, maxLength: 6 }),
        fc.array(step, { maxLength: 30 }),
        (parents, steps) => {
          const classes = buildClasses(parents);
          const all = [...FIXED, ...classes];
          const app = createErrorApp();
          const bp = app.blueprint('bp');
          const scopes = [app, bp, bp.blueprint('inner')];
          const regs: Reg[] = [];
          for (const [n, s] of steps.entries()) {
            const scope = scopes[s.scope]!;
            if (s.kind === 'register') {
              const key = s.code ? [403, 404, 500][s.key % 3]! : all[s.key % all.length]!;
              const handler: ErrorHandler = () => `h${n}`;
              scope.register(key as never, handler);
              regs.push({ scope, key, handler });
            } else {
              const Cls = all[s.cls % all.length] as new () => Error;
              const error = new Cls();
              if (s.errno && !(error instanceof HTTPException))
                Object.assign(error, { code: 'ECONNREFUSED' });
              expect(findErrorHandler(error, scope)).toBe(reference(regs, error, scope));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
