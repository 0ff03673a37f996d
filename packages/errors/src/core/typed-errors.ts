/**
 * The typed errors the core throws at its users. Each carries a stable `FL_ERRORS_*` code listed in
 * docs/errors.md. The classes mirror the Python built-ins Flask raises (ValueError, TypeError,
 * LookupError, AssertionError) so the spec's wording maps one to one.
 */

/** Every code this part of @faultline/errors can throw; docs/errors.md lists the same set. */
export const ERRORS_CODES = [
  'FL_ERRORS_UNKNOWN_STATUS_CODE',
  'FL_ERRORS_HANDLER_KEY_INSTANCE',
  'FL_ERRORS_HANDLER_KEY_NOT_ERROR_CLASS',
  'FL_ERRORS_HANDLER_NOT_FUNCTION',
  'FL_ERRORS_SETUP_FINISHED',
  'FL_ERRORS_BLUEPRINT_NAME',
  'FL_ERRORS_ABORT_UNKNOWN_CODE',
  'FL_ERRORS_INVALID_HANDLER_RESULT',
  'FL_ERRORS_INVALID_RESULT_TUPLE',
  'FL_ERRORS_ASYNC_RESPONSE',
  'FL_ERRORS_CONFIG_LOAD',
] as const;

export type ErrorsCode = (typeof ERRORS_CODES)[number];

/** A wrong value (Python's ValueError): an unknown status code, a class that is not an Error class. */
export class ValueError extends Error {
  constructor(
    readonly code: ErrorsCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ValueError';
  }
}

/** A value of the wrong kind (Python's TypeError); still `instanceof TypeError`. */
export class FaultlineTypeError extends TypeError {
  constructor(
    readonly code: ErrorsCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TypeError';
  }
}

/** A key that maps to nothing (Python's LookupError), e.g. `abort(999)`. */
export class LookupError extends Error {
  constructor(
    readonly code: ErrorsCode,
    message: string,
  ) {
    super(message);
    this.name = 'LookupError';
  }
}

/** A setup method called too late (Flask's AssertionError from `_check_setup_finished`). */
export class SetupFinishedError extends Error {
  readonly code = 'FL_ERRORS_SETUP_FINISHED' as const;
  constructor(method: string) {
    super(
      `The setup method '${method}' can no longer be called on the application. It has already handled its` +
        ' first request, any changes will not be applied consistently. Make sure all error handlers and' +
        ' blueprints are registered before the application starts serving requests.',
    );
    this.name = 'SetupFinishedError';
  }
}

/** Configuration that could not be loaded (Flask's "Unable to load configuration file"). */
export class ConfigError extends Error {
  readonly code = 'FL_ERRORS_CONFIG_LOAD' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
