export { type Abort, abort, makeAborter } from './abort.js';
export {
  BadHost,
  BadRequest,
  BadRequestKeyError,
  ClientDisconnected,
  Conflict,
  ExpectationFailed,
  FailedDependency,
  Forbidden,
  Gone,
  ImATeapot,
  LengthRequired,
  Locked,
  MethodNotAllowed,
  type MethodNotAllowedOptions,
  MisdirectedRequest,
  NotAcceptable,
  NotFound,
  PreconditionFailed,
  PreconditionRequired,
  ProxyAuthenticationRequired,
  type ProxyAuthenticationRequiredOptions,
  type RangeOptions,
  RequestEntityTooLarge,
  RequestedRangeNotSatisfiable,
  RequestHeaderFieldsTooLarge,
  RequestTimeout,
  RequestURITooLarge,
  type RetryAfterOptions,
  SecurityError,
  TooEarly,
  TooManyRequests,
  Unauthorized,
  type UnauthorizedOptions,
  UnavailableForLegalReasons,
  UnprocessableEntity,
  UnsupportedMediaType,
  UpgradeRequired,
} from './client-errors.js';
export { Config, type FromFileOptions } from './config.js';
export { defaultExceptions, type HTTPExceptionClass } from './default-exceptions.js';
export {
  createErrorApp,
  type DebugRenderer,
  ErrorApp,
  type ErrorAppOptions,
  type ErrorAppSettings,
  type ExceptionListener,
} from './error-app.js';
export { findErrorHandler } from './find-handler.js';
export {
  type ErrorContext,
  type ErrorOutcome,
  handleError,
  lastResortResponse,
  resolveError,
  resolveErrorSync,
} from './handle-error.js';
export { escapeHtml } from './html.js';
export { HTTPException, type HTTPExceptionArg, type HTTPExceptionOptions } from './http-exception.js';
export { consoleLogger, describeThrown, FINALIZE_FAILED_MESSAGE } from './logger.js';
export { fromWebResponse, makeResponse, makeResponseSync } from './make-response.js';
export { type ErrorFormat, negotiateErrorFormat } from './negotiate.js';
export {
  BlockingIOError,
  BrokenPipeError,
  ChildProcessError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  errnoClassFor,
  FileExistsError,
  FileNotFoundError,
  InterruptedError,
  IsADirectoryError,
  NotADirectoryError,
  OSError,
  type OSErrorOptions,
  PermissionError,
  ProcessLookupError,
  TimeoutError,
} from './os-errors.js';
export { bindErrorApp, findErrorApp } from './registry.js';
export { RequestRedirect } from './request-redirect.js';
export { type CodeHandler, type ErrorClass, ErrorScope } from './scope.js';
export {
  BadGateway,
  GatewayTimeout,
  HTTPVersionNotSupported,
  InsufficientStorage,
  InternalServerError,
  type InternalServerErrorOptions,
  LoopDetected,
  NetworkAuthenticationRequired,
  NotExtended,
  NotImplemented,
  ServiceUnavailable,
  VariantAlsoNegotiates,
} from './server-errors.js';
export { STATUS_PHRASES, statusPhrase } from './status-phrases.js';
export {
  ConfigError,
  ERRORS_CODES,
  type ErrorsCode,
  FaultlineTypeError,
  LookupError,
  SetupFinishedError,
  ValueError,
} from './typed-errors.js';
export type {
  ErrorHandler,
  ErrorLogger,
  ErrorRequest,
  ErrorResponse,
  HandlerResult,
  HeadersInit,
  ResultBody,
} from './types.js';
