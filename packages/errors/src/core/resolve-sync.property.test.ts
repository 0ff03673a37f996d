import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Forbidden, NotFound } from './client-errors.js';
import { createErrorApp } from './error-app.js';
import { type ErrorOutcome, resolveError, resolveErrorSync } from './handle-error.js';
import { makeResponse, makeResponseSync } from './make-response.js';
import { bodyText, makeRequest, memoryLogger } from './test-helpers.js';
import type { ErrorHandler, ErrorRequest, ErrorResponse } from './types.js';

// The property: whatever a handler returns, the synchronous path (resolveErrorSync with a handler that
// answers at once) gives byte for byte the outcome of the asynchronous one (the same result behind a
// promise, which forces every await), and it is synchronous exactly when nothing needed awaiting.

const text = fc.string({ maxLength: 12 });
const headers = fc.oneof(
  fc.dictionary(fc.constantFrom('X-A', 'x-b', 'Content-Type', 'Vary'), fc.oneof(text, fc.array(text))),
  fc.array(fc.tuple(fc.constantFrom('X-A', 'x-a', 'Set-Cookie'), text), { maxLength: 3 }),
);
const status = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom('418 TEAPOT', '201', 'abc'));
// A result is rebuilt from its recipe for each run: makeResponse may mutate what it is given.
type Recipe = () => unknown;
const body: fc.Arbitrary<Recipe> = fc.oneof(
  text.map((s) => () => s),
  fc.uint8Array({ maxLength: 8 }).map((b) => () => b.slice()),
  fc
    .dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }))
    .map((o) => () => structuredClone(o)),
  fc.array(fc.integer(), { maxLength: 4 }).map((a) => () => [...a]),
  text.map((d) => () => new Forbidden(d)),
  fc.constantFrom<Recipe>(
    () => undefined,
    () => null,
    () => 42,
    () => new Response('web body', { status: 409, headers: { 'X-Web': 'yes' } }),
  ),
);
const result: fc.Arbitrary<Recipe> = fc.oneof(
  body,
  fc.tuple(body, status).map(([b, s]) => () => [b(), s]),
  fc.tuple(body, headers).map(([b, h]) => () => [b(), structuredClone(h)]),
  fc.tuple(body, status, headers).map(([b, s, h]) => () => [b(), s, structuredClone(h)]),
  fc.tuple(body, status, headers, text).map(([b, s, h, x]) => () => [b(), s, structuredClone(h), x]),
);

function comparable(outcome: ErrorOutcome) {
  const { unhandledError } = outcome;
  return {
    status: outcome.response.status,
    headers: outcome.response.headers,
    body: bodyText(outcome.response),
    bodyType: typeof outcome.response.body,
    unhandled: unhandledError instanceof Error ? `${unhandledError.name}: ${unhandledError.message}` : null,
  };
}

function run(recipe: Recipe, asPromise: boolean, error: unknown, request: ErrorRequest) {
  const app = createErrorApp({ logger: memoryLogger() });
  // Random results include invalid ones on purpose (they take the 500 path).
  const handler = (() => (asPromise ? Promise.resolve(recipe()) : recipe())) as ErrorHandler;
  app.register(NotFound, handler);
  app.register(Error, handler);
  return resolveErrorSync(error, { app, request });
}

// Only a web Response body is read asynchronously, and only it carries this header.
function fromWebResponse(response: ErrorResponse): boolean {
  return response.headers.some(([name]) => name === 'x-web');
}

describe('resolveErrorSync', () => {
  it('gives the asynchronous path’s outcome byte for byte, synchronously when nothing is awaited', async () => {
    const errors = [() => new NotFound(), () => new TypeError('boom')];
    await fc.assert(
      fc.asyncProperty(result, fc.constantFrom(...errors), fc.boolean(), async (recipe, makeError, json) => {
        const request = makeRequest({ headers: json ? { accept: 'application/json' } : {} });
        const direct = run(recipe, false, makeError(), request);
        const deferred = run(recipe, true, makeError(), request);
        expect(deferred).toBeInstanceOf(Promise);
        const directOutcome = await direct;
        const handledAtOnce =
          directOutcome.unhandledError === null && !fromWebResponse(directOutcome.response);
        expect(direct instanceof Promise).toBe(!handledAtOnce);
        expect(comparable(directOutcome)).toEqual(comparable(await deferred));
      }),
      { numRuns: 300 },
    );
  });

  it('answers a handled error without a promise, and resolveError agrees', async () => {
    const app = createErrorApp({ logger: memoryLogger() });
    app.register(404, () => ['not here', 404, { 'X-Why': 'gone' }]);
    const sync = resolveErrorSync(new NotFound(), { app, request: makeRequest() });
    if (sync instanceof Promise) throw new Error('expected a synchronous outcome');
    expect(sync.unhandledError).toBeNull();
    expect(sync.response).toEqual({
      status: 404,
      headers: [
        ['Content-Type', 'text/html; charset=utf-8'],
        ['X-Why', 'gone'],
      ],
      body: 'not here',
    });
    expect(await resolveError(new NotFound(), { app, request: makeRequest() })).toEqual(sync);
  });

  it('returns a promise that rejects when the settings propagate the error', async () => {
    const app = createErrorApp({ logger: memoryLogger(), testing: true });
    const boom = new TypeError('boom');
    const outcome = resolveErrorSync(boom, { app, request: makeRequest() });
    expect(outcome).toBeInstanceOf(Promise);
    await expect(outcome).rejects.toBe(boom);
  });
});

describe('makeResponseSync', () => {
  it('converts like makeResponse, and returns a promise only for a web Response body', async () => {
    const request = makeRequest();
    await fc.assert(
      fc.asyncProperty(result, async (recipe) => {
        let syncOutcome: unknown;
        let asyncOutcome: unknown;
        try {
          const response = makeResponseSync(recipe(), request);
          syncOutcome = await response;
          expect(response instanceof Promise).toBe(fromWebResponse(syncOutcome as ErrorResponse));
        } catch (error) {
          syncOutcome = `${(error as Error).name}: ${(error as Error).message}`;
        }
        try {
          asyncOutcome = await makeResponse(recipe(), request);
        } catch (error) {
          asyncOutcome = `${(error as Error).name}: ${(error as Error).message}`;
        }
        expect(syncOutcome).toEqual(asyncOutcome);
      }),
      { numRuns: 300 },
    );
  });
});
