// Start-up migration of queues earlier versions kept, both rare: the SQLite queue file
// (`faultline-queue.db`, before the log) and the main database's `queue` table (before that). Rows
// above the watermark move into the log with ids above both the watermark and the log's top, so no
// id above the watermark is left unused (depth is the top id minus the watermark).
import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { QueueItem } from '../types.js';
import { LogWriter, type LogWriterOptions, syncDir } from './log-writer.js';

type Row = {
  project_id: number;
  event_id: string;
  received_at: number;
  payload: Buffer;
  meta: string | null;
};

/** Rows per frame while moving: bounds memory whatever the backlog. */
const MOVE_BATCH = 500;
/** How long to wait for the main database's write lock (handles may open with busy_timeout 0). */
const LOCK_WAIT_MS = 10_000;

const toItem = (r: Row): QueueItem => ({
  projectId: Number(r.project_id),
  eventId: r.event_id,
  receivedAt: Number(r.received_at),
  payload: r.payload,
  ...(r.meta === null ? {} : { meta: JSON.parse(r.meta) as NonNullable<QueueItem['meta']> }),
});

/** Moves rows of the old queue file and the legacy queue table into the log at `dir`. */
export function adoptOldQueues(
  main: Sqlite.Database,
  oldFile: string,
  dir: string,
  watermark: () => number,
  opts: LogWriterOptions,
): void {
  const legacyTable = (): boolean =>
    main.prepare("select 1 from sqlite_master where type = 'table' and name = 'queue'").get() !== undefined &&
    main.prepare('select 1 from main.queue limit 1').get() !== undefined;
  if (!existsSync(oldFile) && !legacyTable()) return;
  // Under the main database's write lock, so two handles opening at once move the rows once. A
  // crash between appending and deleting the source leaves the rows in both; digest then stores
  // each event once (it recognises event ids already stored).
  withWriteLock(main, () => {
    // Always durable: the source is deleted right after.
    const writer = new LogWriter(dir, { ...opts, sync: true });
    try {
      const w = watermark();
      if (existsSync(oldFile)) {
        const q = new Sqlite(oldFile);
        try {
          const hasTable = q
            .prepare("select 1 from sqlite_master where type = 'table' and name = 'queue'")
            .get();
          if (hasTable) {
            const rows = q
              .prepare<[number], Row>(
                'select project_id, event_id, received_at, payload, meta from queue where id > ? order by id',
              )
              .iterate(w);
            move(writer, rows, w);
          }
        } finally {
          q.close();
        }
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(oldFile + suffix, { force: true });
        syncDir(dirname(oldFile));
      }
      if (legacyTable()) {
        const rows = main
          .prepare<[], Row>(
            'select project_id, event_id, received_at, payload, meta from main.queue order by id',
          )
          .iterate();
        move(writer, rows, w);
        main.prepare('delete from main.queue').run();
      }
    } finally {
      writer.close();
    }
  });
}

function move(writer: LogWriter, rows: Iterable<Row>, w: number): void {
  let batch: QueueItem[] = [];
  for (const r of rows) {
    batch.push(toItem(r));
    if (batch.length === MOVE_BATCH) {
      writer.append(batch, w + 1);
      batch = [];
    }
  }
  if (batch.length > 0) writer.append(batch, w + 1);
}

/** Runs `fn` in an immediate transaction of `main`, waiting for the lock even with busy_timeout 0. */
function withWriteLock(main: Sqlite.Database, fn: () => void): void {
  const tx = main.transaction(fn);
  const until = Date.now() + LOCK_WAIT_MS;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      tx.immediate();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw error;
      Atomics.wait(nap, 0, 0, 2);
    }
  }
}
