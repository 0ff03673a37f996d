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
  /** Per input index: its event key (eventKey), built once for every later lookup and sort. */
  keys: string[];
  /** Per input index: the group of a new event (first occurrence, not stored before). */
  groupOf: Array<IssueGroup | undefined>;
  /** Groups of new events by issue, sorted by key so concurrent transactions lock in one order. */
  groups: IssueGroup[];
}

/** Splits a batch into new events grouped by issue, and repeats (in the batch or already stored). */
export function planBatch(events: DigestEvent[], stored: { has(eventKey: string): boolean }): BatchPlan {
  const firstIndex = new Map<string, number>();
  const repeatOf: Array<number | null> = [];
  const keys: string[] = [];
  const groupOf: Array<IssueGroup | undefined> = [];
  const groups = new Map<string, IssueGroup>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const ek = eventKey(e.projectId, e.eventId);
    keys.push(ek);
    const prev = firstIndex.get(ek);
    if (prev !== undefined) {
      repeatOf.push(prev);
      groupOf.push(undefined);
      continue;
    }
    firstIndex.set(ek, i);
    repeatOf.push(null);
    if (stored.has(ek)) {
      groupOf.push(undefined);
      continue;
    }
    const key = issueKey(e);
    const g = groups.get(key);
    if (!g) {
      const created: IssueGroup = {
        key,
        projectId: e.projectId,
        groupingVersion: e.groupingVersion,
        groupingHash: e.groupingHash,
        members: [i],
        firstSeen: e.timestamp,
        lastSeen: e.timestamp,
        level: e.level,
        latest: e,
      };
      groups.set(key, created);
      groupOf.push(created);
      continue;
    }
    groupOf.push(g);
    g.members.push(i);
    g.firstSeen = Math.min(g.firstSeen, e.timestamp);
    if (e.timestamp >= g.lastSeen) {
      g.lastSeen = e.timestamp;
      g.latest = e;
    }
    g.level = worseLevel(g.level, e.level);
  }
  return {
    repeatOf,
    keys,
    groupOf,
    groups: [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

/** Tag lists longer than this dedupe through a Set; shorter ones (all real events) by a scan. */
const SCAN_TAGS = 32;

/** The tag pairs of one event, with environment, release and level added when digest left them out. */
export function eventTags(e: DigestEvent): Array<[string, string]> {
  if (e.tags.length > SCAN_TAGS) return eventTagsLong(e);
  const out: Array<[string, string]> = [];
  let hasEnvironment = false;
  let hasRelease = false;
  let hasLevel = false;
  next: for (const [k, v] of e.tags) {
    if (k === 'environment') hasEnvironment = true;
    else if (k === 'release') hasRelease = true;
    else if (k === 'level') hasLevel = true;
    for (const [ok, ov] of out) if (ok === k && ov === v) continue next;
    out.push([k, v]);
  }
  const add = (k: string, v: string) => {
    for (const [ok, ov] of out) if (ok === k && ov === v) return;
    out.push([k, v]);
  };
  if (e.environment !== null && !hasEnvironment) add('environment', e.environment);
  if (e.release !== null && !hasRelease) add('release', e.release);
  if (!hasLevel) add('level', e.level);
  return out;
}

function eventTagsLong(e: DigestEvent): Array<[string, string]> {
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
  // Nested maps rather than one map on a joined string: no string built and hashed per tag.
  const byIssue = new Map<number, Map<string, Map<string, TagRow>>>();
  const all: TagRow[] = [];
  for (const { issueId, event } of stored) {
    let byKey = byIssue.get(issueId);
    if (!byKey) {
      byKey = new Map();
      byIssue.set(issueId, byKey);
    }
    for (const [key, value] of eventTags(event)) {
      let byValue = byKey.get(key);
      if (!byValue) {
        byValue = new Map();
        byKey.set(key, byValue);
      }
      const r = byValue.get(value);
      if (r) {
        r.count++;
        r.first_seen = Math.min(r.first_seen, event.timestamp);
        r.last_seen = Math.max(r.last_seen, event.timestamp);
      } else {
        const row = {
          issue_id: issueId,
          key,
          value,
          count: 1,
          first_seen: event.timestamp,
          last_seen: event.timestamp,
        };
        byValue.set(value, row);
        all.push(row);
      }
    }
  }
  // The order of the joined `${issue_id}\0${key}\0${value}` strings it sorted by before.
  const ids = new Map<number, string>();
  for (const id of byIssue.keys()) ids.set(id, String(id));
  return all.sort((a, b) => {
    if (a.issue_id !== b.issue_id) return ids.get(a.issue_id)! < ids.get(b.issue_id)! ? -1 : 1;
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  });
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
