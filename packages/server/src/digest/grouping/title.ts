// Issue title and culprit (spec §5.6 "Title" and "Culprit").
import type { SentryEvent, StackFrame } from '@faultline/protocol';
import { cleanFunction, isInApp } from './frame-components.js';
import { groupingExceptions } from './stack-strategy.js';

const MAX_TITLE = 200;
const MAX_CULPRIT = 200;

/** The first line that is not blank, trimmed; found without splitting the whole text. */
function firstLine(s: string): string {
  let start = 0;
  for (;;) {
    const end = s.indexOf('\n', start);
    const line = (end === -1 ? s.slice(start) : s.slice(start, end)).trim();
    if (line !== '' || end === -1) return line;
    start = end + 1;
  }
}

function cap(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The message of a message event (formatted, else the template). */
export function messageText(event: SentryEvent): string | undefined {
  return event.logentry?.formatted ?? event.logentry?.message;
}

/**
 * The crash frame: the last in-app frame of the main exception (or crashed thread, or legacy stack)
 * that has a usable function name, else its last in-app frame, else its last frame. Anonymous
 * callbacks (`?`) make poor culprits when a named caller sits right above them.
 */
export function crashFrame(event: SentryEvent): StackFrame | undefined {
  const exceptions = groupingExceptions(event);
  const stack =
    exceptions[exceptions.length - 1]?.stacktrace ??
    event.threads?.values.find((t) => t.crashed)?.stacktrace ??
    event.stacktrace;
  const frames = stack?.frames ?? [];
  let lastInApp: StackFrame | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    if (!isInApp(frame)) continue;
    lastInApp ??= frame;
    if (cleanFunction(frame.function, frame.platform ?? event.platform) !== undefined) return frame;
  }
  return lastInApp ?? frames[frames.length - 1];
}

function frameFunction(frame: StackFrame | undefined, platform: string): string | undefined {
  if (!frame) return undefined;
  return cleanFunction(frame.function, frame.platform ?? platform) ?? frame.function;
}

/**
 * `Type: first line of value` for exception events (the crash function instead of the type for a
 * synthetic exception), the message's first line for message events, `<untitled>` otherwise.
 */
export function eventTitle(event: SentryEvent, isMessageEvent: boolean): string {
  // The raised exception (the last one), even when grouping filtered an exception group.
  const exceptions = event.exception?.values ?? [];
  const main = exceptions[exceptions.length - 1];
  if (main && !isMessageEvent) {
    const value = main.value !== undefined ? firstLine(main.value) : '';
    const head =
      main.mechanism?.synthetic === true
        ? (frameFunction(crashFrame(event), event.platform) ?? '<unknown>')
        : (main.type ?? 'Error');
    return cap(value === '' ? head : `${head}: ${value}`, MAX_TITLE);
  }
  const message = messageText(event);
  if (message !== undefined && firstLine(message) !== '') return cap(firstLine(message), MAX_TITLE);
  if (main?.value) return cap(firstLine(main.value), MAX_TITLE);
  return '<untitled>';
}

/** Where it happened: the transaction, else the client's culprit, else the crash frame, else the URL. */
export function eventCulprit(event: SentryEvent): string {
  if (event.transaction) return cap(event.transaction, MAX_CULPRIT);
  if (event.culprit) return cap(event.culprit, MAX_CULPRIT);
  const frame = crashFrame(event);
  if (frame) {
    const platform = frame.platform ?? event.platform;
    const fn = frameFunction(frame, platform) ?? '?';
    const file = frame.filename ?? frame.abs_path;
    if (platform === 'javascript' || platform === 'node') {
      return cap(file ? `${fn}(${file})` : fn, MAX_CULPRIT);
    }
    const where = frame.module ?? file;
    return cap(where ? `${where} in ${fn}` : fn, MAX_CULPRIT);
  }
  return cap(event.request?.url ?? '', MAX_CULPRIT);
}
