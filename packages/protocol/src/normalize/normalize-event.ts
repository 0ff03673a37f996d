import { generateEventId, normalizeEventId } from '../event-id.js';
import type { SentryEvent } from '../types.js';
import { normalizeBreadcrumbs, normalizeContexts, normalizeRequest, normalizeUser } from './interfaces.js';
import { normalizeLevel } from './level.js';
import { normalizeMessage } from './message.js';
import { normalizeExceptions, normalizeStacktrace, normalizeThreads } from './stacktrace.js';
import { normalizeTags } from './tags.js';
import { clampTimestamp, parseTimestamp } from './timestamp.js';
import { parseUserAgent } from './user-agent.js';
import { asString, copyWithout, isObject, type Obj } from './values.js';

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
const LEGACY_BY_MODERN = new Map(LEGACY_KEYS.map(([legacy, modern]) => [modern, legacy]));

// Every key normalizeEvent rewrites (or drops): the rest of the payload passes through untouched.
const REWRITTEN = new Set([
  ...LEGACY_KEYS.flat(),
  'sentry.interfaces.Message',
  'event_id',
  'timestamp',
  'platform',
  'level',
  'received',
  'logger',
  'server_name',
  'transaction',
  'culprit',
  'dist',
  'release',
  'environment',
  'tags',
  'extra',
  'sdk',
  'modules',
  'fingerprint',
  'threads',
  'logentry',
  'message',
  'type',
  'errors',
]);

const CLOCK_DRIFT_TOLERANCE_S = 60;

/**
 * Turns any event payload a Sentry client sends into one canonical SentryEvent. Never throws:
 * unusable parts are dropped and the rest kept; a non-object input yields an empty event.
 * @example normalizeEvent({ level: 40, message: 'boom' }, { receivedAt: Date.now() }).level // 'error'
 */
export function normalizeEvent(raw: unknown, ctx: NormalizeContext): SentryEvent {
  const input: Obj = isObject(raw) ? raw : {};
  const maxLength = ctx.maxStringLength ?? 8192;
  // Legacy interface names resolve to their modern field; the modern key wins when both exist.
  const pick = (modern: string): unknown => {
    const value = input[modern];
    if (value !== undefined && value !== null) return value;
    const legacy = LEGACY_BY_MODERN.get(modern);
    return legacy === undefined ? value : input[legacy];
  };

  const errors: NonNullable<SentryEvent['errors']> = [];
  const event = copyWithout(input, REWRITTEN) as SentryEvent;
  event.event_id = normalizeEventId(ctx.eventId) ?? normalizeEventId(input.event_id) ?? generateEventId();
  event.timestamp = eventTimestamp(input.timestamp, ctx, errors);
  event.platform = asString(input.platform, 64)?.toLowerCase() ?? 'other';
  event.level = normalizeLevel(input.level);
  event.received = ctx.receivedAt / 1000;

  // Fields are set by name, one after the other in their stored order: a shared helper writing
  // through a key (a megamorphic store that adds a property) cost more than the values themselves.
  let s = asString(input.logger, 512);
  if (s !== undefined) event.logger = s;
  s = asString(input.server_name, 512);
  if (s !== undefined) event.server_name = s;
  s = asString(input.transaction, 512);
  if (s !== undefined) event.transaction = s;
  s = asString(input.culprit, 512);
  if (s !== undefined) event.culprit = s;
  s = asString(input.dist, 512);
  if (s !== undefined) event.dist = s;
  s = asString(input.release, 200);
  if (s !== undefined) event.release = s;
  s = asString(input.environment, 64);
  if (s !== undefined) event.environment = s;
  const tags = normalizeTags(input.tags);
  if (tags !== undefined) event.tags = tags;
  if (isObject(input.extra)) event.extra = input.extra;
  const request = normalizeRequest(pick('request'));
  if (request !== undefined) event.request = request;
  const user = normalizeUser(pick('user'), ctx.clientIp);
  if (user !== undefined) event.user = user;
  const contexts = withUserAgentContexts(normalizeContexts(pick('contexts')), request, event.platform, ctx);
  if (contexts !== undefined) event.contexts = contexts;
  if (isObject(input.sdk)) event.sdk = normalizeSdk(input.sdk) as SentryEvent['sdk'];
  if (isObject(input.modules)) event.modules = input.modules as SentryEvent['modules'];
  const fingerprint = normalizeFingerprint(input.fingerprint);
  if (fingerprint !== undefined) event.fingerprint = fingerprint;
  const template = pick('template');
  if (template !== undefined) event.template = template;

  const breadcrumbs = normalizeBreadcrumbs(pick('breadcrumbs'));
  if (breadcrumbs.length > 0) event.breadcrumbs = { values: breadcrumbs };
  const exceptions = normalizeExceptions(pick('exception'), maxLength);
  if (exceptions.length > 0) event.exception = { values: exceptions };
  const threads = normalizeThreads(input.threads);
  if (threads.length > 0) event.threads = { values: threads };
  const stacktrace = normalizeStacktrace(pick('stacktrace'));
  if (stacktrace !== undefined) event.stacktrace = stacktrace;

  // The message lives in `logentry` only; a top-level `message` string becomes its `formatted`.
  const logentry = normalizeMessage(input, maxLength);
  if (logentry !== undefined) event.logentry = logentry;
  s = asString(input.type, 64);
  if (s !== undefined) event.type = s;
  if (errors.length > 0) event.errors = [...(Array.isArray(input.errors) ? input.errors : []), ...errors];
  return event;
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

/** Adds the browser and os contexts a browser User-Agent gives to `contexts`, which it may modify. */
function withUserAgentContexts(
  contexts: SentryEvent['contexts'],
  request: SentryEvent['request'],
  platform: string,
  ctx: NormalizeContext,
): SentryEvent['contexts'] {
  const headers = request?.headers;
  const ua =
    (headers && (headers['User-Agent'] ?? headers['user-agent'])) ??
    (platform === 'javascript' ? ctx.userAgent : undefined);
  if (!ua || (contexts?.browser && contexts.os)) return contexts;
  const parsed = parseUserAgent(ua);
  if (!parsed.browser && !parsed.os) return contexts;
  // normalizeContexts built `contexts` for this event alone, so it is extended in place: a copy
  // made by spreading takes new keys through V8's slow path (≈ 1.5% of buildDigestEvent).
  const out = contexts ?? {};
  if (parsed.browser && !out.browser) out.browser = typed(parsed.browser, 'browser');
  if (parsed.os && !out.os) out.os = typed(parsed.os, 'os');
  return out;
}

/**
 * `{ ...ua, type }` spelled out: parseUserAgent's objects have a known shape, and literals of a fixed
 * shape skip the spread and the property added after it, which cost ≈ 2% of buildDigestEvent.
 */
function typed(ua: { name: string; version?: string }, type: string): Obj {
  return ua.version === undefined ? { name: ua.name, type } : { name: ua.name, version: ua.version, type };
}
