// The SQLite queue lives in a database file of its own beside the main one (`faultline-queue.db`
// beside `faultline.db`). SQLite has one write lock per file: with the queue in the main file,
// ingest's durable group commits waited for every digest transaction and the digest for every
// commit's fsync, so accept latency, not CPU, bounded throughput. Here ingest's writer is the only
// writer of the queue file and the digest only reads it.
//
// Progress is a watermark in the main database, `queue_watermark.last_id`: every queue row with an
// id at or below it is digested (or dropped). The digest advances it in the same transaction that
// stores the events, so "stored" and "no longer queued" commit together, and ingest's writer trims
// rows at or below it from the queue file in its own commits. Queue ids come from AUTOINCREMENT and
// one writer, so they only grow: a claim reads the next rows above what this handle has claimed.
// Leases and attempts are kept in this handle's memory (one digest thread per SQLite file); after a
// crash, rows above the watermark are read again, and events already stored are recognised by their
// event id and not counted twice.
import { basename, dirname, extname, join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { claimedItem, type QueueBackend } from '../queue.js';
import type { Database } from '../schema.js';
import type { ClaimedQueueItem } from '../types.js';

/** The queue file's path for a main database path: `data/faultline.db` → `data/faultline-queue.db`. */
export function queueFilePath(mainPath: string): string {
  const ext = extname(mainPath);
  return join(dirname(mainPath), `${basename(mainPath, ext)}-queue${ext}`);
}

const SCHEMA = `create table if not exists queue (
  id integer primary key autoincrement,
  project_id integer not null,
  event_id text not null,
  received_at integer not null,
  payload blob not null,
  meta text
)`;

const INSERT = 'insert into queue (project_id, event_id, received_at, payload, meta) values (?, ?, ?, ?, ?)';

type Row = {
  id: number;
  project_id: number;
  event_id: string;
  received_at: number;
  payload: Buffer;
  meta: string | null;
};

const asBuffer = (p: Uint8Array): Buffer =>
  Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);

/** Opens (creating if needed) the queue file of the main database `main` (`db` over it, at `mainPath`). */
export function openFileQueue(
  db: Kysely<Database>,
  main: Sqlite.Database,
  mainPath: string,
  opts: { synchronous: 'FULL' | 'NORMAL' },
): QueueBackend {
  const q = new Sqlite(queueFilePath(mainPath));
  // 32 KiB pages: a 2–10 KB event fits one page instead of a chain of 4 KiB overflow pages, and each
  // row is written, freed and checkpointed once; enqueue + trim cost 13–15 µs of CPU per event
  // against 23–24 µs with 4 KiB pages. Takes effect on a new file only (before the first table).
  q.pragma('page_size = 32768');
  q.pragma('journal_mode = WAL');
  q.pragma(`synchronous = ${opts.synchronous}`);
  // Ingest's writer is the only regular writer here, so waits are rare and short.
  q.pragma('busy_timeout = 5000');
  q.exec(SCHEMA);

  // The watermark belongs to the queue mechanism, not to the schema both backends share.
  // Both statements write only on first use, so later opens take no write lock.
  main.exec('create table if not exists queue_watermark (id integer primary key, last_id integer not null)');
  const readW = main.prepare<[], number>('select last_id from queue_watermark where id = 1').pluck();
  if (readW.get() === undefined) main.prepare('insert or ignore into queue_watermark values (1, 0)').run();
  const watermark = (): number => Number(readW.get() ?? 0);
  adopt(main, q, watermark());

  const insert = q.prepare(INSERT);
  const trim = q.prepare('delete from queue where id <= ?');
  const select = q.prepare<[number, number], Row>(
    'select id, project_id, event_id, received_at, payload, meta from queue where id > ? order by id limit ?',
  );
  // Depth and age without scanning the backlog (COUNT(*) over 9 KB rows blocked the event loop for
  // 9 ms at 5,000 queued): one writer and AUTOINCREMENT leave no gaps above the watermark, so the
  // top id minus the watermark is the count.
  const top = q.prepare<[], number | null>('select max(id) from queue').pluck();
  // Receive times are out of order only within one ingest commit, so the oldest is among the
  // first rows above the watermark.
  const firstAbove = q
    .prepare<[number], number | null>(
      'select min(received_at) from (select received_at from queue where id > ? order by id limit 1000)',
    )
    .pluck();

  let trimmedTo = 0;
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

  const enqueueTx = q.transaction((items: Parameters<QueueBackend['enqueue']>[0], w: number) => {
    if (w > trimmedTo) trim.run(w);
    for (const it of items) {
      insert.run(
        it.projectId,
        it.eventId,
        it.receivedAt,
        asBuffer(it.payload),
        it.meta ? JSON.stringify(it.meta) : null,
      );
    }
  });

  const backend: QueueBackend = {
    async enqueue(items) {
      if (items.length === 0) return;
      const w = watermark();
      enqueueTx.immediate(items, w);
      trimmedTo = Math.max(trimmedTo, w);
    },

    async claim(limit, leaseMs) {
      if (limit <= 0) return [];
      forgetThrough(watermark());
      const now = Date.now();
      // Rows whose lease ran out are handed out again: read from the first of them.
      let from = claimedUpTo;
      for (const [id, until] of leased) if (until <= now && id - 1 < from) from = id - 1;
      const out: ClaimedQueueItem[] = [];
      while (out.length < limit) {
        // Leased and done rows are skipped, so ask for enough rows to get past them.
        const ask = limit - out.length + leased.size + done.size;
        const rows = select.all(from, ask);
        for (const r of rows) {
          from = r.id;
          if (done.has(r.id) || (leased.get(r.id) ?? 0) > now) continue;
          const n = (attempts.get(r.id) ?? 0) + 1;
          attempts.set(r.id, n);
          leased.set(r.id, now + leaseMs);
          if (r.id > claimedUpTo) claimedUpTo = r.id;
          out.push(claimedItem(r.id, n, r));
          if (out.length === limit) break;
        }
        if (rows.length < ask) break;
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
      return Math.max(0, Number(top.get() ?? w) - w - done.size);
    },

    async oldestAt() {
      const t = firstAbove.get(watermark());
      return t === null || t === undefined ? null : Number(t);
    },

    close() {
      if (q.open) q.close();
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
 * Start-up repairs, both rare: ids must continue above the watermark even if the queue file was
 * deleted (or else new rows would count as digested), and rows left in the main database's queue
 * table by a version that kept the queue there move into the queue file.
 */
function adopt(main: Sqlite.Database, q: Sqlite.Database, w: number): void {
  const seq = Number(q.prepare("select seq from sqlite_sequence where name = 'queue'").pluck().get() ?? 0);
  if (seq < w) {
    q.transaction(() => {
      q.prepare("delete from sqlite_sequence where name = 'queue'").run();
      q.prepare("insert into sqlite_sequence (name, seq) values ('queue', ?)").run(w);
    }).immediate();
  }
  const legacy = main.prepare("select 1 from sqlite_master where type = 'table' and name = 'queue'").get();
  if (!legacy || main.prepare('select 1 from main.queue limit 1').get() === undefined) return;
  const insert = q.prepare(INSERT);
  // Under the main database's write lock, so two handles opening at once move the rows once. A
  // crash between the two commits leaves the rows in both; digest then stores each event once.
  main
    .transaction(() => {
      const rows = main
        .prepare('select project_id, event_id, received_at, payload, meta from main.queue order by id')
        .all() as Row[];
      q.transaction(() => {
        for (const r of rows) insert.run(r.project_id, r.event_id, r.received_at, r.payload, r.meta);
      }).immediate();
      main.prepare('delete from main.queue').run();
    })
    .immediate();
}
