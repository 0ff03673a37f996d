// digest(): one short write transaction per batch. Everything CPU-heavy (compression, grouping
// aggregates) happens before or outside the SQL; inside, the statement count is per batch and per
// issue, not per event: ~8 statements plus one per distinct issue.
import { sql, type Transaction } from 'kysely';
import { chunks, compressPayload, num, worseLevel } from './codec.js';
import {
  aggregateHours,
  aggregateTags,
  eventKey,
  type IssueGroup,
  issueKey,
  planBatch,
} from './digest-plan.js';
import type { Ctx } from './flavor.js';
import type { Database } from './schema.js';
import type { DigestEvent, DigestOutcome, Level } from './types.js';

type C = Ctx<Database>;
type Tx = Transaction<Database>;

const CHUNK = 300;

interface GroupResult {
  issueId: number;
  isNew: boolean;
  isRegression: boolean;
}

const newerOf = (col: string) =>
  sql<number>`case when excluded.${sql.ref(col)} > ${sql.ref(`issue_tag_values.${col}`)} then excluded.${sql.ref(col)} else ${sql.ref(`issue_tag_values.${col}`)} end`;

async function upsertIssue(tx: Tx, g: IssueGroup, existing: ExistingIssue | undefined): Promise<GroupResult> {
  const n = g.members.length;
  const e = g.latest;
  if (existing) {
    // The row is locked (FOR UPDATE on PostgreSQL; SQLite's single writer), so values computed
    // here from the row we read cannot race.
    const reopen = existing.status === 'resolved';
    const newer = g.lastSeen >= existing.lastSeen;
    await tx
      .updateTable('issues')
      .set((eb) => ({
        event_count: eb('event_count', '+', n),
        first_seen: Math.min(existing.firstSeen, g.firstSeen),
        last_seen: Math.max(existing.lastSeen, g.lastSeen),
        level: worseLevel(existing.level, g.level),
        ...(newer ? { title: e.title, culprit: e.culprit } : {}),
        ...(reopen
          ? { status: 'unresolved', is_regression: 1, resolved_at: null, status_details: null }
          : {}),
      }))
      .where('id', '=', existing.id)
      .execute();
    return { issueId: existing.id, isNew: false, isRegression: reopen };
  }
  // ON CONFLICT covers another PostgreSQL digest process creating the same issue since our read.
  const row = await tx
    .insertInto('issues')
    .values({
      project_id: g.projectId,
      grouping_version: g.groupingVersion,
      grouping_hash: g.groupingHash,
      grouping_key: e.groupingKey,
      grouping_components: JSON.stringify(e.groupingComponents ?? null),
      title: e.title,
      culprit: e.culprit,
      level: g.level,
      status: 'unresolved',
      is_regression: 0,
      first_seen: g.firstSeen,
      last_seen: g.lastSeen,
      event_count: n,
      user_count: 0,
      status_details: null,
      resolved_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'grouping_version', 'grouping_hash']).doUpdateSet((eb) => ({
        event_count: eb('issues.event_count', '+', eb.ref('excluded.event_count')),
        last_seen: sql<number>`case when excluded.last_seen > issues.last_seen then excluded.last_seen else issues.last_seen end`,
      })),
    )
    .returning(['id', 'event_count'])
    .executeTakeFirstOrThrow();
  return { issueId: num(row.id), isNew: num(row.event_count) === n, isRegression: false };
}

interface ExistingIssue {
  id: number;
  status: string;
  firstSeen: number;
  lastSeen: number;
  level: Level;
}

async function readExisting(tx: Tx, events: DigestEvent[]) {
  const storedEvents = new Map<string, number>();
  const ids = [...new Set(events.map((e) => e.eventId))];
  for (const part of chunks(ids, CHUNK)) {
    const rows = await tx
      .selectFrom('events')
      .select(['project_id', 'event_id', 'issue_id'])
      .where('event_id', 'in', part)
      .execute();
    for (const r of rows) storedEvents.set(eventKey(num(r.project_id), r.event_id), num(r.issue_id));
  }
  return storedEvents;
}

async function readIssues(tx: Tx, c: C, groups: IssueGroup[]): Promise<Map<string, ExistingIssue>> {
  const out = new Map<string, ExistingIssue>();
  const hashes = [...new Set(groups.map((g) => g.groupingHash))];
  for (const part of chunks(hashes, CHUNK)) {
    let q = tx
      .selectFrom('issues')
      .select([
        'id',
        'project_id',
        'grouping_version',
        'grouping_hash',
        'status',
        'first_seen',
        'last_seen',
        'level',
      ])
      .where('grouping_hash', 'in', part)
      .orderBy('id');
    if (c.flavor.rowLocks) q = q.forUpdate();
    for (const r of await q.execute()) {
      const key = issueKey({
        projectId: num(r.project_id),
        groupingVersion: num(r.grouping_version),
        groupingHash: r.grouping_hash,
      });
      out.set(key, {
        id: num(r.id),
        status: r.status,
        firstSeen: num(r.first_seen),
        lastSeen: num(r.last_seen),
        level: r.level as Level,
      });
    }
  }
  return out;
}

/** Stores a batch of digested events; see Storage.digest. */
export async function digest(c: C, events: DigestEvent[]): Promise<DigestOutcome[]> {
  if (events.length === 0) return [];
  const payloads = events.map((e) => compressPayload(e.data));
  return c.db.transaction().execute(async (tx) => {
    const storedBefore = await readExisting(tx, events);
    const plan = planBatch(events, new Set(storedBefore.keys()));
    const existing = await readIssues(tx, c, plan.groups);

    const results = new Map<string, GroupResult>();
    const issueOf = new Map<number, number>();
    for (const g of plan.groups) {
      const r = await upsertIssue(tx, g, existing.get(g.key));
      results.set(g.key, r);
      for (const i of g.members) issueOf.set(i, r.issueId);
    }

    // Insert the new events; DO NOTHING only fires when another PostgreSQL process stored the same
    // event id since our read: such an event is then a duplicate and its issue count is given back.
    const newIdx = [...issueOf.keys()].sort((a, b) => a - b);
    const inserted = new Set<string>();
    for (const part of chunks(newIdx, CHUNK)) {
      const rows = await tx
        .insertInto('events')
        .values(
          part.map((i) => {
            const e = events[i]!;
            return {
              project_id: e.projectId,
              issue_id: issueOf.get(i)!,
              event_id: e.eventId,
              timestamp: e.timestamp,
              received_at: e.receivedAt,
              level: e.level,
              title: e.title,
              environment: e.environment,
              release: e.release,
              payload: payloads[i]!,
            };
          }),
        )
        .onConflict((oc) => oc.columns(['project_id', 'event_id']).doNothing())
        .returning(['project_id', 'event_id'])
        .execute();
      for (const r of rows) inserted.add(eventKey(num(r.project_id), r.event_id));
    }
    const lost = new Map<number, number>();
    for (const i of newIdx) {
      const e = events[i]!;
      if (inserted.has(eventKey(e.projectId, e.eventId))) continue;
      const issueId = issueOf.get(i)!;
      lost.set(issueId, (lost.get(issueId) ?? 0) + 1);
      issueOf.delete(i);
    }
    for (const [issueId, k] of lost) {
      await tx
        .updateTable('issues')
        .set((eb) => ({ event_count: eb('event_count', '-', k) }))
        .where('id', '=', issueId)
        .execute();
    }

    const stored = [...issueOf.entries()].map(([i, issueId]) => ({ issueId, event: events[i]! }));
    await writeAggregates(tx, stored);
    for (const part of chunks([...new Set(events.map((e) => e.queueId))], CHUNK)) {
      await tx.deleteFrom('queue').where('id', 'in', part).execute();
    }
    return outcomes(events, plan, results, issueOf, storedBefore);
  });
}

async function writeAggregates(
  tx: Tx,
  stored: Array<{ issueId: number; event: DigestEvent }>,
): Promise<void> {
  // Distinct users: the insert returns only pairs not seen before, which are what user_count adds.
  const pairs = new Map<string, { issue_id: number; user_key: string }>();
  for (const { issueId, event } of stored) {
    if (event.userKey !== null)
      pairs.set(`${issueId}\u0000${event.userKey}`, { issue_id: issueId, user_key: event.userKey });
  }
  const newUsers = new Map<number, number>();
  const sortedPairs = [...pairs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p);
  for (const part of chunks(sortedPairs, CHUNK)) {
    const rows = await tx
      .insertInto('issue_users')
      .values(part)
      .onConflict((oc) => oc.columns(['issue_id', 'user_key']).doNothing())
      .returning('issue_id')
      .execute();
    for (const r of rows) newUsers.set(num(r.issue_id), (newUsers.get(num(r.issue_id)) ?? 0) + 1);
  }
  for (const [issueId, k] of [...newUsers].sort((a, b) => a[0] - b[0])) {
    await tx
      .updateTable('issues')
      .set((eb) => ({ user_count: eb('user_count', '+', k) }))
      .where('id', '=', issueId)
      .execute();
  }
  for (const part of chunks(aggregateHours(stored), CHUNK)) {
    await tx
      .insertInto('issue_hourly_counts')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['issue_id', 'hour']).doUpdateSet((eb) => ({
          count: eb('issue_hourly_counts.count', '+', eb.ref('excluded.count')),
        })),
      )
      .execute();
  }
  for (const part of chunks(aggregateTags(stored), CHUNK)) {
    await tx
      .insertInto('issue_tag_values')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['issue_id', 'key', 'value']).doUpdateSet((eb) => ({
          count: eb('issue_tag_values.count', '+', eb.ref('excluded.count')),
          last_seen: newerOf('last_seen'),
        })),
      )
      .execute();
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
  const issueIdOf = (i: number): number => {
    const e = events[i]!;
    return (
      issueOf.get(i) ??
      storedBefore.get(eventKey(e.projectId, e.eventId)) ??
      results.get(issueKey(e))?.issueId ??
      0
    );
  };
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
    const key = issueKey(e);
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
