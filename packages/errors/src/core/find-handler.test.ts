import { describe, expect, it } from 'vitest';
import { abort } from './abort.js';
import { Forbidden, MethodNotAllowed, NotFound } from './client-errors.js';
import { createErrorApp } from './error-app.js';
import { findErrorHandler } from './find-handler.js';
import { handleError } from './handle-error.js';
import { HTTPException } from './http-exception.js';
import { bodyText, makeRequest } from './test-helpers.js';

class Parent extends Error {}
class Child extends Parent {}
class GrandChild extends Child {}
class MyValueError extends Error {}

const named = (label: string) => Object.assign(() => label, { label });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('findErrorHandler (Flask _find_error_handler)', () => {
  it('#7 the nearest ancestor in the class chain wins, whatever the registration order', () => {
    for (const order of [0, 1]) {
      const app = createErrorApp();
      const parent = named('parent');
      const child = named('child');
      if (order === 0) app.register(Parent, parent).register(Child, child);
      else app.register(Child, child).register(Parent, parent);
      expect(findErrorHandler(new Child(), app)).toBe(child);
      expect(findErrorHandler(new GrandChild(), app)).toBe(child);
      expect(findErrorHandler(new Parent(), app)).toBe(parent);
      expect(findErrorHandler(new Error(), app)).toBeUndefined();
    }
  });

  it('#8 HTTPException handler takes NotFound, the Error handler takes other errors', () => {
    const app = createErrorApp();
    const http = named('http');
    const base = named('base');
    app.register(HTTPException, http).register(Error, base);
    expect(findErrorHandler(new NotFound(), app)).toBe(http);
    expect(findErrorHandler(new MyValueError(), app)).toBe(base);
    expect(findErrorHandler(new TypeError(), app)).toBe(base);
  });

  it('#9 only an Error handler: abort(404) and a routing 404 reach it with the NotFound instance', async () => {
    const app = createErrorApp();
    app.register(Error, (e) => `caught ${(e as HTTPException).code} ${e.constructor.name}`);
    const viaAbort = await handleError(
      thrown(() => abort(404)),
      { app, request: makeRequest() },
    );
    const viaRouting = await handleError(new NotFound(), { app, request: makeRequest(), routing: true });
    expect(bodyText(viaAbort)).toBe('caught 404 NotFound');
    expect(bodyText(viaRouting)).toBe('caught 404 NotFound');
  });

  it('#10 a custom 403 class that does not extend Forbidden does not use the 403 handler', async () => {
    class My403 extends HTTPException {
      override code = 403;
    }
    const app = createErrorApp();
    app.register(403, () => 'h403');
    const response = await handleError(new My403(), { app, request: makeRequest() });
    expect(response.status).toBe(403);
    expect(bodyText(response)).toContain('<title>403 Forbidden</title>');
    expect(
      bodyText(
        await handleError(
          thrown(() => abort(403)),
          { app, request: makeRequest() },
        ),
      ),
    ).toBe('h403');
    class Static403 extends HTTPException {
      static override code = 403;
    }
    expect(findErrorHandler(new Static403(), app)).toBeUndefined();
  });

  it('#11 a Forbidden subclass uses the 403 handler unless it has its own', () => {
    class F2 extends Forbidden {}
    const app = createErrorApp();
    const h403 = named('403');
    app.register(403, h403);
    expect(findErrorHandler(new F2(), app)).toBe(h403);
    const f2 = named('f2');
    app.register(F2, f2);
    expect(findErrorHandler(new F2(), app)).toBe(f2);
    expect(findErrorHandler(new Forbidden(), app)).toBe(h403);
  });

  it('#12 code handlers in every scope win over class handlers (bp HTTPException vs app 404)', () => {
    const app = createErrorApp();
    const bp = app.blueprint('bp');
    const bpHttp = named('bp-http');
    const app404 = named('app-404');
    bp.register(HTTPException, bpHttp);
    app.register(404, app404);
    expect(findErrorHandler(new NotFound(), bp)).toBe(app404);
    expect(findErrorHandler(new Forbidden(), bp)).toBe(bpHttp);
  });

  it('#13 the blueprint handler wins for its views; app views and other blueprints get the app handler', () => {
    const app = createErrorApp();
    const bp = app.blueprint('bp');
    const other = app.blueprint('other');
    const bp403 = named('bp');
    const app403 = named('app');
    bp.register(403, bp403);
    app.register(403, app403);
    expect(findErrorHandler(new Forbidden(), bp)).toBe(bp403);
    expect(findErrorHandler(new Forbidden(), app)).toBe(app403);
    expect(findErrorHandler(new Forbidden(), other)).toBe(app403);
  });

  it('#14 nested blueprints: a child without a handler gets the parent one, a grandchild its own', () => {
    const app = createErrorApp();
    const parent = app.blueprint('parent');
    const child = parent.blueprint('child');
    const grandchild = child.blueprint('grandchild');
    const parent403 = named('parent');
    const grand403 = named('grand');
    parent.register(403, parent403);
    grandchild.register(403, grand403);
    expect(findErrorHandler(new Forbidden(), child)).toBe(parent403);
    expect(findErrorHandler(new Forbidden(), grandchild)).toBe(grand403);
    expect(findErrorHandler(new Forbidden(), app)).toBeUndefined();
  });

  it('#15 routing 404/405s skip blueprint handlers: only the app scope is searched', () => {
    const app = createErrorApp();
    const bp = app.blueprint('bp');
    const bp404 = named('bp-404');
    bp.register(404, bp404).register(405, bp404).register(Error, bp404);
    expect(findErrorHandler(new NotFound(), bp, true)).toBeUndefined();
    expect(findErrorHandler(new MethodNotAllowed(['GET']), bp, true)).toBeUndefined();
    const app404 = named('app-404');
    app.register(404, app404);
    expect(findErrorHandler(new NotFound(), bp, true)).toBe(app404);
    expect(findErrorHandler(new NotFound(), bp, false)).toBe(bp404);
  });

  it('non-object thrown values (strings, null, numbers) have no class handler', () => {
    const app = createErrorApp();
    app.register(Error, named('base'));
    for (const value of ['boom', null, undefined, 42, { message: 'plain' }, Object.create(null)]) {
      expect(findErrorHandler(value, app)).toBeUndefined();
    }
  });

  it('results are cached per (scope, class) and registration clears the cache', () => {
    const app = createErrorApp();
    const parent = named('parent');
    app.register(Parent, parent);
    expect(findErrorHandler(new GrandChild(), app)).toBe(parent);
    expect(app.slots.get(null)?.cache.get(GrandChild.prototype)).toBe(parent);
    const child = named('child');
    app.register(Child, child);
    expect(app.slots.get(null)?.cache.size).toBe(0);
    expect(findErrorHandler(new GrandChild(), app)).toBe(child);
  });
});
