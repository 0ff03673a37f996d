import { describe, expect, it } from 'vitest';
import { MethodNotAllowed, NotFound } from './client-errors.js';
import { makeResponse } from './make-response.js';
import { bodyText, headerValues, makeRequest } from './test-helpers.js';
import { FaultlineTypeError } from './typed-errors.js';

describe('makeResponse (handler results)', () => {
  it('#16 a bare string is status 200 text/html; so is a Uint8Array', async () => {
    expect(await makeResponse('nf')).toEqual({
      status: 200,
      headers: [['Content-Type', 'text/html; charset=utf-8']],
      body: 'nf',
    });
    const bytes = new Uint8Array([104, 105]);
    expect(await makeResponse(bytes)).toMatchObject({ status: 200, body: bytes });
  });

  it('#17 [object, 404, headers] is a 404 JSON response carrying the header', async () => {
    const response = await makeResponse([{ error: 'NotFound' }, 404, { 'X-E': '1' }]);
    expect(response.status).toBe(404);
    expect(headerValues(response, 'content-type')).toEqual(['application/json']);
    expect(headerValues(response, 'x-e')).toEqual(['1']);
    expect(JSON.parse(bodyText(response))).toEqual({ error: 'NotFound' });
  });

  it('#17 every tuple form: [body, status], [body, headers], status strings, header lists and Headers', async () => {
    expect(await makeResponse(['gone', 410])).toMatchObject({ status: 410, body: 'gone' });
    expect((await makeResponse(['x', '404 NOT FOUND'])).status).toBe(404);
    const withHeaders = await makeResponse(['x', { 'X-A': ['1', '2'] }]);
    expect(withHeaders.status).toBe(200);
    expect(headerValues(withHeaders, 'x-a')).toEqual(['1', '2']);
    expect(headerValues(await makeResponse(['x', [['X-B', '3']]]), 'x-b')).toEqual(['3']);
    expect(headerValues(await makeResponse(['x', 201, new Headers({ 'X-C': '4' })]), 'x-c')).toEqual(['4']);
  });

  it('tuple headers replace same-named headers of the body (Headers.update)', async () => {
    const response = await makeResponse(['x', 200, { 'content-type': 'text/plain' }]);
    expect(response.headers).toEqual([['content-type', 'text/plain']]);
  });

  it('plain objects and arrays that are not tuple-shaped are JSON', async () => {
    expect(bodyText(await makeResponse({ a: 1 }))).toBe('{"a":1}\n');
    expect(bodyText(await makeResponse([1, 2, 3]))).toBe('[1,2,3]\n');
    expect(bodyText(await makeResponse(['only']))).toBe('["only"]\n');
    expect(bodyText(await makeResponse([{ a: 1 }, { b: 2 }]))).toBe('[{"a":1},{"b":2}]\n');
    expect(bodyText(await makeResponse(['a', 'b', 'c']))).toBe('["a","b","c"]\n');
    expect(bodyText(await makeResponse(Object.assign(Object.create(null), { z: true })))).toBe(
      '{"z":true}\n',
    );
  });

  it('#18 a returned HTTPException gives its default response, keeping code and headers', async () => {
    const response = await makeResponse(new MethodNotAllowed(['GET']), makeRequest());
    expect(response.status).toBe(405);
    expect(headerValues(response, 'allow')).toEqual(['GET']);
    expect(bodyText(response)).toContain('<h1>Method Not Allowed</h1>');
    const overridden = await makeResponse([new NotFound(), 410, { 'X-A': '1' }], makeRequest());
    expect(overridden.status).toBe(410);
    expect(headerValues(overridden, 'x-a')).toEqual(['1']);
  });

  it('a web Response is used as is (status, headers incl. repeated Set-Cookie, bytes)', async () => {
    const headers = new Headers({ 'X-A': '1' });
    headers.append('Set-Cookie', 'a=1');
    headers.append('Set-Cookie', 'b=2');
    const response = await makeResponse(new Response('teapot', { status: 418, headers }));
    expect(response.status).toBe(418);
    expect(headerValues(response, 'set-cookie')).toEqual(['a=1', 'b=2']);
    expect(headerValues(response, 'x-a')).toEqual(['1']);
    expect(bodyText(response)).toBe('teapot');
    expect((await makeResponse([new Response('x'), 202])).status).toBe(202);
  });

  it.each([undefined, null])(
    '#41 returning %s throws TypeError "did not return a valid response"',
    async (value) => {
      const attempt = makeResponse(value);
      await expect(attempt).rejects.toBeInstanceOf(TypeError);
      await expect(makeResponse(value)).rejects.toThrow(
        `The error handler did not return a valid response. The function either returned ${value} or ended without a return statement.`,
      );
      await expect(makeResponse(value)).rejects.toMatchObject({ code: 'FL_ERRORS_INVALID_HANDLER_RESULT' });
    },
  );

  it('#41 a tuple of 4 or more items throws TypeError naming the allowed forms', async () => {
    const attempt = makeResponse(['x', 404, {}, 'extra']);
    await expect(attempt).rejects.toBeInstanceOf(FaultlineTypeError);
    await expect(makeResponse(['x', 404, {}, 'extra'])).rejects.toThrow(
      'The tuple must have the form (body, status, headers), (body, status), or (body, headers).',
    );
  });

  it.each([
    [true, 'boolean'],
    [42, 'number'],
    [new Date(0), 'Date'],
    [new Map(), 'Map'],
    [() => 'x', 'function'],
    [new Error('x'), 'Error'],
  ])('anything else (%s) throws TypeError naming its type', async (value, type) => {
    await expect(makeResponse(value)).rejects.toThrow(`but it was a ${type}.`);
  });

  it('the source wording can be changed for views', async () => {
    await expect(makeResponse(undefined, undefined, "The view function for 'index'")).rejects.toThrow(
      "The view function for 'index' did not return a valid response.",
    );
  });
});
