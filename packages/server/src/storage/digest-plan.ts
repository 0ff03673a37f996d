// The pure half of digest: given a batch and what the database already holds, decide which events
// are new, how they group into issues, and the aggregate rows (hourly counts, tags, users) to
// upsert. Keeping it free of SQL keeps the write transaction short and identical on both backends.
import { worseLevel } from './codec.js';
import type { DigestEvent, Level } from './types.js';

export const HOUR_MS = 3_600_000;

export interface IssueGroup {
  key: string;
  projectId: number;
  groupingVersion: number;
  groupingHash: string;
  /** Indexes (into the batch) of the new events of this issue, in batch order. */
  members: number[];
  firstSeen: number;
  lastSeen: number;
  level: Level;
  /** The newest event's title and culprit: an issue shows its latest wording. */
  latest: DigestEvent;
}

export const eventKey = (projectId: number, eventId: string): string => `${projectId}:${eventId}`;
export const issueKey = (e: Pick<DigestEvent, 'projectId' | 'groupingVersion' | 'groupingHash'>): string =>
  `${e.projectId}:${e.groupingVersion}:${e.groupingHash}`;

export interface BatchPlan {
  /** Per input index: the index of the first occurrence when it repeats an earlier event of the batch. */
  repeatOf: Array<number | null>;
  /** Groups of new events by issue, sorted by key so concurrent transactions lock in one order. */
  groups: IssueGroup[];
}

/** Splits a batch into new events grouped by issue, and repeats (in the batch or already stored). */
export function planBatch(events: DigestEvent[], stored: Set<string>): BatchPlan {
  const firstIndex = new Map<string, number>();
  const repeatOf: Array<number | null> = [];
  const groups = new Map<string, IssueGroup>();
  events.forEach((e, i) => {
    const ek = eventKey(e.projectId, e.eventId);
    const prev = firstIndex.get(ek);
    if (prev !== undefined) {
      repeatOf.push(prev);
      return;
    }
    firstIndex.set(ek, i);
    repeatOf.push(null);
    if (stored.has(ek)) return;
    const key = issueKey(e);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, {
        key,
        projectId: e.projectId,
        groupingVersion: e.groupingVersion,
        groupingHash: e.groupingHash,
        members: [i],
        firstSeen: e.timestamp,
        lastSeen: e.timestamp,
        level: e.level,
        latest: e,
      });
      return;
    }
    g.members.push(i);
    g.firstSeen = Math.min(g.firstSeen, e.timestamp);
    if (e.timestamp >= g.lastSeen) {
      g.lastSeen = e.timestamp;
      g.latest = e;
    }
    g.level = worseLevel(g.level, e.level);
  });
  return {
    repeatOf,
    groups: [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

/** The tag pairs of one event, with environment, release and level added when digest left them out. */
export function eventTags(e: DigestEvent): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  const add = (k: string, v: string) => {
    const id = `${k}\u0000${v}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push([k, v]);
  };
  for (const [k, v] of e.tags) add(k, v);
  const keys = new Set(e.tags.map(([k]) => k));
  if (e.environment !== null && !keys.has('environment')) add('environment', e.environment);
  if (e.release !== null && !keys.has('release')) add('release', e.release);
  if (!keys.has('level')) add('level', e.level);
  return out;
}

export interface TagRow {
  issue_id: number;
  key: string;
  value: string;
  count: number;
  first_seen: number;
  last_seen: number;
}

/** Aggregates the stored events' tags per (issue, key, value), sorted for a stable lock order. */
export function aggregateTags(stored: Array<{ issueId: number; event: DigestEvent }>): TagRow[] {
  const rows = new Map<string, TagRow>();
  for (const { issueId, event } of stored) {
    for (const [key, value] of eventTags(event)) {
      const id = `${issueId}\u0000${key}\u0000${value}`;
      const r = rows.get(id);
      if (r) {
        r.count++;
        r.first_seen = Math.min(r.first_seen, event.timestamp);
        r.last_seen = Math.max(r.last_seen, event.timestamp);
      } else {
        rows.set(id, {
          issue_id: issueId,
          key,
          value,
          count: 1,
          first_seen: event.timestamp,
          last_seen: event.timestamp,
        });
      }
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** Aggregates the stored events per (issue, hour). */
export function aggregateHours(
  stored: Array<{ issueId: number; event: DigestEvent }>,
): Array<{ issue_id: number; hour: number; count: number }> {
  const rows = new Map<string, { issue_id: number; hour: number; count: number }>();
  for (const { issueId, event } of stored) {
    const hour = Math.floor(event.timestamp / HOUR_MS) * HOUR_MS;
    const id = `${issueId}:${hour}`;
    const r = rows.get(id);
    if (r) r.count++;
    else rows.set(id, { issue_id: issueId, hour, count: 1 });
  }
  return [...rows.values()].sort((a, b) => a.issue_id - b.issue_id || a.hour - b.hour);
}
