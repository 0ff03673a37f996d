// Migration 0002: the alert tables. Written once for both backends through the Flavor.
import type { Kysely, Migration } from 'kysely';
import type { Flavor } from './flavor.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists then.
type AnyDb = Kysely<any>;

/** Creates alert_rules, alert_windows, alert_state and alert_outbox. */
export function alertsMigration(f: Flavor): Migration {
  return {
    async up(db: AnyDb) {
      const B = f.bigint;
      await f
        .addId(db.schema.createTable('alert_rules'))
        .addColumn('project_id', B, (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('threshold', 'integer', (c) => c.notNull())
        .addColumn('window_minutes', 'integer', (c) => c.notNull())
        .addColumn('factor', 'real', (c) => c.notNull())
        .addColumn('baseline_minutes', 'integer', (c) => c.notNull())
        .addColumn('filters', 'text', (c) => c.notNull())
        .addColumn('channels', 'text', (c) => c.notNull())
        .addColumn('throttle_minutes', 'integer', (c) => c.notNull())
        .addColumn('digest_minutes', 'integer', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', B, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alert_rules_project').on('alert_rules').columns(['project_id']).execute();
      // One row per issue holding every counting scope's windows as JSON (storage/alerts-counters.ts):
      // a batch reads and writes one row per issue it touched, whatever the number of rules.
      // Counters and state carry no foreign keys: they are written in the digest transaction and
      // pruned by time; a deleted rule's state is deleted with it by the store.
      await db.schema
        .createTable('alert_windows')
        .addColumn('issue_id', B, (c) => c.primaryKey().notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_minute', B, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('alert_windows_updated')
        .on('alert_windows')
        .columns(['updated_minute'])
        .execute();
      await db.schema
        .createTable('alert_state')
        .addColumn('rule_id', B, (c) => c.notNull())
        .addColumn('issue_id', B, (c) => c.notNull())
        .addColumn('last_alert_at', B, (c) => c.notNull())
        .addPrimaryKeyConstraint('alert_state_pk', ['rule_id', 'issue_id'])
        .execute();
      await f
        .addId(db.schema.createTable('alert_outbox'))
        .addColumn('rule_id', B)
        .addColumn('project_id', B, (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('issue_id', B)
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('facts', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', B, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('group_key', 'text')
        .addColumn('lead', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', B, (c) => c.notNull())
        .addColumn('sent_at', B)
        .addColumn('capped_at', B)
        .execute();
      await db.schema
        .createIndex('alert_outbox_due')
        .on('alert_outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema.createIndex('alert_outbox_group').on('alert_outbox').columns(['group_key']).execute();
      await db.schema
        .createIndex('alert_outbox_project')
        .on('alert_outbox')
        .columns(['project_id', 'id'])
        .execute();
      await db.schema.createIndex('alert_outbox_sent').on('alert_outbox').columns(['sent_at']).execute();
    },
  };
}
