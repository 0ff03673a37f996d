import { type RetryAfterOptions, retryAfterHeader } from './client-errors.js';
import {
  HTTPException,
  type HTTPExceptionArg,
  type HTTPExceptionOptions,
  toOptions,
} from './http-exception.js';

// One class per 5xx status: Werkzeug's (spec §A2.2) plus the registered codes it lacks (506–511).

/** Options of InternalServerError: the error that caused it. */
export interface InternalServerErrorOptions extends HTTPExceptionOptions {
  originalException?: unknown;
}

/**
 * *500* Internal Server Error. The pipeline wraps every unhandled error in one, with
 * `originalException` set to the value that was thrown (any value: Errors, strings, null).
 */
export class InternalServerError extends HTTPException {
  static override code = 500;
  static override description =
    'The server encountered an internal error and was unable to complete your request. Either the server' +
    ' is overloaded or there is an error in the application.';
  /** The error that caused this 500, or null when it was raised directly (`abort(500)`). */
  readonly originalException: unknown;

  constructor(arg?: HTTPExceptionArg<InternalServerErrorOptions>) {
    const options = toOptions(arg);
    super(options);
    this.originalException = 'originalException' in options ? options.originalException : null;
  }
}

/** *501* Not Implemented (the HTTP reason phrase). */
export class NotImplemented extends HTTPException {
  static override code = 501;
  static override description = 'The server does not support the action requested by the browser.';
}

/** *502* Bad Gateway. */
export class BadGateway extends HTTPException {
  static override code = 502;
  static override description = 'The proxy server received an invalid response from an upstream server.';
}

/** *503* Service Unavailable; `retryAfter` adds the Retry-After header. */
export class ServiceUnavailable extends HTTPException {
  static override code = 503;
  static override description =
    'The server is temporarily unable to service your request due to maintenance downtime or capacity' +
    ' problems. Please try again later.';
  readonly retryAfter: number | Date | undefined;

  constructor(arg?: HTTPExceptionArg<RetryAfterOptions>) {
    const options = toOptions(arg);
    super(options);
    this.retryAfter = options.retryAfter;
    const header = retryAfterHeader(this.retryAfter);
    if (header !== undefined) this.headers.push(['Retry-After', header]);
  }
}

/** *504* Gateway Timeout. */
export class GatewayTimeout extends HTTPException {
  static override code = 504;
  static override description = 'The connection to an upstream server timed out.';
}

/** *505* HTTP Version Not Supported. */
export class HTTPVersionNotSupported extends HTTPException {
  static override code = 505;
  static override description = 'The server does not support the HTTP protocol version used in the request.';
}

/** *506* Variant Also Negotiates (not in Werkzeug). */
export class VariantAlsoNegotiates extends HTTPException {
  static override code = 506;
  static override description =
    'The server has an internal configuration error: content negotiation leads to a circular reference.';
}

/** *507* Insufficient Storage (not in Werkzeug). */
export class InsufficientStorage extends HTTPException {
  static override code = 507;
  static override description =
    'The server is unable to store the representation needed to complete the request.';
}

/** *508* Loop Detected (not in Werkzeug). */
export class LoopDetected extends HTTPException {
  static override code = 508;
  static override description = 'The server stopped an operation because it encountered an infinite loop.';
}

/** *510* Not Extended (not in Werkzeug). */
export class NotExtended extends HTTPException {
  static override code = 510;
  static override description = 'The policy for accessing the resource has not been met in the request.';
}

/** *511* Network Authentication Required (not in Werkzeug). */
export class NetworkAuthenticationRequired extends HTTPException {
  static override code = 511;
  static override description = 'The client needs to authenticate to gain network access.';
}
