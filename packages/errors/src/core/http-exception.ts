import { escapeHtml } from './html.js';
import { renderDefaultResponse } from './render.js';
import { statusPhrase } from './status-phrases.js';
import { FaultlineTypeError } from './typed-errors.js';
import type { ErrorRequest, ErrorResponse } from './types.js';

/** Options every HTTP exception accepts; subclasses add their own (validMethods, retryAfter, …). */
export interface HTTPExceptionOptions {
  /** Replaces the class's default description (plain text; escaped when rendered as HTML). */
  description?: string;
  /** A ready response that replaces the default rendering (`abort(response)`). */
  response?: Response | ErrorResponse;
  cause?: unknown;
}

/** The constructor argument of every HTTP exception: a description string or an options object. */
export type HTTPExceptionArg<O extends HTTPExceptionOptions = HTTPExceptionOptions> = string | O | undefined;

/** Normalises the `string | options` constructor argument. */
export function toOptions<O extends HTTPExceptionOptions>(arg: HTTPExceptionArg<O>): O {
  if (typeof arg === 'string') return { description: arg } as O;
  return arg ?? ({} as O);
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * The base of every HTTP error (Werkzeug's HTTPException). The status code, reason phrase and
 * default description are static class properties so that registration by class can read the code
 * without an instance; the instance copies them.
 *
 * @example
 * class InsufficientStorage extends HTTPException {
 *   static override code = 507;
 *   static override description = 'The disk is full.';
 * }
 */
export class HTTPException extends Error {
  /** The status code of the class; `null` for the bare base class (and proxies made by `abort(response)`). */
  static code: number | null = null;
  /** The default description of the class. */
  static description = '';
  /** Overrides the reason phrase looked up from the code (for non-standard codes). */
  static title: string | undefined = undefined;

  code: number | null;
  description: string;
  /** Extra response headers the status calls for (Allow, WWW-Authenticate, Retry-After, Content-Range). */
  headers: Array<[string, string]>;
  /** A ready response that replaces the default rendering. */
  response: Response | ErrorResponse | undefined;

  constructor(arg?: HTTPExceptionArg) {
    const options = toOptions(arg);
    const ctor = new.target as typeof HTTPException;
    const description = options.description ?? ctor.description;
    super(description, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = ctor.name;
    this.code = ctor.code;
    this.description = description;
    this.headers = [];
    this.response = options.response;
  }

  /** The reason phrase ("Not Found"); Werkzeug calls this `name`, but `name` is the class name in JS. */
  get title(): string {
    return (this.constructor as typeof HTTPException).title ?? statusPhrase(this.code);
  }

  /** The description as Werkzeug's HTML fragment: escaped, newlines as `<br>`, in a `<p>`. */
  getDescription(): string {
    return `<p>${escapeHtml(this.description).replaceAll('\n', '<br>')}</p>`;
  }

  /** Werkzeug's default HTML page, byte for byte. */
  getBody(): string {
    const title = escapeHtml(this.title);
    return (
      '<!doctype html>\n<html lang=en>\n' +
      `<title>${this.code} ${title}</title>\n<h1>${title}</h1>\n${this.getDescription()}\n`
    );
  }

  /** The HTML Content-Type plus the extra headers. */
  getHeaders(): Array<[string, string]> {
    return [['Content-Type', 'text/html; charset=utf-8'], ...this.headers];
  }

  /**
   * The response for this exception: `response` when one was given, otherwise the default page
   * negotiated from the request's Accept header (HTML, JSON or problem+json).
   */
  getResponse(request?: ErrorRequest): ErrorResponse {
    const response = this.response;
    if (response === undefined) return renderDefaultResponse(this, request);
    if (typeof Response !== 'undefined' && response instanceof Response) {
      throw new FaultlineTypeError(
        'FL_ERRORS_ASYNC_RESPONSE',
        'This exception carries a web Response, whose body can only be read asynchronously; ' +
          'use handleError() or makeResponse() instead of getResponse().',
      );
    }
    return response as ErrorResponse;
  }

  /** Werkzeug's `str()`: "404 Not Found: <description>". */
  override toString(): string {
    return `${this.code ?? '???'} ${this.title}: ${this.description}`;
  }

  /** Werkzeug's `repr()` as Node's inspect form: `<NotFound '404: Not Found'>`. */
  [INSPECT](): string {
    return `<${this.name} '${this.code ?? '???'}: ${this.title}'>`;
  }
}
