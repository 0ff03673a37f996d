// The stack-based strategies (spec §5.6 steps 2–4): chained exceptions, then the crashed thread,
// then a legacy top-level stack trace, each with Sentry's app/system variant choice.
import type { SentryEvent, SentryException, StackFrame, Stacktrace, Thread } from '@faultline/protocol';
import {
  type FrameComponent,
  formatFrame,
  frameComponent,
  isInApp,
  isRecursion,
} from './frame-components.js';
import { parameterize } from './parameterize.js';

export type Variant = 'app' | 'system';

export interface ExceptionComponent {
  type?: string;
  /** Normalized value; present only when the exception has no contributing frames. */
  value?: string;
  frames?: string[];
}

export interface StackResult {
  variant: Variant;
  /** Readable values that are hashed. */
  values: string[];
  exceptions?: ExceptionComponent[];
  frames?: string[];
}

/** Contributing frame components of one stack trace, in the given variant. */
export function stackComponents(
  stack: Stacktrace | undefined,
  variant: Variant,
  platform: string,
): FrameComponent[] {
  const out: FrameComponent[] = [];
  let previous: StackFrame | undefined;
  for (const frame of stack?.frames ?? []) {
    const recursion = isRecursion(frame, previous);
    previous = frame;
    if (recursion || (variant === 'app' && !isInApp(frame))) continue;
    const component = frameComponent(frame, platform);
    if (component) out.push(component);
  }
  return out;
}

/**
 * The variant and each stack's contributing frames in it: `app` when any stack has a contributing
 * in-app frame, else `system` (Sentry drops the app variant then).
 */
function chooseVariant(
  stacks: Array<Stacktrace | undefined>,
  platform: string,
): { variant: Variant; frames: FrameComponent[][] } {
  const app = stacks.map((s) => stackComponents(s, 'app', platform));
  if (app.some((f) => f.length > 0)) return { variant: 'app', frames: app };
  return { variant: 'system', frames: stacks.map((s) => stackComponents(s, 'system', platform)) };
}

function exceptionKey(e: SentryException): string {
  return `${e.type ?? ''}\u0000${e.value ?? ''}`;
}

/**
 * The exceptions that group, after exception-group filtering (RFC 0079, as Sentry does it): when
 * the raised exception is a group, its top-level non-group members count; identical members count
 * once (with their cause chain), different ones once each plus the group itself. Without a group
 * tree, group containers are dropped when real exceptions exist.
 */
export function groupingExceptions(event: SentryEvent): SentryException[] {
  const all = event.exception?.values ?? [];
  if (!all.some((e) => e.mechanism?.is_exception_group === true)) return all;
  const root = all[all.length - 1]!;
  const children = new Map<number, SentryException[]>();
  for (const e of all) {
    const parent = e.mechanism?.parent_id;
    if (typeof parent === 'number' && e !== root) children.set(parent, [...(children.get(parent) ?? []), e]);
  }
  const rootId = root.mechanism?.exception_id;
  if (root.mechanism?.is_exception_group !== true || typeof rootId !== 'number') {
    const real = all.filter((e) => e.mechanism?.is_exception_group !== true);
    return real.length > 0 ? real : all;
  }
  // Top-level members: walk down through nested groups, stop at the first non-group exception.
  const members: SentryException[] = [];
  const queue = [...(children.get(rootId) ?? [])];
  for (let guard = 0; queue.length > 0 && guard < 1000; guard++) {
    const e = queue.shift()!;
    const id = e.mechanism?.exception_id;
    if (e.mechanism?.is_exception_group === true && typeof id === 'number')
      queue.push(...(children.get(id) ?? []));
    else members.push(e);
  }
  if (members.length === 0) return [root];
  const keep = new Set<SentryException>();
  if (new Set(members.map(exceptionKey)).size === 1) {
    // One kind of failure, however many times: that exception and its first-cause path.
    let current: SentryException | undefined = members[0];
    for (let guard = 0; current && !keep.has(current) && guard < 1000; guard++) {
      keep.add(current);
      const id = current.mechanism?.exception_id;
      current = typeof id === 'number' ? children.get(id)?.[0] : undefined;
    }
  } else {
    const seen = new Set<string>();
    for (const m of members) {
      if (!seen.has(exceptionKey(m))) keep.add(m);
      seen.add(exceptionKey(m));
    }
    keep.add(root);
  }
  return all.filter((e) => keep.has(e));
}

/** Type + frames for every exception; type + normalized value when an exception has no frames. */
export function exceptionStrategy(event: SentryEvent): StackResult | undefined {
  const exceptions = groupingExceptions(event);
  if (exceptions.length === 0) return undefined;
  const { variant, frames: perException } = chooseVariant(
    exceptions.map((e) => e.stacktrace),
    event.platform,
  );
  const values: string[] = [];
  const components: ExceptionComponent[] = [];
  for (const [index, exc] of exceptions.entries()) {
    const component: ExceptionComponent = {};
    // A synthetic exception's type is made up by the SDK (captureMessage, a thrown object).
    const type = exc.mechanism?.synthetic === true ? undefined : exc.type;
    const frames = (perException[index] ?? []).map(formatFrame);
    if (type !== undefined) component.type = type;
    if (frames.length > 0) component.frames = frames;
    else if (exc.value !== undefined) component.value = parameterize(exc.value);
    if (component.type === undefined && component.frames === undefined && component.value === undefined)
      continue;
    components.push(component);
    values.push(`exception: ${component.type ?? '<synthetic>'}`);
    for (const f of component.frames ?? []) values.push(`frame: ${f}`);
    if (component.value !== undefined) values.push(`value: ${component.value}`);
  }
  if (components.length === 0) return undefined;
  return { variant, values, exceptions: components };
}

/** The thread that crashed, else the single current one, else a lone thread. */
export function groupingThread(event: SentryEvent): Thread | undefined {
  const threads = event.threads?.values ?? [];
  const crashed = threads.filter((t) => t.crashed === true);
  if (crashed.length === 1) return crashed[0];
  const current = threads.filter((t) => t.current === true);
  if (current.length === 1) return current[0];
  return threads.length === 1 ? threads[0] : undefined;
}

/** Frames of one stack (a thread's or the legacy top-level one) in the better variant. */
export function singleStackStrategy(
  stack: Stacktrace | undefined,
  platform: string,
  label: string,
): StackResult | undefined {
  if (!stack) return undefined;
  const { variant, frames: stacks } = chooseVariant([stack], platform);
  const frames = (stacks[0] ?? []).map(formatFrame);
  if (frames.length === 0) return undefined;
  return { variant, values: [label, ...frames.map((f) => `frame: ${f}`)], frames };
}
