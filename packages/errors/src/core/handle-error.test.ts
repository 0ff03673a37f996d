import { describe, expect, it } from 'vitest';
import { abort } from './abort.js';
import { BadRequest, BadRequestKeyError, Forbidden, NotFound } from './client-errors.js';
import { createErrorApp, type ErrorAppOptions } from './error-app.js';
import { handleError, resolveError } from './handle-error.js';
import { HTTPException } from './http-exception.js';
import { RequestRedirect } from './request-redirect.js';
import { InternalServerError } from './server-errors.js';
import { bodyText, headerValues, makeRequest, memoryLogger } from './test-helpers.js';

function setup(options: ErrorAppOptions = {}) {
  const logger = memoryLogger();
  const app = createErrorApp({ logger, ...options });
  const signals: unknown[] = [];
  app.onException((error) => signals.push(error));
  return { app, logger, signals };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('handleError (Flask handle_user_exception / handle_exception)', () => {
  it('#26 a routing redirect never reaches user handlers, not even a catch-all Error handler', async () => {
    const { app } = setup();
    app.register(Error, () => 'caught');
    const response = await handleError(new RequestRedirect('http://host/slash/'), {
      app,
      request: makeRequest(),
    });
    expect(response.status).toBe(308);
    expect(headerValues(response, 'location')).toEqual(['http://host/slash/']);
  });

  it('#27 unclaimed HTTP exceptions are not logged and do not fire onException', async () => {
    const { app, logger, signals } = setup();
    const response = await handleError(new NotFound(), { app, request: makeRequest() });
    expect(response.status).toBe(404);
    expect(logger.calls).toEqual([]);
    expect(signals).toEqual([]);
  });

  it('#28 an unhandled error: default 500 page, logged once with path (no query) and method, signal once', async () => {
    const { app, logger, signals } = setup();
    const error = new RangeError('boom');
    const response = await handleError(error, {
      app,
      request: makeRequest({ method: 'POST', url: '/boom?q=1' }),
    });
    expect(response.status).toBe(500);
    expect(bodyText(response)).toBe(new InternalServerError().getBody());
    expect(logger.calls).toEqual([{ obj: { err: error }, msg: 'Exception on /boom [POST]' }]);
    expect(signals).toEqual([error]);
  });

  it('#28 the default console logger prints the message and the stack', async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (line: string) => lines.push(line);
    try {
      const app = createErrorApp();
      await handleError(new Error('kaput'), { app, request: makeRequest({ method: 'POST' }) });
    } finally {
      console.error = original;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Exception on \/boom \[POST\]\nError: kaput\n {4}at /);
  });

  it('#29 the 500 handler receives InternalServerError wrapping the original (null for abort(500))', async () => {
    const { app } = setup();
    const seen: InternalServerError[] = [];
    app.register(500, (e) => {
      seen.push(e as InternalServerError);
      return ['custom 500', 500];
    });
    const original = new RangeError('bad');
    const response = await handleError(original, { app, request: makeRequest() });
    expect([response.status, bodyText(response)]).toEqual([500, 'custom 500']);
    await handleError(
      thrown(() => abort(500)),
      { app, request: makeRequest() },
    );
    expect(seen[0]).toBeInstanceOf(InternalServerError);
    expect(seen[0]?.originalException).toBe(original);
    expect(seen[1]?.originalException).toBeNull();
  });

  it('#30 with only an HTTPException handler, an unhandled error reaches it as a 500', async () => {
    const { app } = setup();
    app.register(HTTPException, (e) => [`http ${e.code} ${e.name}`, e.code ?? 500]);
    const response = await handleError(new TypeError('x'), { app, request: makeRequest() });
    expect([response.status, bodyText(response)]).toEqual([500, 'http 500 InternalServerError']);
  });

  it('#31 a 404 handler that throws: 500, the 500 handler sees the thrown error as originalException', async () => {
    const { app, signals } = setup();
    const failure = new Error('handler broke');
    app.register(404, () => {
      throw failure;
    });
    let original: unknown;
    app.register(500, (e) => {
      original = (e as InternalServerError).originalException;
      return ['500 page', 500];
    });
    const { response, unhandledError } = await resolveError(new NotFound(), { app, request: makeRequest() });
    expect(response.status).toBe(500);
    expect(original).toBe(failure);
    expect(signals).toEqual([failure]);
    expect(unhandledError).toBe(failure);
  });

  it('#32 a 500 handler that itself throws yields the last-resort generic 500, logged, never a rejection', async () => {
    const { app, logger } = setup();
    const second = new Error('500 handler broke');
    app.register(500, async () => {
      throw second;
    });
    const response = await handleError(new Error('first'), {
      app,
      request: makeRequest({ headers: { accept: 'application/json' } }),
    });
    expect(response.status).toBe(500);
    expect(JSON.parse(bodyText(response))).toMatchObject({ code: 500, name: 'Internal Server Error' });
    expect(logger.calls.map((c) => c.msg)).toEqual([
      'Exception on /boom [GET]',
      'Error handler failed on /boom [GET]',
    ]);
    expect(logger.calls[1]?.obj).toEqual({ err: second });
  });

  it('#32 a 500 handler returning garbage also gets the last-resort 500', async () => {
    const { app } = setup();
    app.register(500, () => undefined as never);
    expect((await handleError(new Error('x'), { app, request: makeRequest() })).status).toBe(500);
  });

  it.each([
    [{ debug: true }, true],
    [{ testing: true }, true],
    [{ propagateExceptions: true }, true],
    [{ debug: true, propagateExceptions: false }, false],
    [{ testing: true, propagateExceptions: false }, false],
    [{}, false],
  ] as const)(
    '#33 settings %o propagate: %s (the 500 handler only runs when not; the signal fires either way)',
    async (settings, propagates) => {
      const { app, signals, logger } = setup(settings);
      let handler500 = 0;
      app.register(500, () => {
        handler500 += 1;
        return ['h500', 500];
      });
      const error = new Error('x');
      const outcome = handleError(error, { app, request: makeRequest() });
      if (propagates) {
        await expect(outcome).rejects.toBe(error);
        expect(handler500).toBe(0);
        expect(logger.calls).toEqual([]);
      } else {
        expect(bodyText(await outcome)).toBe('h500');
        expect(handler500).toBe(1);
      }
      expect(signals).toEqual([error]);
    },
  );

  it('#33 in debug the debugRenderer answers instead of propagating; undefined or a failure propagates', async () => {
    const { app, logger } = setup({ debug: true });
    app.debugRenderer = (error) => ({
      status: 500,
      headers: [],
      body: `debug page for ${(error as Error).message}`,
    });
    expect(bodyText(await handleError(new Error('x'), { app, request: makeRequest() }))).toBe(
      'debug page for x',
    );
    app.debugRenderer = () => undefined;
    await expect(handleError(new Error('y'), { app, request: makeRequest() })).rejects.toThrow('y');
    app.debugRenderer = () => {
      throw new Error('renderer broke');
    };
    await expect(handleError(new Error('z'), { app, request: makeRequest() })).rejects.toThrow('z');
    expect(logger.calls.map((c) => c.msg)).toEqual(['The debug page failed to render']);
    const testing = setup({ testing: true }).app;
    testing.debugRenderer = () => ({ status: 500, headers: [], body: 'page' });
    await expect(handleError(new Error('t'), { app: testing, request: makeRequest() })).rejects.toThrow('t');
  });

  it('#34 trapHttpExceptions: a handled HTTP exception stays handled, an unhandled one becomes a 500', async () => {
    const { app, signals } = setup({ trapHttpExceptions: true });
    app.register(404, () => ['404 still handled', 404]);
    let wrapped: unknown;
    app.register(500, (e) => {
      wrapped = (e as InternalServerError).originalException;
      return ['wrapped', 500];
    });
    const handled = await handleError(new NotFound(), { app, request: makeRequest() });
    expect(bodyText(handled)).toBe('404 still handled');
    const forbidden = new Forbidden();
    expect(bodyText(await handleError(forbidden, { app, request: makeRequest() }))).toBe('wrapped');
    expect(wrapped).toBe(forbidden);
    expect(signals).toEqual([forbidden]);
    const propagating = setup({ trapHttpExceptions: true, testing: true }).app;
    await expect(handleError(forbidden, { app: propagating, request: makeRequest() })).rejects.toBe(
      forbidden,
    );
  });

  it('#35 BadRequestKeyError: trapped and naming the key in debug; a plain 400 without debug', async () => {
    const debug = setup({ debug: true, propagateExceptions: false });
    let seen: unknown;
    debug.app.register(500, (e) => {
      seen = (e as InternalServerError).originalException;
      return ['500', 500];
    });
    const inDebug = new BadRequestKeyError('username');
    expect((await handleError(inDebug, { app: debug.app, request: makeRequest() })).status).toBe(500);
    expect(seen).toBe(inDebug);
    expect(inDebug.description).toContain("KeyError: 'username'");

    const { app } = setup();
    const plain = await handleError(new BadRequestKeyError('username'), { app, request: makeRequest() });
    expect(plain.status).toBe(400);
    expect(bodyText(plain)).not.toContain('username');

    const trapAll = setup({ trapBadRequestErrors: true }).app;
    expect((await handleError(new BadRequest(), { app: trapAll, request: makeRequest() })).status).toBe(500);
    const shown = new BadRequestKeyError('email');
    await handleError(shown, { app: trapAll, request: makeRequest() });
    expect(shown.description).toContain("KeyError: 'email'");

    const debugNoTrap = setup({ debug: true, trapBadRequestErrors: false, propagateExceptions: false }).app;
    expect(
      (await handleError(new BadRequestKeyError('k'), { app: debugNoTrap, request: makeRequest() })).status,
    ).toBe(400);
  });

  it('#36 a blueprint 500 handler serves unhandled errors from that blueprint', async () => {
    const { app } = setup();
    const bp = app.blueprint('bp');
    bp.register(500, () => ['bp 500', 500]);
    app.register(500, () => ['app 500', 500]);
    expect(bodyText(await handleError(new Error('x'), { app, scope: bp, request: makeRequest() }))).toBe(
      'bp 500',
    );
    expect(bodyText(await handleError(new Error('x'), { app, request: makeRequest() }))).toBe('app 500');
    const routing = await handleError(new Error('x'), {
      app,
      scope: bp,
      request: makeRequest(),
      routing: true,
    });
    expect(bodyText(routing)).toBe('app 500');
  });

  it.each([
    ['a string', 'boom'],
    ['a plain object', { status: 404 }],
    ['null', null],
    ['undefined', undefined],
  ])('thrown %s takes the 500 path with originalException kept as is', async (_label, value) => {
    const { app, signals, logger } = setup();
    app.register(Error, () => 'error handler must not see non-Errors');
    let original: unknown = 'unset';
    app.register(500, (e) => {
      original = (e as InternalServerError).originalException;
      return ['500', 500];
    });
    const response = await handleError(value, { app, request: makeRequest() });
    expect(response.status).toBe(500);
    expect(original).toBe(value);
    expect(signals).toEqual([value]);
    expect(logger.calls).toHaveLength(1);
  });

  it('#40 resolveError reports null for handled errors (HTTP ones included) and the original otherwise', async () => {
    const { app } = setup();
    app.register(RangeError, () => 'handled');
    expect(
      (await resolveError(new RangeError('x'), { app, request: makeRequest() })).unhandledError,
    ).toBeNull();
    expect((await resolveError(new NotFound(), { app, request: makeRequest() })).unhandledError).toBeNull();
    const error = new TypeError('y');
    expect((await resolveError(error, { app, request: makeRequest() })).unhandledError).toBe(error);
  });

  it('handlers may be async and receive the request', async () => {
    const { app } = setup();
    app.register(404, async (_e, request) => {
      await Promise.resolve();
      return [`no ${request.path}`, 404];
    });
    const response = await handleError(new NotFound(), { app, request: makeRequest({ path: '/missing' }) });
    expect([response.status, bodyText(response)]).toEqual([404, 'no /missing']);
  });

  it('onException listeners get the request, can unsubscribe, and a throwing listener is only logged', async () => {
    const { app, logger, signals } = setup();
    const requests: unknown[] = [];
    const stop = app.onException((_e, request) => requests.push(request));
    app.onException(() => {
      throw new Error('listener broke');
    });
    const request = makeRequest();
    await handleError(new Error('a'), { app, request });
    stop();
    await handleError(new Error('b'), { app, request });
    expect(requests).toEqual([request]);
    expect(signals).toHaveLength(2);
    expect(logger.calls.map((c) => c.msg)).toEqual([
      'An onException listener failed',
      'Exception on /boom [GET]',
      'An onException listener failed',
      'Exception on /boom [GET]',
    ]);
  });
});
