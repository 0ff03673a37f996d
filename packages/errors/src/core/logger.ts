import type { ErrorLogger } from './types.js';

/** Formats a thrown value for a log line: the stack for Errors, the value otherwise. */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // BigInts and cyclic objects do not serialise; String() still names them.
  }
  return `non-error thrown: ${text ?? String(value)}`;
}

/**
 * The default logger: `console.error`, printing the message and then the stack on the next lines
 * (Flask's `logger.error(msg, exc_info=…)` layout). pino-style calls `error({ err }, msg)` work.
 */
export const consoleLogger: ErrorLogger = {
  error(objOrMsg: unknown, msg?: string): void {
    if (typeof objOrMsg === 'string') {
      console.error(objOrMsg);
      return;
    }
    const err =
      typeof objOrMsg === 'object' && objOrMsg !== null && 'err' in objOrMsg ? objOrMsg.err : objOrMsg;
    console.error(msg === undefined ? describeThrown(err) : `${msg}\n${describeThrown(err)}`);
  },
};

/**
 * What an adapter logs (through `app.logger.error({ err }, …)`) when an after-request step fails on a
 * response that is already an error response; Flask logs it and still sends the response (item 39).
 */
export const FINALIZE_FAILED_MESSAGE = 'Request finalizing failed with an error while handling an error';
