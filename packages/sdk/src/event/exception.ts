import type { LocalVariables } from '../locals/local-variables.js';
import { type FrameTools, framesFromStack } from '../stack/frames.js';
import type { ExceptionValue, Mechanism } from '../types.js';

const MAX_CAUSES = 5;
const MAX_VALUE = 8192;

/** Builds `exception.values` (oldest cause first, the thrown error last) from anything thrown. */
export function exceptionsFromThrown(
  thrown: unknown,
  mechanism: Mechanism,
  tools: FrameTools,
  locals?: LocalVariables,
): { values: ExceptionValue[]; extra?: Record<string, unknown> } {
  if (!(thrown instanceof Error) && !isErrorLike(thrown)) return syntheticException(thrown, mechanism, tools);
  // Walk error.cause: [thrown, cause, cause-of-cause…], then reverse into protocol order.
  const chain: Error[] = [];
  const seen = new Set<unknown>();
  let current: unknown = thrown;
  while (isErrorLike(current) && !seen.has(current) && chain.length <= MAX_CAUSES) {
    seen.add(current);
    chain.push(current as Error);
    current = (current as Error).cause;
  }
  const values = chain.map((error, i): ExceptionValue => {
    const value: ExceptionValue = {
      type: errorType(error),
      value: truncate(String(error.message ?? '')),
      stacktrace: { frames: framesFromStack(error.stack, tools, locals?.take(error)) },
    };
    value.mechanism =
      i === 0
        ? { ...mechanism, ...(chain.length > 1 ? { exception_id: 0 } : {}) }
        : { type: 'chained', source: 'cause', exception_id: i, parent_id: i - 1 };
    if (value.stacktrace!.frames.length === 0) delete value.stacktrace;
    return value;
  });
  return { values: values.reverse() };
}

function syntheticException(
  thrown: unknown,
  mechanism: Mechanism,
  tools: FrameTools,
): { values: ExceptionValue[]; extra?: Record<string, unknown> } {
  const isObject = typeof thrown === 'object' && thrown !== null;
  const message = isObject
    ? `Object captured as exception with keys: ${Object.keys(thrown).sort().slice(0, 10).join(', ') || '[none]'}`
    : truncate(String(thrown));
  // No stack was thrown: take one here, minus the SDK's own frames.
  const frames = framesFromStack(new Error().stack, tools).filter((f) => !isSdkFrame(f.abs_path));
  const value: ExceptionValue = {
    type: 'Error',
    value: message,
    mechanism: { ...mechanism, synthetic: true },
  };
  if (frames.length > 0) value.stacktrace = { frames };
  return isObject ? { values: [value], extra: { __serialized__: safeClone(thrown) } } : { values: [value] };
}

function isSdkFrame(path: string | undefined): boolean {
  return !!path && /[\\/](?:sdk[\\/](?:src|dist)|@faultline[\\/]sdk)[\\/]/.test(path);
}

function isErrorLike(value: unknown): boolean {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as Error).message === 'string' &&
      typeof (value as Error).stack === 'string')
  );
}

function errorType(error: Error): string {
  const name = error.name;
  if (name && name !== 'Error') return name;
  const ctor = (error as { constructor?: { name?: string } }).constructor?.name;
  return ctor && ctor !== 'Object' ? ctor : 'Error';
}

function truncate(s: string): string {
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

function safeClone(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
  } catch {
    return '[unserializable]';
  }
}
