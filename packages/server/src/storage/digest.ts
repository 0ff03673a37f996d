// digest(): one short write transaction per batch. Everything CPU-heavy (compression, grouping
// aggregates) happens before or outside the SQL; inside, the statement count is per batch and per
// issue, not per event: about 9 statements per batch, whatever its size or number of issues.
import type { Transaction } from 'kysely';
import { decideAlerts } from './alerts-decide.js';
import { chunks, compressPayload, num } from './codec.js';
import { addToIssues, type GroupResult, readIssues, upsertIssues } from './digest-issues.js';
import { aggregateHours, aggregateTags, eventKey, issueKey, planBatch } from './digest-plan.js';
import { type InsertShape, insertFlat, selectStoredEvents } from './digest-sql.js';
import type { Ctx, Flavor } from './flavor.js';
import type { QueueBackend } from './queue.js';
import type { Database } from './schema.js';
import type { DigestEvent, DigestOutcome } from './types.js';

type C = Ctx<Database>;
type Tx = Transaction<Database>;

const CHUNK = 300;

// The statements Kysely built before (digest-sql.ts); the tests compare them with its output.
export const EVENTS_INSERT: InsertShape = {
  table: 'events',
  columns: [
    'project_id',
    'issue_id',
    'event_id',
    'timestamp',
    'received_at',
    'level',
    'title',
    'environment',
    'release',
    'payload',
  ],
  tail: 'on conflict ("project_id", "event_id") do nothing returning "project_id", "event_id"',
};
const EVENTS_INSERT_UNCONFIRMED: InsertShape = {
  ...EVENTS_INSERT,
  tail: 'on conflict ("project_id", "event_id") do nothing',
};
export const USERS_INSERT: InsertShape = {
  table: 'issue_users',
  columns: ['issue_id', 'user_key'],
  tail: 'on conflict ("issue_id", "user_key") do nothing returning "issue_id"',
};
export const HOURS_INSERT: InsertShape = {
  table: 'issue_hourly_counts',
  columns: ['issue_id', 'hour', 'count'],
  tail: 'on conflict ("issue_id", "hour") do update set "count" = "issue_hourly_counts"."count" + "excluded"."count"',
};
export const TAGS_INSERT: InsertShape = {
  table: 'issue_tag_values',
  columns: ['issue_id', 'key', 'value', 'count', 'first_seen', 'last_seen'],
  tail:
    'on conflict ("issue_id", "key", "value") do update set "count" = "issue_tag_values"."count" + "excluded"."count", ' +
    '"last_seen" = case when excluded."last_seen" > "issue_tag_values"."last_seen" then excluded."last_seen" else "issue_tag_values"."last_seen" end',
};

async function readExisting(tx: Tx, dialect: Flavor['dialect'], events: DigestEvent[]) {
  // Probe the unique (project_id, event_id) index per project: a bare event_id IN (…) has no
  // index to use and would scan the whole table.
  const storedEvents = new Map<string, number>();
  const byProject = new Map<number, Set<string>>();
  for (const e of events)
    byProject.set(e.projectId, (byProject.get(e.projectId) ?? new Set()).add(e.eventId));
  for (const [projectId, ids] of byProject) {
    for (const part of chunks([...ids], CHUNK)) {
      const rows = await selectStoredEvents(tx, dialect, projectId, part);
      for (const r of rows) storedEvents.set(eventKey(projectId, r.event_id), num(r.issue_id));
    }
  }
  return storedEvents;
}

/** Stores a batch of digested events; see Storage.digest. */
export async function digest(c: C, queue: QueueBackend, events: DigestEvent[]): Promise<DigestOutcome[]> {
  if (events.length === 0) return [];
  const payloads = events.map((e) => compressPayload(e.data));
  let settleQueue = (): void => {};
  const result = await c.db.transaction().execute(async (tx) => {
    const storedBefore = await readExisting(tx, c.flavor.dialect, events);
    const plan = planBatch(events, storedBefore);
    const existing = await readIssues(tx, c, plan.groups);

    const results = await upsertIssues(tx, plan.groups, existing, events);
    const issueOf = new Map<number, number>();
    for (const g of plan.groups) for (const i of g.members) issueOf.set(i, results.get(g.key)!.issueId);

    // Insert the new events; DO NOTHING only fires when another PostgreSQL process stored the same
    // event id since our read: such an event is then a duplicate and its issue count is given back.
    // Sorted by event key, so two processes inserting the same ids lock them in the same order.
    const keys = plan.keys;
    const newIdx = [...issueOf.keys()].sort((a, b) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    // Without row locks (SQLite) this transaction took the database's one write lock at BEGIN, so
    // no other writer can have stored one of these ids since readExisting: every row lands, and
    // RETURNING would only build a row object and a key per event to confirm it.
    const confirm = c.flavor.rowLocks;
    const inserted = new Set<string>();
    for (const part of chunks(newIdx, CHUNK)) {
      const params: unknown[] = [];
      for (const i of part) {
        const e = events[i]!;
        params.push(
          e.projectId,
          issueOf.get(i)!,
          e.eventId,
          e.timestamp,
          e.receivedAt,
          e.level,
          e.title,
          e.environment,
          e.release,
          payloads[i]!,
        );
      }
      const rows = await insertFlat<{ project_id: unknown; event_id: string }>(
        tx,
        c.flavor.dialect,
        confirm ? EVENTS_INSERT : EVENTS_INSERT_UNCONFIRMED,
        params,
      );
      for (const r of rows) inserted.add(eventKey(num(r.project_id), r.event_id));
    }
    const lost = new Map<number, number>();
    if (confirm)
      for (const i of newIdx) {
        if (inserted.has(keys[i]!)) continue;
        const issueId = issueOf.get(i)!;
        lost.set(issueId, (lost.get(issueId) ?? 0) + 1);
        issueOf.delete(i);
      }
    if (lost.size) await addToIssues(tx, 'event_count', new Map([...lost].map(([id, k]) => [id, -k])));

    const stored = [...issueOf.entries()].map(([i, issueId]) => ({ issueId, event: events[i]! }));
    await writeAggregates(tx, c.flavor.dialect, stored);
    settleQueue = await queue.markDone(
      tx,
      events.map((e) => e.queueId),
    );
    const result = outcomes(events, plan, results, issueOf, storedBefore);
    // Alerts commit with the batch that caused them (storage/alerts-decide.ts).
    await decideAlerts(c.db, tx, events, result);
    return result;
  });
  settleQueue();
  return result;
}

async function writeAggregates(
  tx: Tx,
  dialect: Flavor['dialect'],
  stored: Array<{ issueId: number; event: DigestEvent }>,
): Promise<void> {
  // Distinct users: the insert returns only pairs not seen before, which are what user_count adds.
  const pairs = new Map<string, [number, string]>();
  for (const { issueId, event } of stored) {
    if (event.userKey !== null) pairs.set(`${issueId}\u0000${event.userKey}`, [issueId, event.userKey]);
  }
  const newUsers = new Map<number, number>();
  const sortedPairs = [...pairs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p);
  for (const part of chunks(sortedPairs, CHUNK)) {
    const rows = await insertFlat<{ issue_id: unknown }>(tx, dialect, USERS_INSERT, part.flat());
    for (const r of rows) newUsers.set(num(r.issue_id), (newUsers.get(num(r.issue_id)) ?? 0) + 1);
  }
  if (newUsers.size) await addToIssues(tx, 'user_count', newUsers);
  for (const part of chunks(aggregateHours(stored), CHUNK)) {
    const params: unknown[] = [];
    for (const r of part) params.push(r.issue_id, r.hour, r.count);
    await insertFlat(tx, dialect, HOURS_INSERT, params);
  }
  for (const part of chunks(aggregateTags(stored), CHUNK)) {
    const params: unknown[] = [];
    for (const r of part) params.push(r.issue_id, r.key, r.value, r.count, r.first_seen, r.last_seen);
    await insertFlat(tx, dialect, TAGS_INSERT, params);
  }
}

function outcomes(
  events: DigestEvent[],
  plan: ReturnType<typeof planBatch>,
  results: Map<string, GroupResult>,
  issueOf: Map<number, number>,
  storedBefore: Map<string, number>,
): DigestOutcome[] {
  // Only the first stored event of a group carries isNewIssue / isRegression, so alerting sends
  // one notification per issue, not one per event of the batch.
  const flagged = new Set<string>();
  const issueIdOf = (i: number): number =>
    issueOf.get(i) ??
    storedBefore.get(plan.keys[i]!) ??
    results.get(plan.groupOf[i]?.key ?? issueKey(events[i]!))?.issueId ??
    0;
  return events.map((e, i) => {
    const first = plan.repeatOf[i] ?? null;
    if (first !== null || !issueOf.has(i)) {
      return {
        queueId: e.queueId,
        eventId: e.eventId,
        issueId: issueIdOf(first ?? i),
        stored: false,
        isNewIssue: false,
        isRegression: false,
      };
    }
    const key = plan.groupOf[i]!.key;
    const r = results.get(key)!;
    const isFirst = !flagged.has(key);
    flagged.add(key);
    return {
      queueId: e.queueId,
      eventId: e.eventId,
      issueId: r.issueId,
      stored: true,
      isNewIssue: isFirst && r.isNew,
      isRegression: isFirst && r.isRegression,
    };
  });
}
