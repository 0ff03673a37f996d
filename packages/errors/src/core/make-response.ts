import { HTTPException } from './http-exception.js';
import { FaultlineTypeError } from './typed-errors.js';
import type { ErrorRequest, ErrorResponse, HeadersInit } from './types.js';

const HTML = 'text/html; charset=utf-8';

/**
 * Converts what a handler returned into a response (Flask's `make_response`):
 * - a string or Uint8Array: status 200, text/html;
 * - a plain object or array: JSON;
 * - a web `Response`: used as is; an HTTPException: its default response (code and headers kept);
 * - `[body, status]`, `[body, headers]`, `[body, status, headers]`: the status replaces the body's,
 *   and each header replaces same-named headers of the body.
 *
 * JavaScript has no tuple type, so an array is read as a tuple only when it has the shape of one:
 * 2–3 items with a status (an integer 100–999 or a "404 NOT FOUND" string) second, or 2 items whose
 * second is headers and whose first is a string, bytes, Response or HTTPException. Every other array
 * is a JSON list. An array of 4 or more items shaped like a tuple is a TypeError.
 */
export async function makeResponse(
  result: unknown,
  request?: ErrorRequest,
  source = 'The error handler',
): Promise<ErrorResponse> {
  return makeResponseSync(result, request, source);
}

/**
 * `makeResponse` without the promise when none is needed: the response itself, or a promise only when
 * a web `Response` body must be read. Throws (rather than rejects) on an invalid result.
 *
 * @example
 * const response = makeResponseSync(['gone', 410], request); // { status: 410, … }, no promise
 */
export function makeResponseSync(
  result: unknown,
  request?: ErrorRequest,
  source = 'The error handler',
): ErrorResponse | Promise<ErrorResponse> {
  if (Array.isArray(result)) {
    const tuple = readTuple(result, source);
    if (tuple !== undefined) {
      const [body, status, headers] = tuple;
      const response = bodyResponse(body, request, source);
      if (response instanceof Promise) return response.then((r) => applyTuple(r, status, headers));
      return applyTuple(response, status, headers);
    }
  }
  return bodyResponse(result, request, source);
}

function applyTuple(
  response: ErrorResponse,
  status: number | undefined,
  headers: HeadersInit | undefined,
): ErrorResponse {
  if (status !== undefined) response.status = status;
  if (headers !== undefined) replaceHeaders(response.headers, headers);
  return response;
}

type Tuple = [body: unknown, status: number | undefined, headers: HeadersInit | undefined];

function readTuple(items: readonly unknown[], source: string): Tuple | undefined {
  // Index reads, not destructuring: this runs for every tuple result, and the iterator protocol costs.
  const body = items[0];
  const second = items[1];
  const third = items[2];
  const status = toStatus(second);
  if (items.length >= 4) {
    if (status !== undefined && isBodyLike(body) && isHeaders(third)) {
      throw new FaultlineTypeError(
        'FL_ERRORS_INVALID_RESULT_TUPLE',
        `${source} did not return a valid response tuple. The tuple must have the form (body, status, headers), (body, status), or (body, headers).`,
      );
    }
    return undefined;
  }
  if (items.length === 3 && status !== undefined && isBodyLike(body) && isHeaders(third)) {
    return [body, status, third];
  }
  if (items.length !== 2) return undefined;
  if (status !== undefined && isBodyLike(body)) return [body, status, undefined];
  if (isHeaders(second) && isPlainBody(body)) return [body, undefined, second];
  return undefined;
}

function toStatus(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 100 && value <= 999 ? value : undefined;
  if (typeof value === 'string' && /^[1-9]\d\d(?: |$)/.test(value)) return Number(value.slice(0, 3));
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isPlainBody(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    value instanceof Uint8Array ||
    isWebResponse(value) ||
    value instanceof HTTPException
  );
}

function isBodyLike(value: unknown): boolean {
  return isPlainBody(value) || isPlainObject(value) || Array.isArray(value);
}

function isWebResponse(value: unknown): value is Response {
  return typeof Response !== 'undefined' && value instanceof Response;
}

function isHeaders(value: unknown): value is HeadersInit {
  if (typeof Headers !== 'undefined' && value instanceof Headers) return true;
  if (Array.isArray(value)) {
    for (const pair of value) {
      if (!Array.isArray(pair) || pair.length !== 2) return false;
      if (typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return false;
    }
    return true;
  }
  if (!isPlainObject(value)) return false;
  for (const name in value) {
    const v = value[name];
    if (typeof v === 'string') continue;
    if (!Array.isArray(v)) return false;
    for (const s of v) if (typeof s !== 'string') return false;
  }
  return true;
}

function bodyResponse(
  body: unknown,
  request: ErrorRequest | undefined,
  source: string,
): ErrorResponse | Promise<ErrorResponse> {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    return { status: 200, headers: [['Content-Type', HTML]], body };
  }
  if (body instanceof HTTPException) {
    return isWebResponse(body.response) ? fromWebResponse(body.response) : copy(body.getResponse(request));
  }
  if (isWebResponse(body)) return fromWebResponse(body);
  if (isPlainObject(body) || Array.isArray(body)) {
    return {
      status: 200,
      headers: [['Content-Type', 'application/json']],
      body: `${JSON.stringify(body)}\n`,
    };
  }
  if (body === undefined || body === null) {
    throw new FaultlineTypeError(
      'FL_ERRORS_INVALID_HANDLER_RESULT',
      `${source} did not return a valid response. The function either returned ${body} or ended without a return statement.`,
    );
  }
  throw new FaultlineTypeError(
    'FL_ERRORS_INVALID_HANDLER_RESULT',
    `${source} did not return a valid response. The return type must be a string, Uint8Array, plain object, array, ` +
      `tuple with headers or status, Response or HTTPException, but it was a ${typeName(body)}.`,
  );
}

function copy(response: ErrorResponse): ErrorResponse {
  return { status: response.status, headers: [...response.headers], body: response.body };
}

/** Reads a web-standard Response into an ErrorResponse (the body is buffered). */
export async function fromWebResponse(response: Response): Promise<ErrorResponse> {
  const headers = headerPairs(response.headers);
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers, body };
}

function headerPairs(headers: Headers): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') pairs.push([name, value]);
  });
  for (const cookie of headers.getSetCookie()) pairs.push(['set-cookie', cookie]);
  return pairs;
}

function toPairs(headers: HeadersInit): Array<[string, string]> {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headerPairs(headers);
  if (Array.isArray(headers)) return headers.map(([name, value]) => [name, value] as [string, string]);
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const v of value as readonly string[]) pairs.push([name, v]);
  }
  return pairs;
}

/** Applies headers with Werkzeug's `Headers.update` semantics: a name given replaces all its old values. */
function replaceHeaders(target: Array<[string, string]>, headers: HeadersInit): void {
  const pairs = toPairs(headers);
  const names = new Set(pairs.map(([name]) => name.toLowerCase()));
  const kept = target.filter(([name]) => !names.has(name.toLowerCase()));
  target.length = 0;
  target.push(...kept, ...pairs);
}

function typeName(value: unknown): string {
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object';
  return typeof value;
}
