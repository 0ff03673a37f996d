// The event side of the read paths: an issue's events, one event, neighbours, hourly counts and
// tag distributions.
import { sql } from 'kysely';
import { chunks, num, toStoredEvent } from './codec.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { HOUR_MS } from './digest-plan.js';
import type { Ctx } from './flavor.js';
import { clampLimit } from './issues.js';
import type { Database } from './schema.js';
import type { HourlyCount, Page, StoredEvent } from './types.js';

type C = Ctx<Database>;

/** Events of an issue ordered by event time then id; the cursor is (timestamp, id) of the last row. */
export async function listEvents(
  c: C,
  issueId: number,
  opts?: { limit?: number; cursor?: string; order?: 'newest' | 'oldest' },
): Promise<Page<StoredEvent>> {
  const order = opts?.order ?? 'newest';
  const dir = order === 'newest' ? 'desc' : 'asc';
  const cmp = order === 'newest' ? '<' : '>';
  const limit = clampLimit(opts?.limit);
  let q = c.db.selectFrom('events').selectAll().where('issue_id', '=', issueId);
  if (opts?.cursor) {
    const pos = decodeCursor(opts.cursor, `events:${order}`);
    q = q.where((eb) =>
      eb.or([
        eb('timestamp', cmp, pos.value),
        eb.and([eb('timestamp', '=', pos.value), eb('id', cmp, pos.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('timestamp', dir)
    .orderBy('id', dir)
    .limit(limit + 1)
    .execute();
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    items: rows.slice(0, limit).map(toStoredEvent),
    nextCursor: last
      ? encodeCursor({ kind: `events:${order}`, value: num(last.timestamp), id: num(last.id) })
      : null,
  };
}

export async function getEvent(c: C, projectId: number, eventId: string): Promise<StoredEvent | undefined> {
  const row = await c.db
    .selectFrom('events')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('event_id', '=', eventId.toLowerCase())
    .executeTakeFirst();
  return row && toStoredEvent(row);
}

export async function getEventById(c: C, id: number): Promise<StoredEvent | undefined> {
  const row = await c.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStoredEvent(row);
}

/** Row ids of the events just older (`previous`) and just newer (`next`) in the issue's time order. */
export async function adjacentEvents(
  c: C,
  issueId: number,
  eventRowId: number,
): Promise<{ previous: number | null; next: number | null }> {
  const self = await c.db
    .selectFrom('events')
    .select(['timestamp', 'id'])
    .where('id', '=', eventRowId)
    .where('issue_id', '=', issueId)
    .executeTakeFirst();
  if (!self) return { previous: null, next: null };
  const t = num(self.timestamp);
  const side = async (cmp: '<' | '>', dir: 'asc' | 'desc') => {
    const row = await c.db
      .selectFrom('events')
      .select('id')
      .where('issue_id', '=', issueId)
      // A row-value comparison is one range on the (issue_id, timestamp, id) index on both
      // backends, so LIMIT 1 reads one entry; the equivalent OR filtered every newer (or older)
      // event of the issue first, which on a busy issue is most of it.
      .where((eb) => eb(eb.refTuple('timestamp', 'id'), cmp, eb.tuple(t, eventRowId)))
      .orderBy('timestamp', dir)
      .orderBy('id', dir)
      .limit(1)
      .executeTakeFirst();
    return row ? num(row.id) : null;
  };
  return { previous: await side('<', 'desc'), next: await side('>', 'asc') };
}

/** Non-empty hours of an issue from the hour containing `sinceMs`, oldest first (empty hours omitted). */
export async function hourlyCounts(c: C, issueId: number, sinceMs: number): Promise<HourlyCount[]> {
  const rows = await c.db
    .selectFrom('issue_hourly_counts')
    .select(['hour', 'count'])
    .where('issue_id', '=', issueId)
    .where('hour', '>=', Math.floor(sinceMs / HOUR_MS) * HOUR_MS)
    .orderBy('hour')
    .execute();
  return rows.map((r) => ({ hour: num(r.hour), count: num(r.count) }));
}

/** Hourly counts of several issues at once, keyed by issue id (ids with no counts map to []). */
export async function hourlyCountsForIssues(
  c: C,
  issueIds: number[],
  sinceMs: number,
): Promise<Record<number, HourlyCount[]>> {
  const out: Record<number, HourlyCount[]> = {};
  for (const id of issueIds) out[id] = [];
  for (const part of chunks([...new Set(issueIds)], 500)) {
    const rows = await c.db
      .selectFrom('issue_hourly_counts')
      .select(['issue_id', 'hour', 'count'])
      .where('issue_id', 'in', part)
      .where('hour', '>=', Math.floor(sinceMs / HOUR_MS) * HOUR_MS)
      .orderBy('issue_id')
      .orderBy('hour')
      .execute();
    for (const r of rows) out[num(r.issue_id)]!.push({ hour: num(r.hour), count: num(r.count) });
  }
  return out;
}

/** Top values per tag key by count (ties by value), using a window function both backends have. */
export async function tagDistribution(
  c: C,
  issueId: number,
  limitPerKey = 10,
): Promise<Record<string, Array<[string, number]>>> {
  const ranked = c.db
    .selectFrom('issue_tag_values')
    .select([
      'key',
      'value',
      'count',
      sql<number>`row_number() over (partition by key order by count desc, value)`.as('rank'),
    ])
    .where('issue_id', '=', issueId)
    .as('r');
  const rows = await c.db
    .selectFrom(ranked)
    .select(['r.key', 'r.value', 'r.count'])
    .where('r.rank', '<=', Math.max(1, Math.floor(limitPerKey)))
    .orderBy('r.key')
    .orderBy('r.count', 'desc')
    .orderBy('r.value')
    .execute();
  const out: Record<string, Array<[string, number]>> = {};
  for (const r of rows) {
    const list = out[r.key] ?? [];
    list.push([r.value, num(r.count)]);
    out[r.key] = list;
  }
  return out;
}
