import type { Mechanism, SentryException, StackFrame, Stacktrace, Thread } from '../types.js';
import {
  asNumber,
  asString,
  asText,
  asValues,
  copyWithout,
  isObject,
  type Obj,
  setDefined,
} from './values.js';

const MAX_FRAMES = 250;

const FRAME_REWRITTEN = new Set([
  'filename',
  'abs_path',
  'function',
  'raw_function',
  'module',
  'package',
  'platform',
  'lineno',
  'colno',
  'in_app',
  'context_line',
  'pre_context',
  'post_context',
  'vars',
]);

/** A frame, or undefined when it has none of filename, function, abs_path, module, instruction_addr. */
export function normalizeFrame(raw: unknown): StackFrame | undefined {
  if (!isObject(raw)) return undefined;
  // Fields are read and written by name, in the order they are stored: frames are the most
  // numerous objects of an event, and keyed access through a list of names (megamorphic loads and
  // stores) made this function a fifth of normalizeEvent's time.
  const frame = copyWithout(raw, FRAME_REWRITTEN) as StackFrame;
  let s = asString(raw.filename);
  if (s !== undefined) frame.filename = s;
  s = asString(raw.abs_path);
  if (s !== undefined) frame.abs_path = s;
  s = asString(raw.function);
  if (s !== undefined) frame.function = s;
  s = asString(raw.raw_function);
  if (s !== undefined) frame.raw_function = s;
  s = asString(raw.module);
  if (s !== undefined) frame.module = s;
  s = asString(raw.package);
  if (s !== undefined) frame.package = s;
  s = asString(raw.platform);
  if (s !== undefined) frame.platform = s;
  let n = asNumber(raw.lineno);
  if (n !== undefined) frame.lineno = Math.trunc(n);
  n = asNumber(raw.colno);
  if (n !== undefined) frame.colno = Math.trunc(n);
  if (typeof raw.in_app === 'boolean') frame.in_app = raw.in_app;
  if (typeof raw.context_line === 'string') frame.context_line = raw.context_line;
  if (Array.isArray(raw.pre_context)) frame.pre_context = contextLines(raw.pre_context);
  if (Array.isArray(raw.post_context)) frame.post_context = contextLines(raw.post_context);
  if (isObject(raw.vars)) frame.vars = raw.vars;
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

function contextLines(list: unknown[]): string[] {
  return list.map((l) => (typeof l === 'string' ? l : (asText(l) ?? '')));
}

/** A stack trace with valid frames only (oldest first, the newest 250 kept); undefined when empty. */
export function normalizeStacktrace(raw: unknown): Stacktrace | undefined {
  if (!isObject(raw)) return undefined;
  const rawFrames: unknown[] = Array.isArray(raw.frames) ? raw.frames : [];
  const frames: StackFrame[] = [];
  for (let i = Math.max(0, rawFrames.length - MAX_FRAMES); i < rawFrames.length; i++) {
    const frame = normalizeFrame(rawFrames[i]);
    if (frame) frames.push(frame);
  }
  if (frames.length === 0) return undefined;
  // `frames` is already a key of `raw`, so the store keeps its place; a bare spread stays on V8's
  // fast clone path, which `{ ...raw, frames }` leaves.
  const out = { ...raw } as Stacktrace;
  out.frames = frames;
  return out;
}

const EXCEPTION_REWRITTEN = new Set(['type', 'value', 'module', 'stacktrace', 'mechanism']);

/** Exceptions from any container shape (oldest first); entries with neither type nor value are dropped. */
export function normalizeExceptions(raw: unknown, maxValueLength: number): SentryException[] {
  const out: SentryException[] = [];
  for (const entry of asValues(raw)) {
    const type = asString(entry.type, 256);
    const text = asText(entry.value, maxValueLength);
    const value = text === '' ? undefined : text;
    // GlitchTip and Relay alike: an entry with neither type nor value says nothing.
    if (type === undefined && value === undefined) continue;
    const exc = copyWithout(entry, EXCEPTION_REWRITTEN) as SentryException;
    if (type !== undefined) exc.type = type;
    if (value !== undefined) exc.value = value;
    const module = asString(entry.module);
    if (module !== undefined) exc.module = module;
    const stacktrace = normalizeStacktrace(entry.stacktrace);
    if (stacktrace !== undefined) exc.stacktrace = stacktrace;
    if (isObject(entry.mechanism)) exc.mechanism = entry.mechanism as Mechanism;
    out.push(exc);
  }
  return out;
}

const THREAD_REWRITTEN = new Set(['stacktrace']);

/** Threads from any container shape, each with a normalized stack trace. */
export function normalizeThreads(raw: unknown): Thread[] {
  return asValues(raw).map((entry: Obj) => {
    const thread = copyWithout(entry, THREAD_REWRITTEN) as Thread;
    setDefined(thread, 'stacktrace', normalizeStacktrace(entry.stacktrace));
    return thread;
  });
}
