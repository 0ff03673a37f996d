import { describe, expect, it } from 'vitest';
import { Forbidden, NotFound } from './client-errors.js';
import { createErrorApp } from './error-app.js';
import { findErrorHandler } from './find-handler.js';
import { handleError } from './handle-error.js';
import { HTTPException } from './http-exception.js';
import { InternalServerError } from './server-errors.js';
import { makeRequest } from './test-helpers.js';
import { FaultlineTypeError, SetupFinishedError, ValueError } from './typed-errors.js';

const noop = () => 'x';

describe('registration', () => {
  it.each([999, 402, 308, 301])(
    '#1 register(%i) throws ValueError: not a recognized HTTP error code',
    (code) => {
      const app = createErrorApp();
      expect(() => app.register(code, noop)).toThrow(ValueError);
      expect(() => app.register(code, noop)).toThrow(
        `'${code}' is not a recognized HTTP error code. Use a subclass of HTTPException with that code instead.`,
      );
      expect(() => app.register(code, noop)).toThrow(
        expect.objectContaining({ code: 'FL_ERRORS_UNKNOWN_STATUS_CODE' }),
      );
    },
  );

  it('#1 a subclass with a non-standard code registers fine', () => {
    class PaymentRequired extends HTTPException {
      static override code = 402;
    }
    const app = createErrorApp();
    app.register(PaymentRequired, noop);
    expect(findErrorHandler(new PaymentRequired(), app)).toBe(noop);
  });

  it('#2 an instance instead of a class throws TypeError', () => {
    const app = createErrorApp();
    const attempt = () => app.register(new Forbidden() as never, noop);
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(FaultlineTypeError);
    expect(attempt).toThrow(
      '<Forbidden instance> is an instance, not a class. Handlers can only be registered for Error classes or HTTP error codes.',
    );
    expect(attempt).toThrow(expect.objectContaining({ code: 'FL_ERRORS_HANDLER_KEY_INSTANCE' }));
  });

  it.each([
    [Array, 'Array'],
    [Object, 'Object'],
    ['NotFound', '"NotFound"'],
    [null, 'null'],
  ])('#3 a non-Error class or value (%s) throws ValueError', (key, shown) => {
    const app = createErrorApp();
    const attempt = () => app.register(key as never, noop);
    expect(attempt).toThrow(ValueError);
    expect(attempt).toThrow(`'${shown}' is not a subclass of Error.`);
    expect(attempt).toThrow(expect.objectContaining({ code: 'FL_ERRORS_HANDLER_KEY_NOT_ERROR_CLASS' }));
  });

  it('rejects a handler that is not a function', () => {
    const app = createErrorApp();
    expect(() => app.register(404, 'nope' as never)).toThrow(
      expect.objectContaining({ code: 'FL_ERRORS_HANDLER_NOT_FUNCTION' }),
    );
  });

  it('#4 404 and NotFound (500 and InternalServerError) share one slot; the later one wins', () => {
    const app = createErrorApp();
    const first = () => 'first';
    const second = () => 'second';
    app.register(404, first).register(NotFound, second);
    expect(findErrorHandler(new NotFound(), app)).toBe(second);
    app.register(InternalServerError, first).register(500, second);
    expect(findErrorHandler(new InternalServerError(), app)).toBe(second);
    expect(app.slots.get(404)?.handlers.size).toBe(1);
    expect(app.slots.get(500)?.handlers.size).toBe(1);
  });

  it('#5 setup methods throw once the app has served a request, on the app and its blueprints', async () => {
    const app = createErrorApp({ logger: { error() {} } });
    const bp = app.blueprint('bp');
    await handleError(new NotFound(), { app, request: makeRequest() });
    expect(app.gotFirstRequest).toBe(true);
    expect(() => app.register(404, noop)).toThrow(SetupFinishedError);
    expect(() => app.register(404, noop)).toThrow(
      "The setup method 'register' can no longer be called on the application.",
    );
    expect(() => bp.register(403, noop)).toThrow(
      expect.objectContaining({ code: 'FL_ERRORS_SETUP_FINISHED' }),
    );
    expect(() => bp.registerApp(403, noop)).toThrow(SetupFinishedError);
    expect(() => app.blueprint('late')).toThrow(SetupFinishedError);
  });

  it('#5 markFirstRequest (called by adapters at every request) closes setup too', () => {
    const app = createErrorApp();
    app.markFirstRequest();
    expect(() => app.register(500, noop)).toThrow(SetupFinishedError);
  });

  it('#6 registerApp (app_errorhandler) on a blueprint registers app-wide', () => {
    const app = createErrorApp();
    const bp = app.blueprint('bp');
    const other = app.blueprint('other');
    bp.registerApp(403, noop);
    expect(bp.slots.size).toBe(0);
    expect(findErrorHandler(new Forbidden(), app)).toBe(noop);
    expect(findErrorHandler(new Forbidden(), other)).toBe(noop);
  });

  it('blueprints nest with dotted names; names must be non-empty, dot-free and unique', () => {
    const app = createErrorApp({ name: 'shop' });
    const api = app.blueprint('api');
    const v1 = api.blueprint('v1');
    expect([app.fullName, api.fullName, v1.fullName]).toEqual(['shop', 'api', 'api.v1']);
    expect(v1.parent).toBe(api);
    expect(v1.root).toBe(app);
    expect(app.children.get('api')).toBe(api);
    for (const bad of ['', 'a.b']) {
      expect(() => app.blueprint(bad)).toThrow(expect.objectContaining({ code: 'FL_ERRORS_BLUEPRINT_NAME' }));
    }
    expect(() => app.blueprint('api')).toThrow("The name 'api' is already registered");
  });
});
