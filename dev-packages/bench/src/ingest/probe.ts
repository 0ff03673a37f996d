// Reads the server's database from the outside, the way a user's query would see it: is an event
// stored yet, how many are, and how many bytes the database spends per event.
import Database from 'better-sqlite3';
import pg from 'pg';

export interface Probe {
  has(projectId: number, eventId: string): Promise<boolean>;
  count(projectId: number): Promise<number>;
  /** Rows waiting in the ingest → digest queue. */
  queueDepth(): Promise<number>;
  bytesPerEvent(projectId: number): Promise<number>;
  close(): Promise<void>;
}

/** Opens a read-only probe on a SQLite file path or a postgres:// URL. */
export async function openProbe(target: string): Promise<Probe> {
  if (target.startsWith('postgres')) {
    const pool = new pg.Pool({ connectionString: target, max: 2 });
    const one = async (sql: string, args: unknown[]) => (await pool.query(sql, args)).rows[0];
    return {
      has: async (p, id) =>
        Boolean(await one('select 1 from events where project_id = $1 and event_id = $2', [p, id])),
      count: async (p) =>
        Number((await one('select count(*) as n from events where project_id = $1', [p])).n),
      queueDepth: async () => Number((await one('select count(*) as n from queue', [])).n),
      bytesPerEvent: async (p) => {
        const n = Number((await one('select count(*) as n from events where project_id = $1', [p])).n);
        const size = Number((await one('select pg_database_size(current_database()) as s', [])).s);
        return size / Math.max(n, 1);
      },
      close: () => pool.end(),
    };
  }
  const db = new Database(target, { readonly: true, fileMustExist: true });
  const has = db.prepare('select 1 from events where project_id = ? and event_id = ?').pluck();
  const count = db.prepare('select count(*) from events where project_id = ?').pluck();
  // SQLite keeps the queue in a file of its own; rows up to the main file's watermark are digested.
  const queueFile = target.replace(/(\.[^./]*)?$/, (ext) => `-queue${ext}`);
  const qdb = new Database(queueFile, { readonly: true, fileMustExist: true });
  const watermark = db.prepare('select last_id from queue_watermark where id = 1').pluck();
  const depthAbove = qdb.prepare('select count(*) from queue where id > ?').pluck();
  const depth = { get: () => depthAbove.get(Number(watermark.get() ?? 0)) };
  return {
    has: async (p, id) => has.get(p, id) !== undefined,
    count: async (p) => Number(count.get(p)),
    queueDepth: async () => Number(depth.get()),
    bytesPerEvent: async (p) => {
      const pages = Number(db.prepare('pragma page_count').pluck().get());
      const size = Number(db.prepare('pragma page_size').pluck().get());
      return (pages * size) / Math.max(Number(count.get(p)), 1);
    },
    close: async () => {
      qdb.close();
      db.close();
    },
  };
}
