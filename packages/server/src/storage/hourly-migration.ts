// Migration 0003: issue_hourly_counts read from one index alone. Charts read thousands of these
// rows per issue list, and on SQLite the rows lay scattered across table pages behind the primary
// key index. SQLite: the table is rebuilt WITHOUT ROWID, so the (issue_id, hour) primary key IS the
// table and holds count: covering, with no second b-tree to update on every digest. PostgreSQL
// (heap tables): a covering index (issue_id, hour, count) allows index-only scans; its price is
// that count updates are no longer HOT, one more index entry written per (issue, hour) per batch.
import { type Kysely, type Migration, sql } from 'kysely';
import type { Flavor } from './flavor.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists then.
type AnyDb = Kysely<any>;

/** Makes the hourly counts' (issue_id, hour) lookups index-only. */
export function hourlyCountsMigration(f: Flavor): Migration {
  return {
    async up(db: AnyDb) {
      if (!f.clusteredTables) {
        await db.schema
          .createIndex('issue_hourly_counts_covering')
          .on('issue_hourly_counts')
          .columns(['issue_id', 'hour', 'count'])
          .execute();
        return;
      }
      const B = f.bigint;
      await db.schema
        .createTable('issue_hourly_counts_new')
        .addColumn('issue_id', B, (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('hour', B, (c) => c.notNull())
        .addColumn('count', B, (c) => c.notNull())
        .addPrimaryKeyConstraint('issue_hourly_counts_pk', ['issue_id', 'hour'])
        .modifyEnd(sql`without rowid`)
        .execute();
      await sql`insert into issue_hourly_counts_new (issue_id, hour, count) select issue_id, hour, count from issue_hourly_counts`.execute(
        db,
      );
      await db.schema.dropTable('issue_hourly_counts').execute();
      await db.schema.alterTable('issue_hourly_counts_new').renameTo('issue_hourly_counts').execute();
      await db.schema
        .createIndex('issue_hourly_counts_hour')
        .on('issue_hourly_counts')
        .columns(['hour'])
        .execute();
    },
  };
}
