import {
  HTTPException,
  type HTTPExceptionArg,
  type HTTPExceptionOptions,
  toOptions,
} from './http-exception.js';

// One class per 4xx status, with Werkzeug 3.1's descriptions (spec §A2.2). 402 has no class: RFC
// 9110 reserves it "for future use", and Werkzeug has none either, so it cannot be registered or
// aborted by number (checklist item 1); subclass HTTPException for it.

/** *400* Bad Request. */
export class BadRequest extends HTTPException {
  static override code = 400;
  static override description =
    'The browser (or proxy) sent a request that this server could not understand.';
}

/**
 * *400* raised for a missing key in request data (Werkzeug's BadRequestKeyError, also a KeyError
 * there). The key is only shown in the description when `showException` is on, which the pipeline
 * does in debug mode or when TRAP_BAD_REQUEST_ERRORS is set (checklist 35).
 */
export class BadRequestKeyError extends BadRequest {
  readonly key: string | undefined;
  #baseDescription: string;
  #showException = false;

  constructor(key?: string, arg?: HTTPExceptionArg) {
    super(arg);
    this.key = key;
    this.#baseDescription = this.description;
  }

  /** Whether the description names the missing key ("…\nKeyError: 'name'"). */
  get showException(): boolean {
    return this.#showException;
  }

  set showException(value: boolean) {
    this.#showException = value;
    this.description =
      value && this.key !== undefined
        ? `${this.#baseDescription}\nKeyError: '${this.key}'`
        : this.#baseDescription;
  }
}

/** *400* the client went away while the request was read. */
export class ClientDisconnected extends BadRequest {}

/** *400* something tripped a security check. */
export class SecurityError extends BadRequest {}

/** *400* the Host header is malformed. */
export class BadHost extends BadRequest {}

/** Options of Unauthorized: one `WWW-Authenticate` header per challenge. */
export interface UnauthorizedOptions extends HTTPExceptionOptions {
  wwwAuthenticate?: string | readonly string[];
}

/** *401* Unauthorized; pass `wwwAuthenticate` for the challenge header(s). */
export class Unauthorized extends HTTPException {
  static override code = 401;
  static override description =
    'The server could not verify that you are authorized to access the URL requested. You either' +
    " supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to" +
    ' supply the credentials required.';
  readonly wwwAuthenticate: readonly string[];

  constructor(arg?: HTTPExceptionArg<UnauthorizedOptions>) {
    const options = toOptions(arg);
    super(options);
    this.wwwAuthenticate = listOf(options.wwwAuthenticate);
    for (const value of this.wwwAuthenticate) this.headers.push(['WWW-Authenticate', value]);
  }
}

/** *403* Forbidden. */
export class Forbidden extends HTTPException {
  static override code = 403;
  static override description =
    "You don't have the permission to access the requested resource. It is either read-protected or" +
    ' not readable by the server.';
}

/** *404* Not Found. */
export class NotFound extends HTTPException {
  static override code = 404;
  static override description =
    'The requested URL was not found on the server. If you entered the URL manually please check your' +
    ' spelling and try again.';
}

/** Options of MethodNotAllowed: the methods for the `Allow` header. */
export interface MethodNotAllowedOptions extends HTTPExceptionOptions {
  validMethods?: readonly string[];
}

/** *405* Method Not Allowed; `validMethods` becomes the `Allow` header. */
export class MethodNotAllowed extends HTTPException {
  static override code = 405;
  static override description = 'The method is not allowed for the requested URL.';
  readonly validMethods: readonly string[];

  constructor(arg?: HTTPExceptionArg<MethodNotAllowedOptions> | readonly string[]) {
    const options: MethodNotAllowedOptions = Array.isArray(arg)
      ? { validMethods: arg as readonly string[] }
      : toOptions(arg as HTTPExceptionArg<MethodNotAllowedOptions>);
    super(options);
    this.validMethods = options.validMethods ?? [];
    if (this.validMethods.length > 0) this.headers.push(['Allow', this.validMethods.join(', ')]);
  }
}

/** *406* Not Acceptable. */
export class NotAcceptable extends HTTPException {
  static override code = 406;
  static override description =
    'The resource identified by the request is only capable of generating response entities which have' +
    ' content characteristics not acceptable according to the accept headers sent in the request.';
}

/** Options of ProxyAuthenticationRequired: one `Proxy-Authenticate` header per challenge. */
export interface ProxyAuthenticationRequiredOptions extends HTTPExceptionOptions {
  proxyAuthenticate?: string | readonly string[];
}

/** *407* Proxy Authentication Required (not in Werkzeug). */
export class ProxyAuthenticationRequired extends HTTPException {
  static override code = 407;
  static override description = 'The client must first authenticate itself with the proxy.';
  readonly proxyAuthenticate: readonly string[];

  constructor(arg?: HTTPExceptionArg<ProxyAuthenticationRequiredOptions>) {
    const options = toOptions(arg);
    super(options);
    this.proxyAuthenticate = listOf(options.proxyAuthenticate);
    for (const value of this.proxyAuthenticate) this.headers.push(['Proxy-Authenticate', value]);
  }
}

/** *408* Request Timeout. */
export class RequestTimeout extends HTTPException {
  static override code = 408;
  static override description =
    "The server closed the network connection because the browser didn't finish the request within the" +
    ' specified time.';
}

/** *409* Conflict. */
export class Conflict extends HTTPException {
  static override code = 409;
  static override description =
    'A conflict happened while processing the request. The resource might have been modified while the' +
    ' request was being processed.';
}

/** *410* Gone. */
export class Gone extends HTTPException {
  static override code = 410;
  static override description =
    'The requested URL is no longer available on this server and there is no forwarding address. If you' +
    ' followed a link from a foreign page, please contact the author of this page.';
}

/** *411* Length Required. */
export class LengthRequired extends HTTPException {
  static override code = 411;
  static override description =
    'A request with this method requires a valid <code>Content-Length</code> header.';
}

/** *412* Precondition Failed. */
export class PreconditionFailed extends HTTPException {
  static override code = 412;
  static override description = 'The precondition on the request for the URL failed positive evaluation.';
}

/** *413* Request Entity Too Large. */
export class RequestEntityTooLarge extends HTTPException {
  static override code = 413;
  static override description = 'The data value transmitted exceeds the capacity limit.';
}

/** *414* Request URI Too Long. */
export class RequestURITooLarge extends HTTPException {
  static override code = 414;
  static override description =
    'The length of the requested URL exceeds the capacity limit for this server. The request cannot be' +
    ' processed.';
}

/** *415* Unsupported Media Type. */
export class UnsupportedMediaType extends HTTPException {
  static override code = 415;
  static override description = 'The server does not support the media type transmitted in the request.';
}

/** Options of RequestedRangeNotSatisfiable: the resource length for `Content-Range: bytes *\/<length>`. */
export interface RangeOptions extends HTTPExceptionOptions {
  length?: number;
  units?: string;
}

/** *416* Requested Range Not Satisfiable; `length` adds `Content-Range: <units> *\/<length>`. */
export class RequestedRangeNotSatisfiable extends HTTPException {
  static override code = 416;
  static override description = 'The server cannot provide the requested range.';
  readonly length: number | undefined;
  readonly units: string;

  constructor(arg?: HTTPExceptionArg<RangeOptions>) {
    const options = toOptions(arg);
    super(options);
    this.length = options.length;
    this.units = options.units ?? 'bytes';
    if (this.length !== undefined) this.headers.push(['Content-Range', `${this.units} */${this.length}`]);
  }
}

/** *417* Expectation Failed. */
export class ExpectationFailed extends HTTPException {
  static override code = 417;
  static override description = 'The server could not meet the requirements of the Expect header';
}

/** *418* I'm a teapot. */
export class ImATeapot extends HTTPException {
  static override code = 418;
  static override description = 'This server is a teapot, not a coffee machine';
}

/** *421* Misdirected Request. */
export class MisdirectedRequest extends HTTPException {
  static override code = 421;
  static override description = 'The server is not able to produce a response.';
}

/** *422* Unprocessable Entity. */
export class UnprocessableEntity extends HTTPException {
  static override code = 422;
  static override description =
    'The request was well-formed but was unable to be followed due to semantic errors.';
}

/** *423* Locked. */
export class Locked extends HTTPException {
  static override code = 423;
  static override description = 'The resource that is being accessed is locked.';
}

/** *424* Failed Dependency. */
export class FailedDependency extends HTTPException {
  static override code = 424;
  static override description =
    'The method could not be performed on the resource because the requested action depended on another' +
    ' action and that action failed.';
}

/** *425* Too Early (not in Werkzeug). */
export class TooEarly extends HTTPException {
  static override code = 425;
  static override description =
    'The server is unwilling to risk processing a request that might be replayed.';
}

/** *426* Upgrade Required (not in Werkzeug). */
export class UpgradeRequired extends HTTPException {
  static override code = 426;
  static override description =
    'The server refuses to perform the request using the current protocol; the client must upgrade to' +
    ' another protocol.';
}

/** *428* Precondition Required. */
export class PreconditionRequired extends HTTPException {
  static override code = 428;
  static override description =
    'This request is required to be conditional; try using "If-Match" or "If-Unmodified-Since".';
}

/** Options of the Retry-After statuses (429, 503): seconds or a Date (sent as an HTTP-date). */
export interface RetryAfterOptions extends HTTPExceptionOptions {
  retryAfter?: number | Date;
}

/** The value of a Retry-After header, or undefined when Werkzeug would send none (falsy values). */
export function retryAfterHeader(value: number | Date | undefined): string | undefined {
  if (value instanceof Date) return value.toUTCString();
  return value ? String(value) : undefined;
}

/** *429* Too Many Requests; `retryAfter` adds the Retry-After header. */
export class TooManyRequests extends HTTPException {
  static override code = 429;
  static override description = 'This user has exceeded an allotted request count. Try again later.';
  readonly retryAfter: number | Date | undefined;

  constructor(arg?: HTTPExceptionArg<RetryAfterOptions>) {
    const options = toOptions(arg);
    super(options);
    this.retryAfter = options.retryAfter;
    const header = retryAfterHeader(this.retryAfter);
    if (header !== undefined) this.headers.push(['Retry-After', header]);
  }
}

/** *431* Request Header Fields Too Large. */
export class RequestHeaderFieldsTooLarge extends HTTPException {
  static override code = 431;
  static override description = 'One or more header fields exceeds the maximum size.';
}

/** *451* Unavailable For Legal Reasons. */
export class UnavailableForLegalReasons extends HTTPException {
  static override code = 451;
  static override description = 'Unavailable for legal reasons.';
}

function listOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}
