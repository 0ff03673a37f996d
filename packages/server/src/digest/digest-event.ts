// One queue item → one DigestEvent: parse once, normalize, group, pick the indexed tags.
import { normalizeEvent, parseJson, type SentryEvent } from '@faultline/protocol';
import { type StoredEventContext, storedEventBytes } from '../storage/event-payload.js';
import type { ClaimedQueueItem, DigestEvent } from '../storage/types.js';
import { computeGrouping } from './grouping/index.js';

export interface BuildOptions {
  /** JSON depth limit for payloads (ingest already enforced its own). */
  maxDepth?: number;
}

const MAX_TAG_VALUE = 200;

/** The distinct-user key: id, else email, else username, else IP address; null without a user. */
export function userKey(event: SentryEvent): string | null {
  const user = event.user;
  if (!user) return null;
  if (user.id) return `id:${user.id}`;
  if (user.email) return `email:${user.email}`;
  if (user.username) return `username:${user.username}`;
  if (user.ip_address) return `ip:${user.ip_address}`;
  return null;
}

function contextTag(event: SentryEvent, name: string): string | undefined {
  const ctx = event.contexts?.[name];
  if (!ctx || typeof ctx.name !== 'string' || ctx.name === '') return undefined;
  return typeof ctx.version === 'string' && ctx.version !== '' ? `${ctx.name} ${ctx.version}` : ctx.name;
}

/**
 * Tag pairs to index: the event's own tags (SDK and user), then the derived ones, which win on a
 * clash so a filter on `level` or `release` always means the event's real value.
 */
export function indexedTags(event: SentryEvent, user: string | null): Array<[string, string]> {
  const tags = new Map<string, string>();
  const own = event.tags;
  if (own) for (const key of Object.keys(own)) tags.set(key, own[key]!);
  setTag(tags, 'environment', event.environment);
  setTag(tags, 'release', event.release);
  setTag(tags, 'level', event.level);
  setTag(tags, 'server_name', event.server_name);
  setTag(tags, 'runtime', contextTag(event, 'runtime'));
  setTag(tags, 'browser', contextTag(event, 'browser'));
  setTag(tags, 'os', contextTag(event, 'os'));
  setTag(tags, 'user', user ?? undefined);
  setTag(tags, 'transaction', event.transaction);
  // A loop, not Array.from or a spread: those went through the generic iterator path, 3–4× slower.
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of tags) pairs.push([key, value]);
  return pairs;
}

function setTag(tags: Map<string, string>, key: string, value: string | undefined): void {
  if (value) tags.set(key, value.slice(0, MAX_TAG_VALUE));
}

/** A transaction (performance data sent by old SDKs to /store/): not an error, not digested. */
export function isTransaction(event: SentryEvent): boolean {
  return event.type === 'transaction';
}

/**
 * Builds the DigestEvent for a queue item, or null for a payload that is not an error event.
 * Throws (a ProtocolError) when the payload is not JSON.
 */
export function buildDigestEvent(item: ClaimedQueueItem, opts: BuildOptions = {}): DigestEvent | null {
  const raw = parseJson(item.payload, { maxDepth: opts.maxDepth ?? 128 });
  const ctx: StoredEventContext = {
    receivedAt: item.receivedAt,
    eventId: item.eventId,
    clientIp: item.meta?.remoteAddr,
    userAgent: item.meta?.userAgent,
    // The envelope's sent_at (recorded by ingest) corrects client clock drift.
    sentAt: item.meta?.sentAt,
  };
  const event = normalizeEvent(raw, ctx);
  if (isTransaction(event)) return null;
  const grouping = computeGrouping(event);
  const user = userKey(event);
  return {
    queueId: item.id,
    projectId: item.projectId,
    eventId: event.event_id,
    timestamp: Math.round(event.timestamp * 1000),
    receivedAt: item.receivedAt,
    level: event.level,
    title: grouping.title,
    culprit: grouping.culprit,
    groupingHash: grouping.hash,
    groupingVersion: grouping.version,
    groupingKey: grouping.key,
    groupingComponents: grouping.components,
    userKey: user,
    environment: event.environment ?? null,
    release: event.release ?? null,
    tags: indexedTags(event, user),
    // The payload as sent plus ctx; reads normalize it again (storage/event-payload.ts).
    data: storedEventBytes(item.payload, ctx),
  };
}
