/**
 * Node system errors as classes, modelled on Python's OSError family (PEP 3151). Node raises plain
 * `Error`s with a string `code` ('ECONNREFUSED'); handler lookup classifies them by that code at
 * lookup time, so a handler registered for ConnectionError catches them, while the handler still
 * receives the original, unwrapped error. Users may also throw these classes themselves.
 */

/** Options of the OSError family: the errno code and the failing syscall, as Node reports them. */
export interface OSErrorOptions {
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  cause?: unknown;
}

/** Base of the errno family (Python's OSError): any system error. */
export class OSError extends Error {
  /** The errno code this class stands for first (what `new FileNotFoundError()` gets as `code`). */
  static errnoCodes: readonly string[] = [];
  code: string | undefined;
  errno: number | undefined;
  syscall: string | undefined;
  path: string | undefined;

  constructor(message?: string, options: OSErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    const ctor = new.target as typeof OSError;
    this.name = ctor.name;
    this.code = options.code ?? ctor.errnoCodes[0];
    this.errno = options.errno;
    this.syscall = options.syscall;
    this.path = options.path;
  }
}

/** EAGAIN, EWOULDBLOCK, EALREADY, EINPROGRESS: an operation would block. */
export class BlockingIOError extends OSError {
  static override errnoCodes = ['EAGAIN', 'EWOULDBLOCK', 'EALREADY', 'EINPROGRESS'];
}
/** ECHILD: a child-process operation failed. */
export class ChildProcessError extends OSError {
  static override errnoCodes = ['ECHILD'];
}
/** Base of the connection errors. */
export class ConnectionError extends OSError {}
/** EPIPE, ESHUTDOWN: writing to a closed pipe or socket. */
export class BrokenPipeError extends ConnectionError {
  static override errnoCodes = ['EPIPE', 'ESHUTDOWN'];
}
/** ECONNABORTED. */
export class ConnectionAbortedError extends ConnectionError {
  static override errnoCodes = ['ECONNABORTED'];
}
/** ECONNREFUSED. */
export class ConnectionRefusedError extends ConnectionError {
  static override errnoCodes = ['ECONNREFUSED'];
}
/** ECONNRESET. */
export class ConnectionResetError extends ConnectionError {
  static override errnoCodes = ['ECONNRESET'];
}
/** EEXIST. */
export class FileExistsError extends OSError {
  static override errnoCodes = ['EEXIST'];
}
/** ENOENT. */
export class FileNotFoundError extends OSError {
  static override errnoCodes = ['ENOENT'];
}
/** EINTR. */
export class InterruptedError extends OSError {
  static override errnoCodes = ['EINTR'];
}
/** EISDIR. */
export class IsADirectoryError extends OSError {
  static override errnoCodes = ['EISDIR'];
}
/** ENOTDIR. */
export class NotADirectoryError extends OSError {
  static override errnoCodes = ['ENOTDIR'];
}
/** EACCES, EPERM, ENOTCAPABLE. */
export class PermissionError extends OSError {
  static override errnoCodes = ['EACCES', 'EPERM', 'ENOTCAPABLE'];
}
/** ESRCH. */
export class ProcessLookupError extends OSError {
  static override errnoCodes = ['ESRCH'];
}
/** ETIMEDOUT. */
export class TimeoutError extends OSError {
  static override errnoCodes = ['ETIMEDOUT'];
}

const ERRNO_CLASSES: ReadonlyArray<typeof OSError> = [
  BlockingIOError,
  ChildProcessError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileExistsError,
  FileNotFoundError,
  InterruptedError,
  IsADirectoryError,
  NotADirectoryError,
  PermissionError,
  ProcessLookupError,
  TimeoutError,
];

/** errno code → the prototype of its class (prototypes are what handler lookup walks). */
const ERRNO_PROTOS: ReadonlyMap<string, object> = new Map(
  ERRNO_CLASSES.flatMap((cls) => cls.errnoCodes.map((code) => [code, cls.prototype] as const)),
);

/** The errno class an error's `code` stands for, e.g. ConnectionRefusedError for 'ECONNREFUSED'. */
export function errnoClassFor(code: string): typeof OSError | undefined {
  const proto = ERRNO_PROTOS.get(code);
  return proto === undefined ? undefined : (proto.constructor as typeof OSError);
}

/**
 * The prototype of the errno class that `error` belongs to, or undefined. A known errno code
 * classifies on its own; other E-codes count as a plain OSError only when Node marks the error as a
 * system error (a numeric `errno` or a `syscall`), so an app's own `code: 'EFOO'` is not captured.
 */
export function errnoPrototypeOf(error: object): object | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || code.charCodeAt(0) !== 69 /* E */) return undefined;
  const proto = ERRNO_PROTOS.get(code);
  if (proto !== undefined) return proto;
  const { errno, syscall } = error as { errno?: unknown; syscall?: unknown };
  if ((typeof errno === 'number' || typeof syscall === 'string') && /^E[A-Z0-9]+$/.test(code)) {
    return OSError.prototype;
  }
  return undefined;
}
