import { defaultExceptions, type HTTPExceptionClass } from './default-exceptions.js';
import { HTTPException, type HTTPExceptionArg } from './http-exception.js';
import { LookupError } from './typed-errors.js';
import type { ErrorResponse } from './types.js';

/** `abort`'s signature: a status code (with a description or constructor options) or a ready response. */
export type Abort = (
  codeOrResponse: number | Response | ErrorResponse,
  descriptionOrOptions?: HTTPExceptionArg<Record<string, unknown>>,
) => never;

/**
 * Makes an `abort` that also knows `extra` codes (Werkzeug's Aborter), for apps with their own
 * HTTPException subclasses for non-standard codes.
 *
 * @example
 * const abort = makeAborter({ 599: NetworkConnectTimeout });
 * abort(599);
 */
export function makeAborter(extra?: Readonly<Record<number, HTTPExceptionClass>>): Abort {
  const mapping = new Map(defaultExceptions);
  for (const [code, cls] of Object.entries(extra ?? {})) mapping.set(Number(code), cls);
  return (codeOrResponse, descriptionOrOptions) => {
    if (typeof codeOrResponse !== 'number') {
      // A proxy exception: code null, so no handler lookup happens and the response goes out as is.
      throw new HTTPException({ response: codeOrResponse });
    }
    const cls = mapping.get(codeOrResponse);
    if (cls === undefined) {
      throw new LookupError('FL_ERRORS_ABORT_UNKNOWN_CODE', `no exception for ${codeOrResponse}`);
    }
    throw new cls(descriptionOrOptions);
  };
}

/**
 * Throws the HTTP exception for `code`, or a proxy exception that sends `response` unchanged.
 *
 * @example
 * abort(404);
 * abort(404, 'Gone fishing');
 * abort(405, { validMethods: ['GET'] });
 * abort(new Response('teapot', { status: 418 }));
 */
export const abort: Abort = makeAborter();
