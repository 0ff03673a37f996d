import { describe, expect, it } from 'vitest';
import { createErrorApp } from './error-app.js';
import { findErrorHandler } from './find-handler.js';
import { handleError } from './handle-error.js';
import {
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
  PermissionError,
  ProcessLookupError,
  TimeoutError,
} from './os-errors.js';
import { bodyText, makeRequest } from './test-helpers.js';

/** An Error shaped like the ones Node's net/fs modules raise. */
function systemError(
  code: string,
  extra: Record<string, unknown> = { errno: -1, syscall: 'connect' },
): Error {
  return Object.assign(new Error(`${code} happened`), { code, ...extra });
}

const named = (label: string) => Object.assign(() => label, { label });

describe('errno classes', () => {
  it.each([
    ['ECONNREFUSED', ConnectionRefusedError],
    ['ECONNRESET', ConnectionResetError],
    ['ECONNABORTED', ConnectionAbortedError],
    ['EPIPE', BrokenPipeError],
    ['ESHUTDOWN', BrokenPipeError],
    ['ENOENT', FileNotFoundError],
    ['EEXIST', FileExistsError],
    ['EACCES', PermissionError],
    ['EPERM', PermissionError],
    ['ETIMEDOUT', TimeoutError],
    ['EISDIR', IsADirectoryError],
    ['ENOTDIR', NotADirectoryError],
    ['EINTR', InterruptedError],
    ['ECHILD', ChildProcessError],
    ['ESRCH', ProcessLookupError],
    ['EAGAIN', BlockingIOError],
    ['EWOULDBLOCK', BlockingIOError],
  ])('%s maps to %o', (code, cls) => {
    expect(errnoClassFor(code)).toBe(cls);
    const app = createErrorApp();
    const specific = named('specific');
    app.register(cls, specific);
    expect(findErrorHandler(systemError(code), app)).toBe(specific);
  });

  it('the family mirrors Python: connection errors under ConnectionError, all under OSError', () => {
    for (const cls of [
      ConnectionRefusedError,
      ConnectionResetError,
      ConnectionAbortedError,
      BrokenPipeError,
    ]) {
      expect(cls.prototype).toBeInstanceOf(ConnectionError);
    }
    expect(new FileNotFoundError('gone')).toMatchObject({ code: 'ENOENT', name: 'FileNotFoundError' });
    expect(new ConnectionError()).toBeInstanceOf(OSError);
    expect(new OSError('x')).toBeInstanceOf(Error);
  });

  it('a ConnectionError handler catches a plain Error with code ECONNREFUSED; a specific handler wins', async () => {
    const app = createErrorApp();
    app.register(ConnectionError, (e) => [`general ${e.message}`, 502]);
    const error = systemError('ECONNREFUSED');
    const request = makeRequest();
    expect(bodyText(await handleError(error, { app, request }))).toBe('general ECONNREFUSED happened');
    const app2 = createErrorApp();
    app2.register(ConnectionRefusedError, () => 'specific').register(ConnectionError, () => 'general');
    expect(bodyText(await handleError(error, { app: app2, request }))).toBe('specific');
    expect(bodyText(await handleError(systemError('ECONNRESET'), { app: app2, request }))).toBe('general');
  });

  it('the handler receives the original error object, unwrapped and unchanged', async () => {
    const app = createErrorApp();
    let received: unknown;
    app.register(OSError, (e) => {
      received = e;
      return 'ok';
    });
    const error = systemError('ENOENT', { errno: -2, syscall: 'open', path: '/nope' });
    const before = { ...error, proto: Object.getPrototypeOf(error) };
    await handleError(error, { app, request: makeRequest() });
    expect(received).toBe(error);
    expect({ ...error, proto: Object.getPrototypeOf(error) }).toEqual(before);
    expect(error).not.toBeInstanceOf(OSError);
  });

  it('real instances thrown by users are caught by the same handlers', () => {
    const app = createErrorApp();
    const conn = named('conn');
    const os = named('os');
    app.register(ConnectionError, conn).register(OSError, os);
    expect(findErrorHandler(new ConnectionRefusedError('x'), app)).toBe(conn);
    expect(findErrorHandler(new FileNotFoundError('x'), app)).toBe(os);
    // An OSError built with a specific errno is classified further, like Python's OSError(errno, …).
    expect(findErrorHandler(new OSError('x', { code: 'ECONNRESET' }), app)).toBe(conn);
  });

  it('unknown E-codes count as OSError only for real system errors (errno or syscall present)', () => {
    const app = createErrorApp();
    const os = named('os');
    app.register(OSError, os);
    expect(findErrorHandler(systemError('EADDRINUSE'), app)).toBe(os);
    expect(findErrorHandler(Object.assign(new Error('x'), { code: 'EFOO' }), app)).toBeUndefined();
    expect(
      findErrorHandler(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }), app),
    ).toBeUndefined();
  });

  it('a user Error subclass with an errno code: its own handler first, then the errno family, then Error', () => {
    class DbError extends Error {}
    const error = Object.assign(new DbError('db down'), { code: 'ECONNREFUSED' });
    const app = createErrorApp();
    const conn = named('conn');
    const base = named('base');
    app.register(ConnectionError, conn).register(Error, base);
    expect(findErrorHandler(error, app)).toBe(conn);
    const db = named('db');
    app.register(DbError, db);
    expect(findErrorHandler(error, app)).toBe(db);
    // Cached per (class, errno class): a different code of the same class resolves on its own.
    const app2 = createErrorApp();
    app2.register(ConnectionError, conn).register(Error, base);
    expect(findErrorHandler(Object.assign(new DbError('x'), { code: 'ENOENT' }), app2)).toBe(base);
    expect(findErrorHandler(error, app2)).toBe(conn);
    expect(findErrorHandler(Object.assign(new DbError('x'), { code: 'ENOENT' }), app2)).toBe(base);
  });

  it('plain objects with an errno code are not classified (non-Errors stay unhandled)', () => {
    const app = createErrorApp();
    app.register(ConnectionError, named('conn'));
    expect(findErrorHandler({ code: 'ECONNREFUSED' }, app)).toBeUndefined();
  });
});
