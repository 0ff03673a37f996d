// The ingest → digest queue, a table in the same database. A claim is one UPDATE … RETURNING over
// the oldest claimable rows (lease_until in the past); on PostgreSQL the inner SELECT takes
// FOR UPDATE SKIP LOCKED, so concurrent digest processes skip each other's rows instead of
// waiting. SQLite has one writer and runs write transactions as BEGIN IMMEDIATE, so a plain update
// is enough there.
import { chunks, num } from './codec.js';
import type { Ctx } from './flavor.js';
import type { Database } from './schema.js';
import type { ClaimedQueueItem, QueueItem } from './types.js';

type C = Ctx<Database>;

/** Rows per INSERT: 6 parameters each keeps us far under both backends' bind limits. */
const INSERT_CHUNK = 500;

export async function enqueue(c: C, items: QueueItem[]): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map((it) => ({
    project_id: it.projectId,
    event_id: it.eventId,
    received_at: it.receivedAt,
    payload: it.payload,
    meta: it.meta ? JSON.stringify(it.meta) : null,
  }));
  await c.db.transaction().execute(async (tx) => {
    for (const part of chunks(rows, INSERT_CHUNK)) await tx.insertInto('queue').values(part).execute();
  });
}

export async function claimQueueItems(c: C, limit: number, leaseMs: number): Promise<ClaimedQueueItem[]> {
  if (limit <= 0) return [];
  const now = Date.now();
  const rows = await c.db.transaction().execute(async (tx) => {
    let pick = tx.selectFrom('queue').select('id').where('lease_until', '<=', now).orderBy('id').limit(limit);
    if (c.flavor.capabilities.concurrentClaims) pick = pick.forUpdate().skipLocked();
    return tx
      .updateTable('queue')
      .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', pick)
      .returningAll()
      .execute();
  });
  return rows
    .map((r) => {
      const item: ClaimedQueueItem = {
        id: num(r.id),
        attempts: num(r.attempts),
        projectId: num(r.project_id),
        eventId: r.event_id,
        receivedAt: num(r.received_at),
        payload: r.payload,
      };
      if (r.meta !== null) item.meta = JSON.parse(r.meta) as NonNullable<QueueItem['meta']>;
      return item;
    })
    .sort((a, b) => a.id - b.id);
}

export async function dropQueueItems(c: C, ids: number[]): Promise<void> {
  for (const part of chunks(ids, INSERT_CHUNK))
    await c.db.deleteFrom('queue').where('id', 'in', part).execute();
}

export async function queueDepth(c: C): Promise<number> {
  const row = await c.db
    .selectFrom('queue')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return num(row.n);
}

export async function oldestQueuedAt(c: C): Promise<number | null> {
  // min() rather than the first id: one ingest batch may carry slightly out-of-order receive times.
  // The queue is bounded by back-pressure, so the scan stays small.
  const row = await c.db
    .selectFrom('queue')
    .select((eb) => eb.fn.min('received_at').as('t'))
    .executeTakeFirst();
  return row?.t === null || row?.t === undefined ? null : num(row.t);
}
