// The SQLite backend: better-sqlite3 (synchronous) behind Kysely's SqliteDialect.
import Sqlite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { type Flavor, sqliteFlavor } from '../flavor.js';
import { kyselyLog, type QueryListener } from '../query-log.js';
import type { Database } from '../schema.js';

// Every transaction we open writes, so take the write lock at BEGIN: a deferred BEGIN that later
// upgrades can fail with SQLITE_BUSY without waiting when another process (a CLI command next to
// the server) holds the lock; BEGIN IMMEDIATE waits for busy_timeout instead.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export interface SqliteOptions {
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
  /**
   * FULL (the default) makes every commit survive a power loss, which a connection that enqueues
   * acknowledged events needs; group commit keeps its fsync cheap. NORMAL suits a connection whose
   * commits can be redone from durable data (the digest: see digest/digest-thread.ts).
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Page cache size in MiB. */
  cacheMiB?: number;
  /**
   * WAL pages after which a commit on this connection checkpoints (SQLite's default 1,000). The
   * digest commits ≈ 3 pages per event, so with the default nearly every batch ran a checkpoint
   * that copied the same hot pages (index interiors, issue and aggregate rows) again.
   */
  walAutocheckpointPages?: number;
  /** Called after every statement (slow-query logs, plan checks in tests). */
  onQuery?: QueryListener;
}

/** Prepared statements kept per SQL text, most recently used last. */
const STATEMENT_CACHE = 128;

/**
 * Kysely's SQLite driver prepares every query anew; the digest runs the same dozen statements per
 * batch (BEGIN and COMMIT included), and preparing them again cost more than running some of them.
 * Kysely never streams here, so a cached statement is never busy when it is handed out again.
 */
function cachingStatements(raw: Sqlite.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql: string) {
      let st = cache.get(sql);
      if (st) cache.delete(sql);
      else {
        st = raw.prepare(sql);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, st);
      return st;
    },
  };
}

/** Opens (creating if needed) a SQLite database file with the settings research/limits.md §4 chose. */
export function openSqliteDatabase(
  path: string,
  opts: SqliteOptions = {},
): { db: Kysely<Database>; raw: Sqlite.Database; flavor: Flavor } {
  const raw = new Sqlite(path);
  // WAL: readers never block the writer. With synchronous=NORMAL a commit survives a process crash
  // but a power loss can drop the last commits; with FULL it survives both, and batched commits
  // make FULL cost about the same (research/limits.md §4).
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${opts.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  raw.pragma(`busy_timeout = ${Math.floor(opts.busyTimeoutMs ?? 5000)}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma(`cache_size = -${Math.floor((opts.cacheMiB ?? 32) * 1024)}`);
  raw.pragma(`wal_autocheckpoint = ${Math.floor(opts.walAutocheckpointPages ?? 1000)}`);
  raw.pragma('temp_store = MEMORY');
  // Planner statistics from a sample, so `optimize` (on open here, on close in openStorage) stays
  // cheap on a large events table; the tag-filter and issue-list plans depend on them.
  raw.pragma('analysis_limit = 1000');
  raw.pragma('optimize = 0x10002');
  const log = kyselyLog(opts.onQuery);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: cachingStatements(raw) }),
    ...(log ? { log } : {}),
  });
  return { db, raw, flavor: sqliteFlavor };
}
