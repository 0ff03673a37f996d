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

/**
 * Opens a read-only probe on a SQLite file path or a postgres:// URL; the queue depth comes from the
 * server at `serverUrl`, since where the queue lives is the storage's business (a log on SQLite).
 */
export async function openProbe(target: string, serverUrl: string): Promise<Probe> {
  if (target.startsWith('postgres')) {
    const pool = new pg.Pool({ connectionString: target, max: 2 });
    const one = async (sql: string, args: unknown[]) => (await pool.query(sql, args)).rows[0];
    return {
      has: async (p, id) =>
        Boolean(await one('select 1 from events where project_id = $1 and event_id = $2', [p, id])),
      count: async (p) =>
        Number((await one('select count(*) as n from events where project_id = $1', [p])).n),
      queueDepth: () => serverQueueDepth(serverUrl),
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
  return {
    has: async (p, id) => has.get(p, id) !== undefined,
    count: async (p) => Number(count.get(p)),
    queueDepth: () => serverQueueDepth(serverUrl),
    bytesPerEvent: async (p) => {
      const pages = Number(db.prepare('pragma page_count').pluck().get());
      const size = Number(db.prepare('pragma page_size').pluck().get());
      return (pages * size) / Math.max(Number(count.get(p)), 1);
    },
    close: async () => {
      db.close();
    },
  };
}

/** The server's own measure of the queue (`faultline_queue_depth` on /metrics). */
async function serverQueueDepth(serverUrl: string): Promise<number> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('faultline_queue_depth '));
  if (line === undefined) throw new Error('/metrics has no faultline_queue_depth');
  return Number(line.split(' ')[1]);
}
