// The few places where SQLite and PostgreSQL need different SQL, gathered in one object chosen when
// the storage opens (Kysely's lesson: capability flags, never `if (db === 'pg')` around the code).
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { StorageCapabilities } from './types.js';

export interface Flavor {
  readonly dialect: 'sqlite' | 'postgres';
  readonly capabilities: StorageCapabilities;
  /** Column type for epoch-ms timestamps, counts and foreign keys to ids. */
  readonly bigint: 'integer' | 'bigint';
  /** Column type for binary payloads. */
  readonly blob: 'blob' | 'bytea';
  /** Adds a time-ordered integer primary key named `id`. `reuse`: ids of deleted rows may come back. */
  addId<T extends string>(
    table: CreateTableBuilder<T>,
    opts?: { reuse?: boolean },
  ): CreateTableBuilder<T, 'id'>;
  /** Row locks for read-then-write inside a transaction (FOR UPDATE where it exists). */
  readonly rowLocks: boolean;
  /** Tables can be stored clustered on their primary key (SQLite's WITHOUT ROWID). */
  readonly clusteredTables: boolean;
  /**
   * Marks a blob column as stored without the database's own compression: queue payloads are
   * short-lived and event payloads are brotli already, so PostgreSQL's TOAST compression (pglz)
   * would only burn server CPU. SQLite never compresses: a no-op there.
   */
  // biome-ignore lint/suspicious/noExplicitAny: runs inside migrations, against any schema.
  storeBlobUncompressed(db: Kysely<any>, table: string, column: string): Promise<void>;
}

const id = (c: ColumnDefinitionBuilder) => c.primaryKey().notNull();

export const sqliteFlavor: Flavor = {
  dialect: 'sqlite',
  capabilities: { concurrentClaims: false },
  bigint: 'integer',
  blob: 'blob',
  rowLocks: false,
  clusteredTables: true,
  storeBlobUncompressed: async () => {},
  // AUTOINCREMENT keeps ids monotonic even after the newest rows are deleted (keyset cursors and
  // caches never see an id come back); the queue skips it because reuse is harmless there and the
  // sqlite_sequence update is a cost on the hottest insert.
  addId: (t, opts) => t.addColumn('id', 'integer', (c) => (opts?.reuse ? id(c) : id(c).autoIncrement())),
};

export const postgresFlavor: Flavor = {
  dialect: 'postgres',
  capabilities: { concurrentClaims: true },
  bigint: 'bigint',
  blob: 'bytea',
  rowLocks: true,
  clusteredTables: false,
  storeBlobUncompressed: async (db, table, column) => {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set storage external`.execute(
      db,
    );
  },
  addId: (t) => t.addColumn('id', 'bigserial', id),
};

/** The database handle plus its flavor, passed to every storage module. */
export interface Ctx<DB> {
  db: Kysely<DB>;
  flavor: Flavor;
}
