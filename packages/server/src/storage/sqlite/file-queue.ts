// The SQLite queue lives outside the main database, as an append-only log of segment files in a
// directory beside it (`faultline-queue/` beside `faultline.db`; segment-log.ts, log-writer.ts).
// SQLite has one write lock per file: with the queue in the main file, ingest's durable group
// commits waited for every digest transaction and the digest for every commit's fsync. A queue
// database of its own fixed that but wrote every payload twice (WAL, then checkpoint) plus page
// churn from trimming; the log writes it once, with one fdatasync per group commit. Ingest's writer
// is the only writer of the log and the digest only reads it.
//
// Progress is a watermark in the main database, `queue_watermark.last_id`: every queue row with an
// id at or below it is digested (or dropped). The digest advances it in the same transaction that
// stores the events, so "stored" and "no longer queued" commit together, and ingest's writer deletes
// the segments wholly at or below it on a later append. Ids come from one writer and only grow, and
// there are no gaps above the watermark: a claim reads the next rows above what this handle has
// claimed, and depth is the top id minus the watermark. Leases and attempts are kept in this handle's
// memory (one digest thread per SQLite file); after a crash, rows above the watermark are read again,
// and events already stored are recognised by their event id and not counted twice.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { claimedItem, type QueueBackend } from '../queue.js';
import type { Database } from '../schema.js';
import type { ClaimedQueueItem } from '../types.js';
import { LogWriter, SEGMENT_BYTES } from './log-writer.js';
import { adoptOldQueues } from './queue-adopt.js';
import { LogReader } from './segment-log.js';

/** The queue log's directory for a main database path: `data/faultline.db` → `data/faultline-queue`. */
export function queueDirPath(mainPath: string): string {
  return join(dirname(mainPath), `${basename(mainPath, extname(mainPath))}-queue`);
}

/**
 * The SQLite queue file earlier versions kept (`data/faultline.db` → `data/faultline-queue.db`);
 * opening moves its rows into the log and deletes it.
 */
export function queueFilePath(mainPath: string): string {
  const ext = extname(mainPath);
  return join(dirname(mainPath), `${basename(mainPath, ext)}-queue${ext}`);
}

/** Opens (creating if needed) the queue of the main database `main` (`db` over it, at `mainPath`). */
export function openFileQueue(
  db: Kysely<Database>,
  main: Sqlite.Database,
  mainPath: string,
  opts: { synchronous: 'FULL' | 'NORMAL'; segmentBytes?: number },
): QueueBackend {
  const dir = queueDirPath(mainPath);
  const writerOpts = { sync: opts.synchronous === 'FULL', segmentBytes: opts.segmentBytes ?? SEGMENT_BYTES };

  // The watermark belongs to the queue mechanism, not to the schema both backends share.
  // Both statements write only on first use, so later opens take no write lock.
  main.exec('create table if not exists queue_watermark (id integer primary key, last_id integer not null)');
  const readW = main.prepare<[], number>('select last_id from queue_watermark where id = 1').pluck();
  if (readW.get() === undefined) main.prepare('insert or ignore into queue_watermark values (1, 0)').run();
  const watermark = (): number => Number(readW.get() ?? 0);
  adoptOldQueues(main, queueFilePath(mainPath), dir, watermark, writerOpts);

  const reader = new LogReader(dir);
  // Only the handle that enqueues opens the log for writing (and repairs its tail).
  let writer: LogWriter | undefined;

  // This handle's claims: leased rows (id → lease end), rows done above the watermark (a row below
  // them is still leased), attempts per row, and the highest id handed out.
  const leased = new Map<number, number>();
  const done = new Set<number>();
  const attempts = new Map<number, number>();
  let claimedUpTo = 0;

  const forgetThrough = (w: number) => {
    for (const id of leased.keys()) if (id <= w) leased.delete(id);
    for (const id of done) if (id <= w) done.delete(id);
    for (const id of attempts.keys()) if (id <= w) attempts.delete(id);
    if (claimedUpTo < w) claimedUpTo = w;
  };

  const backend: QueueBackend = {
    async enqueue(items) {
      if (items.length === 0) return;
      const w = watermark();
      writer ??= new LogWriter(dir, writerOpts);
      writer.append(items, w + 1);
      writer.trim(w, () => syncWal(mainPath));
    },

    async claim(limit, leaseMs) {
      if (limit <= 0) return [];
      const w = watermark();
      forgetThrough(w);
      const now = Date.now();
      // Rows whose lease ran out are handed out again: read from the first of them.
      let from = claimedUpTo;
      for (const [id, until] of leased) if (until <= now && id - 1 < from) from = id - 1;
      const out: ClaimedQueueItem[] = [];
      for (const r of reader.rowsAfter(from, w)) {
        if (done.has(r.id) || (leased.get(r.id) ?? 0) > now) continue;
        const n = (attempts.get(r.id) ?? 0) + 1;
        attempts.set(r.id, n);
        leased.set(r.id, now + leaseMs);
        if (r.id > claimedUpTo) claimedUpTo = r.id;
        out.push(claimedItem(r.id, n, r));
        if (out.length === limit) break;
      }
      return out;
    },

    async drop(ids) {
      if (ids.length === 0) return;
      // Through Kysely, so the update waits for a transaction in flight on this connection.
      const settleLater = await db.transaction().execute((tx) => backend.markDone(tx, ids));
      settleLater();
    },

    async markDone(tx, ids) {
      const w = watermark();
      const next = advance(ids, w);
      if (next > w) {
        await tx
          .updateTable('queue_watermark')
          .set({ last_id: next })
          .where('id', '=', 1)
          .where('last_id', '<', next)
          .execute();
      }
      return () => settle(ids, next);
    },

    async depth() {
      // Rows this handle finished above the watermark are not waiting any more (other handles
      // cannot know them and count them until the watermark passes).
      const w = watermark();
      forgetThrough(w);
      return Math.max(0, reader.top(w) - w - done.size);
    },

    async oldestAt() {
      return reader.oldestAfter(watermark());
    },

    close() {
      reader.close();
      writer?.close();
    },
  };

  /** The watermark once `ids` are done: just below the lowest row still leased, else the top. */
  function advance(ids: number[], w: number): number {
    const finishing = new Set(ids);
    let next = claimedUpTo;
    for (const id of leased.keys()) if (!finishing.has(id) && id - 1 < next) next = id - 1;
    return Math.max(next, w);
  }

  /** After the commit: the rows are no longer leased, and what the watermark passed is forgotten. */
  function settle(ids: number[], w: number): void {
    for (const id of ids) {
      if (!leased.delete(id)) continue;
      if (id > w) done.add(id);
    }
    forgetThrough(w);
  }

  return backend;
}

/**
 * Makes the main database's committed transactions durable: the digest commits with
 * synchronous=NORMAL, so its last watermark may sit unsynced in the WAL until a checkpoint. Without
 * a WAL file everything committed is in the database file, which checkpoints sync.
 */
export function syncWal(mainPath: string): void {
  let fd: number;
  try {
    fd = openSync(`${mainPath}-wal`, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
