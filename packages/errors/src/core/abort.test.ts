import { describe, expect, it } from 'vitest';
import { abort, makeAborter } from './abort.js';
import {
  BadRequest,
  type MethodNotAllowed,
  NotFound,
  type TooManyRequests,
  type Unauthorized,
} from './client-errors.js';
import { createErrorApp } from './error-app.js';
import { handleError } from './handle-error.js';
import { HTTPException } from './http-exception.js';
import type { InternalServerError } from './server-errors.js';
import { bodyText, headerValues, makeRequest, memoryLogger } from './test-helpers.js';
import { LookupError } from './typed-errors.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('abort', () => {
  it('throws the class for the code, passing a description or constructor options', () => {
    expect(caught(() => abort(400))).toBeInstanceOf(BadRequest);
    expect((caught(() => abort(404, 'msg')) as NotFound).description).toBe('msg');
    expect((caught(() => abort(405, { validMethods: ['GET'] })) as MethodNotAllowed).headers).toEqual([
      ['Allow', 'GET'],
    ]);
    expect((caught(() => abort(401, { wwwAuthenticate: 'Basic' })) as Unauthorized).wwwAuthenticate).toEqual([
      'Basic',
    ]);
    expect((caught(() => abort(429, { retryAfter: 60 })) as TooManyRequests).headers).toEqual([
      ['Retry-After', '60'],
    ]);
    const server = caught(() => abort(500)) as InternalServerError;
    expect(server.originalException).toBeNull();
  });

  it('#21 abort(999) throws LookupError "no exception for 999", which then takes the 500 path', async () => {
    const error = caught(() => abort(999));
    expect(error).toBeInstanceOf(LookupError);
    expect(error).toMatchObject({ message: 'no exception for 999', code: 'FL_ERRORS_ABORT_UNKNOWN_CODE' });
    const logger = memoryLogger();
    const app = createErrorApp({ logger });
    const response = await handleError(error, { app, request: makeRequest() });
    expect(response.status).toBe(500);
    expect(logger.calls).toHaveLength(1);
  });

  it('#22 abort(response) sends it unchanged with no handler lookup (code null)', async () => {
    const app = createErrorApp();
    let called = false;
    app.register(HTTPException, () => {
      called = true;
      return 'handled';
    });
    const error = caught(() => abort(new Response('teapot body', { status: 299, headers: { 'X-A': '1' } })));
    expect(error).toBeInstanceOf(HTTPException);
    expect((error as HTTPException).code).toBeNull();
    const response = await handleError(error, { app, request: makeRequest() });
    expect(response.status).toBe(299);
    expect(bodyText(response)).toBe('teapot body');
    expect(headerValues(response, 'x-a')).toEqual(['1']);
    expect(called).toBe(false);
    const plain = caught(() => abort({ status: 299, headers: [], body: 'plain' }));
    expect(await handleError(plain, { app, request: makeRequest() })).toEqual({
      status: 299,
      headers: [],
      body: 'plain',
    });
  });

  it('makeAborter adds codes for custom classes', () => {
    class NetworkConnectTimeout extends HTTPException {
      static override code = 599;
    }
    const custom = makeAborter({ 599: NetworkConnectTimeout });
    expect(caught(() => custom(599))).toBeInstanceOf(NetworkConnectTimeout);
    expect(caught(() => custom(404))).toBeInstanceOf(NotFound);
    expect(caught(() => abort(599))).toBeInstanceOf(LookupError);
  });
});
