// Schema migrations, in code, one list for both backends: the SQL differences (id column, blob
// and bigint types) come from the Flavor, so each migration is written once.
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { alertsMigration } from './alerts-migration.js';
import { StorageError } from './errors.js';
import type { Flavor } from './flavor.js';
import { hourlyCountsMigration } from './hourly-migration.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists then.
type AnyDb = Kysely<any>;

function initial(f: Flavor): Migration {
  return {
    async up(db: AnyDb) {
      const B = f.bigint;
      await f
        .addId(db.schema.createTable('projects'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', B, (c) => c.notNull())
        .execute();
      await f
        .addId(db.schema.createTable('project_keys'))
        .addColumn('project_id', B, (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('public_key', 'text', (c) => c.notNull().unique())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('rate_limit_per_minute', 'integer')
        .addColumn('revoked_at', B)
        .addColumn('created_at', B, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('project_keys_project')
        .on('project_keys')
        .columns(['project_id', 'id'])
        .execute();
      await f
        .addId(db.schema.createTable('users'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', B, (c) => c.notNull())
        .addColumn('disabled_at', B)
        .execute();
      await db.schema
        .createTable('project_members')
        .addColumn('project_id', B, (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('user_id', B, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', B, (c) => c.notNull())
        .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('project_members_user')
        .on('project_members')
        .columns(['user_id'])
        .execute();
      await f
        .addId(db.schema.createTable('api_tokens'))
        .addColumn('user_id', B, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', B, (c) => c.notNull())
        .addColumn('last_used_at', B)
        .addColumn('revoked_at', B)
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id']).execute();

      // The queue has no foreign keys: ingest's durable insert stays a plain append.
      await f
        .addId(db.schema.createTable('queue'), { reuse: true })
        .addColumn('project_id', B, (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('received_at', B, (c) => c.notNull())
        .addColumn('payload', f.blob, (c) => c.notNull())
        .addColumn('meta', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lease_until', B, (c) => c.notNull().defaultTo(0))
        .execute();
      await f.storeBlobUncompressed(db, 'queue', 'payload');

      await f
        .addId(db.schema.createTable('issues'))
        .addColumn('project_id', B, (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('grouping_version', 'integer', (c) => c.notNull())
        .addColumn('grouping_hash', 'text', (c) => c.notNull())
        .addColumn('grouping_key', 'text', (c) => c.notNull())
        .addColumn('grouping_components', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('culprit', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('is_regression', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_seen', B, (c) => c.notNull())
        .addColumn('last_seen', B, (c) => c.notNull())
        .addColumn('event_count', B, (c) => c.notNull())
        .addColumn('user_count', B, (c) => c.notNull().defaultTo(0))
        .addColumn('status_details', 'text')
        .addColumn('resolved_at', B)
        .addUniqueConstraint('issues_grouping', ['project_id', 'grouping_version', 'grouping_hash'])
        .execute();
      // One index per sort of the issue list, led by project (every list is scoped to projects) and
      // ending in id, the keyset tie-breaker. The default view (unresolved, last seen) gets status too.
      const issueIdx = [
        ['issues_last_seen', ['project_id', 'status', 'last_seen', 'id']],
        ['issues_first_seen', ['project_id', 'first_seen', 'id']],
        ['issues_event_count', ['project_id', 'event_count', 'id']],
        ['issues_user_count', ['project_id', 'user_count', 'id']],
      ] as const;
      for (const [name, cols] of issueIdx) {
        await db.schema
          .createIndex(name)
          .on('issues')
          .columns([...cols])
          .execute();
      }

      await f
        .addId(db.schema.createTable('events'))
        .addColumn('project_id', B, (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('issue_id', B, (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('timestamp', B, (c) => c.notNull())
        .addColumn('received_at', B, (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('environment', 'text')
        .addColumn('release', 'text')
        .addColumn('payload', f.blob, (c) => c.notNull())
        .addUniqueConstraint('events_event_id', ['project_id', 'event_id'])
        .execute();
      await f.storeBlobUncompressed(db, 'events', 'payload');
      // Events of an issue in time order (newest/oldest pages, previous/next), and retention by time.
      await db.schema
        .createIndex('events_issue_time')
        .on('events')
        .columns(['issue_id', 'timestamp', 'id'])
        .execute();
      await db.schema.createIndex('events_time').on('events').columns(['timestamp', 'id']).execute();

      // Per-issue tag aggregates instead of per-event tag rows: the read paths (tag filters on the
      // issue list, tag distributions on the issue page) are per issue, and aggregates cost one
      // upsert per (issue, key, value) per batch instead of ~10 rows per event.
      await db.schema
        .createTable('issue_tag_values')
        .addColumn('issue_id', B, (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('count', B, (c) => c.notNull())
        .addColumn('first_seen', B, (c) => c.notNull())
        .addColumn('last_seen', B, (c) => c.notNull())
        .addPrimaryKeyConstraint('issue_tag_values_pk', ['issue_id', 'key', 'value'])
        .execute();
      // Tag filter: issues having key=value, found from the tag side when the pair is selective.
      await db.schema
        .createIndex('issue_tag_values_lookup')
        .on('issue_tag_values')
        .columns(['key', 'value', 'issue_id'])
        .execute();
      await db.schema
        .createTable('issue_users')
        .addColumn('issue_id', B, (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('issue_users_pk', ['issue_id', 'user_key'])
        .execute();
      await db.schema
        .createTable('issue_hourly_counts')
        .addColumn('issue_id', B, (c) => c.notNull().references('issues.id').onDelete('cascade'))
        .addColumn('hour', B, (c) => c.notNull())
        .addColumn('count', B, (c) => c.notNull())
        .addPrimaryKeyConstraint('issue_hourly_counts_pk', ['issue_id', 'hour'])
        .execute();
      await db.schema
        .createIndex('issue_hourly_counts_hour')
        .on('issue_hourly_counts')
        .columns(['hour'])
        .execute();
    },
  };
}

/** Every migration, in order; names sort lexically, as Kysely's Migrator requires. */
export function migrations(f: Flavor): Record<string, Migration> {
  return {
    '0001_initial': initial(f),
    '0002_alerts': alertsMigration(f),
    '0003_hourly_counts_covering': hourlyCountsMigration(f),
  };
}

/** Brings the schema up to date. */
export async function migrateToLatest(db: AnyDb, f: Flavor): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(f) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageError('FL_STORAGE_MIGRATION_FAILED', `migration ${failed} failed`, { cause: error });
  }
}

/** Used by ping(): a query every backend answers without touching a table. */
export const pingQuery = sql<{ one: number }>`select 1 as one`;
