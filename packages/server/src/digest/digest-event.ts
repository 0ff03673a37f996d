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
  // Pairs in a plain array, a derived tag replacing an own one in place: what a Map in insertion
  // order gave, without the Map and its iteration per event (own keys are already distinct).
  const pairs: Array<[string, string]> = [];
  const own = event.tags;
  if (own) for (const key of Object.keys(own)) pairs.push([key, own[key]!]);
  setTag(pairs, 'environment', event.environment);
  setTag(pairs, 'release', event.release);
  setTag(pairs, 'level', event.level);
  setTag(pairs, 'server_name', event.server_name);
  setTag(pairs, 'runtime', contextTag(event, 'runtime'));
  setTag(pairs, 'browser', contextTag(event, 'browser'));
  setTag(pairs, 'os', contextTag(event, 'os'));
  setTag(pairs, 'user', user ?? undefined);
  setTag(pairs, 'transaction', event.transaction);
  return pairs;
}

function setTag(pairs: Array<[string, string]>, key: string, value: string | undefined): void {
  if (!value) return;
  const v = value.slice(0, MAX_TAG_VALUE);
  for (const pair of pairs) {
    if (pair[0] === key) {
      pair[1] = v;
      return;
    }
  }
  pairs.push([key, v]);
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
