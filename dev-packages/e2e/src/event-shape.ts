/** A stack frame as the Sentry protocol carries it (only the fields the tests read). */
export interface Frame {
  filename?: string;
  abs_path?: string;
  function?: string;
  lineno?: number;
  in_app?: boolean;
}

interface ExceptionValue {
  type?: string;
  value?: string;
  stacktrace?: { frames?: Frame[] };
}

// raven-node sends `exception` as a bare list, everyone else as {values: [...]}; normalized events
// may carry either, so the tests accept both.
function exceptionValues(event: Record<string, unknown>): ExceptionValue[] {
  const exception = event.exception as { values?: ExceptionValue[] } | ExceptionValue[] | undefined;
  if (Array.isArray(exception)) return exception;
  return exception?.values ?? [];
}

/** Every frame of every exception in an event (empty when the event has no stack trace). */
export function framesOf(event: Record<string, unknown>): Frame[] {
  return exceptionValues(event).flatMap((value) => value.stacktrace?.frames ?? []);
}

/** The exception types in an event, outermost last as on the wire. */
export function exceptionTypes(event: Record<string, unknown>): string[] {
  return exceptionValues(event).map((value) => value.type ?? '');
}

/** Function names of an event's frames, to check a stack came through with its call chain. */
export function functionNames(event: Record<string, unknown>): string[] {
  return framesOf(event).map((frame) => frame.function ?? '');
}
