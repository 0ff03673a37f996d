// Builders shared by the contract suite's files.
import { randomBytes } from 'node:crypto';
import type { DigestEvent, Level, Storage } from './types.js';

export const hex32 = (): string => randomBytes(16).toString('hex');

export const HOUR = 3_600_000;
/** A fixed hour boundary, so hourly buckets in assertions are exact. */
export const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);

export interface EventSpec {
  projectId: number;
  group?: string;
  eventId?: string;
  timestamp?: number;
  level?: Level;
  title?: string;
  culprit?: string;
  user?: string | null;
  environment?: string | null;
  release?: string | null;
  tags?: Array<[string, string]>;
  groupingVersion?: number;
}

const enc = new TextEncoder();

/** A DigestEvent as digest would hand it over (queueId filled in by queueAndBuild). */
export function digestEvent(spec: EventSpec, queueId = 0): DigestEvent {
  const group = spec.group ?? 'g1';
  const eventId = spec.eventId ?? hex32();
  const timestamp = spec.timestamp ?? T0;
  const title = spec.title ?? `TypeError: boom in ${group}`;
  const data = {
    event_id: eventId,
    timestamp: timestamp / 1000,
    level: spec.level ?? 'error',
    message: title,
    exception: { values: [{ type: 'TypeError', value: `boom in ${group}` }] },
    extra: { note: 'x'.repeat(200) },
  };
  return {
    queueId,
    projectId: spec.projectId,
    eventId,
    timestamp,
    receivedAt: timestamp + 5,
    level: spec.level ?? 'error',
    title,
    culprit: spec.culprit ?? `app/${group}.ts in handler`,
    groupingHash: group.padEnd(64, '0').slice(0, 64),
    groupingVersion: spec.groupingVersion ?? 1,
    groupingKey: `exception:TypeError:${group}`,
    groupingComponents: { exception: { type: 'TypeError', frames: [group] } },
    userKey: spec.user === undefined ? null : spec.user,
    environment: spec.environment === undefined ? 'production' : spec.environment,
    release: spec.release === undefined ? '1.0.0' : spec.release,
    tags: spec.tags ?? [['runtime', 'node']],
    data: enc.encode(JSON.stringify(data)),
  };
}

/** Enqueues one queue row per spec, claims them and returns DigestEvents carrying their queue ids. */
export async function queueAndBuild(storage: Storage, specs: EventSpec[]): Promise<DigestEvent[]> {
  const events = specs.map((s) => digestEvent(s));
  await storage.enqueue(
    events.map((e) => ({
      projectId: e.projectId,
      eventId: e.eventId,
      receivedAt: e.receivedAt,
      payload: e.data,
    })),
  );
  const claimed = await storage.claimQueueItems(events.length, 60_000);
  const byEvent = new Map<string, number[]>();
  for (const c of claimed) byEvent.set(c.eventId, [...(byEvent.get(c.eventId) ?? []), c.id]);
  return events.map((e) => ({ ...e, queueId: byEvent.get(e.eventId)!.shift()! }));
}

/** Enqueues, claims and digests in one go; returns the outcomes. */
export async function ingest(storage: Storage, specs: EventSpec[]) {
  return storage.digest(await queueAndBuild(storage, specs));
}
