import type { Mechanism, SentryException, StackFrame, Stacktrace, Thread } from '../types.js';
import { asNumber, asString, asText, asValues, isObject, type Obj } from './values.js';

const MAX_FRAMES = 250;

/** A frame, or undefined when it has none of filename, function, abs_path, module, instruction_addr. */
export function normalizeFrame(raw: unknown): StackFrame | undefined {
  if (!isObject(raw)) return undefined;
  const frame: StackFrame = { ...raw };
  for (const key of ['filename', 'abs_path', 'function', 'raw_function', 'module', 'package', 'platform']) {
    const s = asString(raw[key]);
    if (s === undefined) delete frame[key];
    else frame[key] = s;
  }
  for (const key of ['lineno', 'colno']) {
    const n = asNumber(raw[key]);
    if (n === undefined) delete frame[key];
    else frame[key] = Math.trunc(n);
  }
  if (typeof raw.in_app !== 'boolean') delete frame.in_app;
  if (typeof raw.context_line === 'string') frame.context_line = raw.context_line;
  else delete frame.context_line;
  for (const key of ['pre_context', 'post_context']) {
    const list = raw[key];
    if (Array.isArray(list)) frame[key] = list.map((l) => (typeof l === 'string' ? l : (asText(l) ?? '')));
    else delete frame[key];
  }
  if (!isObject(raw.vars)) delete frame.vars;
  if (
    frame.filename === undefined &&
    frame.function === undefined &&
    frame.abs_path === undefined &&
    frame.module === undefined &&
    raw.instruction_addr === undefined
  ) {
    return undefined;
  }
  return frame;
}

/** A stack trace with valid frames only (oldest first, the newest 250 kept); undefined when empty. */
export function normalizeStacktrace(raw: unknown): Stacktrace | undefined {
  if (!isObject(raw)) return undefined;
  const rawFrames = Array.isArray(raw.frames) ? raw.frames : [];
  const frames: StackFrame[] = [];
  for (const f of rawFrames.slice(-MAX_FRAMES)) {
    const frame = normalizeFrame(f);
    if (frame) frames.push(frame);
  }
  if (frames.length === 0) return undefined;
  return { ...raw, frames };
}

/** Exceptions from any container shape (oldest first); entries with neither type nor value are dropped. */
export function normalizeExceptions(raw: unknown, maxValueLength: number): SentryException[] {
  const out: SentryException[] = [];
  for (const entry of asValues(raw)) {
    const exc: SentryException = { ...entry };
    const type = asString(entry.type, 256);
    const value = asText(entry.value, maxValueLength);
    if (type === undefined) delete exc.type;
    else exc.type = type;
    if (value === undefined || value === '') delete exc.value;
    else exc.value = value;
    const module = asString(entry.module);
    if (module === undefined) delete exc.module;
    else exc.module = module;
    const stacktrace = normalizeStacktrace(entry.stacktrace);
    if (stacktrace) exc.stacktrace = stacktrace;
    else delete exc.stacktrace;
    if (isObject(entry.mechanism)) exc.mechanism = entry.mechanism as Mechanism;
    else delete exc.mechanism;
    // GlitchTip and Relay alike: an entry with neither type nor value says nothing.
    if (exc.type === undefined && exc.value === undefined) continue;
    out.push(exc);
  }
  return out;
}

/** Threads from any container shape, each with a normalized stack trace. */
export function normalizeThreads(raw: unknown): Thread[] {
  return asValues(raw).map((entry: Obj) => {
    const thread: Thread = { ...entry };
    const stacktrace = normalizeStacktrace(entry.stacktrace);
    if (stacktrace) thread.stacktrace = stacktrace;
    else delete thread.stacktrace;
    return thread;
  });
}
