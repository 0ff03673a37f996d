import { generateEventId, normalizeEventId } from '../event-id.js';
import type { SentryEvent } from '../types.js';
import { normalizeBreadcrumbs, normalizeContexts, normalizeRequest, normalizeUser } from './interfaces.js';
import { normalizeLevel } from './level.js';
import { normalizeMessage } from './message.js';
import { normalizeExceptions, normalizeStacktrace, normalizeThreads } from './stacktrace.js';
import { normalizeTags } from './tags.js';
import { clampTimestamp, parseTimestamp } from './timestamp.js';
import { parseUserAgent } from './user-agent.js';
import { asString, isObject, type Obj } from './values.js';

export interface NormalizeContext {
  /** When the server received the event, epoch ms: the default and the anchor of the clamp window. */
  receivedAt: number;
  /** The envelope header's event_id, which wins over the payload's. */
  eventId?: string;
  /** The envelope's `sent_at` (any timestamp shape), for clock-drift correction. */
  sentAt?: unknown;
  /** The request's client address, for `ip_address: "{{auto}}"`. */
  clientIp?: string;
  /** The request's User-Agent (browser SDKs send the browser's own). */
  userAgent?: string;
  /** Cap for messages and exception values; default 8192 characters. */
  maxStringLength?: number;
}

// raven-era interface names and their modern fields (Relay's aliases, §4.1).
const LEGACY_KEYS: Array<[string, string]> = [
  ['sentry.interfaces.Exception', 'exception'],
  ['sentry.interfaces.Stacktrace', 'stacktrace'],
  ['sentry.interfaces.Template', 'template'],
  ['sentry.interfaces.Http', 'request'],
  ['sentry.interfaces.User', 'user'],
  ['sentry.interfaces.Breadcrumbs', 'breadcrumbs'],
  ['sentry.interfaces.Contexts', 'contexts'],
];

const CLOCK_DRIFT_TOLERANCE_S = 60;

/**
 * Turns any event payload a Sentry client sends into one canonical SentryEvent. Never throws:
 * unusable parts are dropped and the rest kept; a non-object input yields an empty event.
 * @example normalizeEvent({ level: 40, message: 'boom' }, { receivedAt: Date.now() }).level // 'error'
 */
export function normalizeEvent(raw: unknown, ctx: NormalizeContext): SentryEvent {
  const input: Obj = isObject(raw) ? raw : {};
  const maxLength = ctx.maxStringLength ?? 8192;
  const src: Obj = { ...input };
  for (const [legacy, modern] of LEGACY_KEYS) {
    if (legacy in src) {
      if (src[modern] === undefined || src[modern] === null) src[modern] = src[legacy];
      delete src[legacy];
    }
  }

  const errors: NonNullable<SentryEvent['errors']> = [];
  const event: SentryEvent = {
    ...src,
    event_id: normalizeEventId(ctx.eventId) ?? normalizeEventId(src.event_id) ?? generateEventId(),
    timestamp: eventTimestamp(src.timestamp, ctx, errors),
    platform: asString(src.platform, 64)?.toLowerCase() ?? 'other',
    level: normalizeLevel(src.level),
  };
  event.received = ctx.receivedAt / 1000;

  for (const key of ['logger', 'server_name', 'transaction', 'culprit', 'dist'] as const) {
    setOrDelete(event, key, asString(src[key], 512));
  }
  setOrDelete(event, 'release', asString(src.release, 200));
  setOrDelete(event, 'environment', asString(src.environment, 64));
  setOrDelete(event, 'tags', normalizeTags(src.tags));
  setOrDelete(event, 'extra', isObject(src.extra) ? src.extra : undefined);
  setOrDelete(event, 'user', normalizeUser(src.user, ctx.clientIp));
  setOrDelete(event, 'request', normalizeRequest(src.request));
  setOrDelete(event, 'contexts', withUserAgentContexts(normalizeContexts(src.contexts), event, ctx));
  setOrDelete(event, 'sdk', isObject(src.sdk) ? normalizeSdk(src.sdk) : undefined);
  setOrDelete(event, 'modules', isObject(src.modules) ? src.modules : undefined);
  setOrDelete(event, 'fingerprint', normalizeFingerprint(src.fingerprint));

  const breadcrumbs = normalizeBreadcrumbs(src.breadcrumbs);
  setOrDelete(event, 'breadcrumbs', breadcrumbs.length > 0 ? { values: breadcrumbs } : undefined);
  const exceptions = normalizeExceptions(src.exception, maxLength);
  setOrDelete(event, 'exception', exceptions.length > 0 ? { values: exceptions } : undefined);
  const threads = normalizeThreads(src.threads);
  setOrDelete(event, 'threads', threads.length > 0 ? { values: threads } : undefined);
  setOrDelete(event, 'stacktrace', normalizeStacktrace(src.stacktrace));

  // The message lives in `logentry` only; a top-level `message` string becomes its `formatted`.
  setOrDelete(event, 'logentry', normalizeMessage(src, maxLength));
  delete event.message;
  delete event['sentry.interfaces.Message'];

  setOrDelete(event, 'type', asString(src.type, 64));
  if (errors.length > 0) event.errors = [...(Array.isArray(src.errors) ? src.errors : []), ...errors];
  return event;
}

function setOrDelete<K extends string>(event: SentryEvent, key: K, value: unknown): void {
  if (value === undefined) delete event[key];
  else (event as Record<string, unknown>)[key] = value;
}

function eventTimestamp(
  value: unknown,
  ctx: NormalizeContext,
  errors: NonNullable<SentryEvent['errors']>,
): number {
  // A client whose clock is off by more than a minute sends sent_at off by the same amount:
  // shift the event by that drift, as Relay does, before clamping.
  const sentAt = parseTimestamp(ctx.sentAt);
  const parsed = parseTimestamp(value);
  let effective = value;
  if (sentAt !== undefined && parsed !== undefined) {
    const drift = ctx.receivedAt / 1000 - sentAt;
    if (Math.abs(drift) > CLOCK_DRIFT_TOLERANCE_S) {
      errors.push({ type: 'clock_drift', name: 'timestamp', value });
      effective = parsed + drift;
    }
  }
  const clamped = clampTimestamp(effective, ctx.receivedAt);
  if (clamped.problem && clamped.problem !== 'missing') {
    errors.push({ type: `${clamped.problem}_timestamp`, name: 'timestamp', value });
  }
  return clamped.seconds;
}

function normalizeSdk(sdk: Obj): Obj {
  const out: Obj = { ...sdk };
  // GlitchTip's fix for SDKs that send one package as an object.
  if (sdk.packages !== undefined && !Array.isArray(sdk.packages)) {
    out.packages = isObject(sdk.packages) ? [sdk.packages] : [];
  }
  return out;
}

/** Relay's coercion: strings kept, numbers and booleans stringified (floats truncated), the rest dropped. */
function normalizeFingerprint(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const part of value) {
    if (typeof part === 'string') out.push(part);
    else if (typeof part === 'number' && Number.isFinite(part)) out.push(String(Math.trunc(part)));
    else if (typeof part === 'boolean') out.push(String(part));
  }
  return out.length > 0 ? out : undefined;
}

function withUserAgentContexts(
  contexts: SentryEvent['contexts'],
  event: SentryEvent,
  ctx: NormalizeContext,
): SentryEvent['contexts'] {
  const headers = event.request?.headers;
  const ua =
    (headers && (headers['User-Agent'] ?? headers['user-agent'])) ??
    (event.platform === 'javascript' ? ctx.userAgent : undefined);
  if (!ua || (contexts?.browser && contexts.os)) return contexts;
  const parsed = parseUserAgent(ua);
  if (!parsed.browser && !parsed.os) return contexts;
  const out = { ...contexts };
  if (parsed.browser && !out.browser) out.browser = { ...parsed.browser, type: 'browser' };
  if (parsed.os && !out.os) out.os = { ...parsed.os, type: 'os' };
  return out;
}
