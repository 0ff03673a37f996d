// Sentry-lite grouping, version 1 (spec §5.6). Each issue keeps the version, the readable key, its
// hash and the components below, so it can explain why its events belong together and a later
// version can be introduced without silently splitting existing issues.
import { hash as oneShotHash } from 'node:crypto';
import type { SentryEvent } from '@faultline/protocol';
import { DEFAULT_MARKER, isDefaultFingerprint, resolveFingerprint } from './fingerprint.js';
import { parameterize } from './parameterize.js';
import {
  type ExceptionComponent,
  exceptionStrategy,
  groupingExceptions,
  groupingThread,
  type StackResult,
  singleStackStrategy,
  type Variant,
} from './stack-strategy.js';
import { eventCulprit, eventTitle, messageText } from './title.js';

export const GROUPING_VERSION = 1;

export type GroupingStrategy = 'exception' | 'threads' | 'stacktrace' | 'message' | 'fallback';

/** What an issue stores to explain its grouping. */
export interface GroupingComponents {
  version: number;
  /** The default strategy that produced the values (also when a fingerprint salts them). */
  strategy: GroupingStrategy;
  variant?: Variant;
  exceptions?: ExceptionComponent[];
  frames?: string[];
  message?: string;
  /** The client fingerprint, resolved; `salted` when it contained `{{ default }}`. */
  fingerprint?: { values: string[]; salted: boolean };
  /** Exactly the list that was hashed. */
  values: string[];
}

export interface Grouping {
  version: number;
  /** Readable key: the hashed values joined with ` ⋄ `. */
  key: string;
  /** sha256 hex of the JSON array of values. */
  hash: string;
  components: GroupingComponents;
  title: string;
  culprit: string;
}

/** A typeless synthetic exception carrying the message itself: @sentry/node's captureMessage. */
function isMessageInDisguise(event: SentryEvent): boolean {
  const exceptions = groupingExceptions(event);
  if (exceptions.length !== 1) return false;
  const only = exceptions[0]!;
  const message = messageText(event);
  return (
    only.type === undefined &&
    only.mechanism?.synthetic === true &&
    message !== undefined &&
    only.value === message
  );
}

function defaultGrouping(event: SentryEvent, asMessage: boolean): Omit<GroupingComponents, 'version'> {
  if (!asMessage) {
    const fromStack = (strategy: GroupingStrategy, r: StackResult) => ({ strategy, ...r });
    const exc = exceptionStrategy(event);
    if (exc) return fromStack('exception', exc);
    const thread = singleStackStrategy(groupingThread(event)?.stacktrace, event.platform, 'thread');
    if (thread) return fromStack('threads', thread);
    const stack = singleStackStrategy(event.stacktrace, event.platform, 'stacktrace');
    if (stack) return fromStack('stacktrace', stack);
  }
  // Sentry hashes the template of a parameterized log message; we also strip values so that
  // preformatted messages ("user 42 not found") group the same way.
  const text = event.logentry?.message ?? messageText(event);
  if (text !== undefined && text.trim() !== '') {
    const message = parameterize(text);
    return { strategy: 'message', message, values: [`message: ${message}`] };
  }
  return { strategy: 'fallback', values: ['fallback'] };
}

/**
 * Groups one normalized event: the client fingerprint (custom, or salted with `{{ default }}`),
 * else exception stacks, thread, legacy stack, type + normalized value, message template, and a
 * constant per project as the last resort.
 * @example computeGrouping(normalizeEvent(raw, { receivedAt: Date.now() })).hash
 */
export function computeGrouping(event: SentryEvent): Grouping {
  const asMessage = isMessageInDisguise(event);
  const base = defaultGrouping(event, asMessage);
  const components: GroupingComponents = { version: GROUPING_VERSION, ...base };
  const resolved = resolveFingerprint(event.fingerprint ?? [], event);
  if (!isDefaultFingerprint(resolved)) {
    const salted = resolved.includes(DEFAULT_MARKER);
    const shown = resolved.map((p) => (p === DEFAULT_MARKER ? '{{ default }}' : p));
    components.fingerprint = { values: shown, salted };
    components.values = salted
      ? resolved.flatMap((p) => (p === DEFAULT_MARKER ? base.values : [`fingerprint: ${p}`]))
      : ['fingerprint', ...shown];
  }
  // The one-shot hash skips the Hash object createHash() builds: ≈ 0.8 µs less per event.
  const hash = oneShotHash('sha256', JSON.stringify(components.values), 'hex');
  return {
    version: GROUPING_VERSION,
    key: components.values.join(' ⋄ '),
    hash,
    components,
    title: eventTitle(event, asMessage || (components.strategy === 'message' && !event.exception)),
    culprit: eventCulprit(event),
  };
}
