// The ingest → digest queue as a table in the same database (PostgreSQL, and SQLite in memory). A
// claim is one UPDATE … RETURNING over the oldest claimable rows (lease_until in the past); on
// PostgreSQL the inner SELECT takes FOR UPDATE SKIP LOCKED, so concurrent digest processes skip each
// other's rows instead of waiting. A file-backed SQLite database keeps its queue in a file of its
// own instead (sqlite/file-queue.ts); both implement QueueBackend.
import type { Transaction } from 'kysely';
import { chunks, num } from './codec.js';
import type { Ctx } from './flavor.js';
import type { Database } from './schema.js';
import type { ClaimedQueueItem, QueueItem } from './types.js';

/** Where queued items live, and how the digest marks them done. */
export interface QueueBackend {
  enqueue(items: QueueItem[]): Promise<void>;
  claim(limit: number, leaseMs: number): Promise<ClaimedQueueItem[]>;
  drop(ids: number[]): Promise<void>;
  /**
   * Marks items digested inside the digest's transaction, so they leave the queue exactly when
   * their events are stored; returns what to do once that transaction has committed.
   */
  markDone(tx: Transaction<Database>, ids: number[]): Promise<() => void>;
  depth(): Promise<number>;
  oldestAt(): Promise<number | null>;
  close(): void;
}

type C = Pick<Ctx<Database>, 'db' | 'flavor'>;

/** Rows per INSERT: 6 parameters each keeps us far under both backends' bind limits. */
const INSERT_CHUNK = 500;
const noop = () => {};

/** The queue as the `queue` table of the main database. */
export function tableQueue(c: C): QueueBackend {
  return {
    async enqueue(items) {
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
    },

    async claim(limit, leaseMs) {
      if (limit <= 0) return [];
      const now = Date.now();
      const rows = await c.db.transaction().execute(async (tx) => {
        let pick = tx
          .selectFrom('queue')
          .select('id')
          .where('lease_until', '<=', now)
          .orderBy('id')
          .limit(limit);
        if (c.flavor.capabilities.concurrentClaims) pick = pick.forUpdate().skipLocked();
        return tx
          .updateTable('queue')
          .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
          .where('id', 'in', pick)
          .returningAll()
          .execute();
      });
      return rows
        .map((r) =>
          claimedItem(num(r.id), num(r.attempts), {
            project_id: r.project_id,
            event_id: r.event_id,
            received_at: r.received_at,
            payload: r.payload,
            meta: r.meta,
          }),
        )
        .sort((a, b) => a.id - b.id);
    },

    async drop(ids) {
      for (const part of chunks(ids, INSERT_CHUNK))
        await c.db.deleteFrom('queue').where('id', 'in', part).execute();
    },

    async markDone(tx, ids) {
      for (const part of chunks([...new Set(ids)], INSERT_CHUNK))
        await tx.deleteFrom('queue').where('id', 'in', part).execute();
      return noop;
    },

    async depth() {
      const row = await c.db
        .selectFrom('queue')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },

    async oldestAt() {
      // min() rather than the first id: one ingest batch may carry slightly out-of-order receive
      // times. The queue is bounded by back-pressure, so the scan stays small.
      const row = await c.db
        .selectFrom('queue')
        .select((eb) => eb.fn.min('received_at').as('t'))
        .executeTakeFirst();
      return row?.t === null || row?.t === undefined ? null : num(row.t);
    },

    close: noop,
  };
}

/** A claimed item from a queue row's columns. */
export function claimedItem(
  id: number,
  attempts: number,
  r: {
    project_id: unknown;
    event_id: string;
    received_at: unknown;
    payload: Uint8Array;
    meta: string | null;
  },
): ClaimedQueueItem {
  const item: ClaimedQueueItem = {
    id,
    attempts,
    projectId: num(r.project_id),
    eventId: r.event_id,
    receivedAt: num(r.received_at),
    payload: r.payload,
  };
  if (r.meta !== null) item.meta = JSON.parse(r.meta) as NonNullable<QueueItem['meta']>;
  return item;
}
