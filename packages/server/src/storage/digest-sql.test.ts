import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { queueAndBuild } from './contract-fixtures.js';
import { EVENTS_INSERT, HOURS_INSERT, TAGS_INSERT, USERS_INSERT } from './digest.js';
import { insertText, selectStoredEvents } from './digest-sql.js';
import { openStorage } from './open-storage.js';
import type { Database } from './schema.js';

// Compile-only instances: nothing here connects.
const dialects = {
  sqlite: new Kysely<Database>({ dialect: new SqliteDialect({ database: {} as never }) }),
  postgres: new Kysely<Database>({ dialect: new PostgresDialect({ pool: {} as never }) }),
};

const row = (columns: readonly string[], k: number) =>
  Object.fromEntries(columns.map((c, i) => [c, k * 100 + i])) as never;
const rows = (columns: readonly string[], n: number) => Array.from({ length: n }, (_, k) => row(columns, k));

// What digest built through Kysely before its inserts became prebuilt text.
const kyselyText = {
  events: (db: Kysely<Database>, n: number) =>
    db
      .insertInto('events')
      .values(rows(EVENTS_INSERT.columns, n))
      .onConflict((oc) => oc.columns(['project_id', 'event_id']).doNothing())
      .returning(['project_id', 'event_id'])
      .compile().sql,
  users: (db: Kysely<Database>, n: number) =>
    db
      .insertInto('issue_users')
      .values(rows(USERS_INSERT.columns, n))
      .onConflict((oc) => oc.columns(['issue_id', 'user_key']).doNothing())
      .returning('issue_id')
      .compile().sql,
  hours: (db: Kysely<Database>, n: number) =>
    db
      .insertInto('issue_hourly_counts')
      .values(rows(HOURS_INSERT.columns, n))
      .onConflict((oc) =>
        oc.columns(['issue_id', 'hour']).doUpdateSet((eb) => ({
          count: eb('issue_hourly_counts.count', '+', eb.ref('excluded.count')),
        })),
      )
      .compile().sql,
  tags: (db: Kysely<Database>, n: number) =>
    db
      .insertInto('issue_tag_values')
      .values(rows(TAGS_INSERT.columns, n))
      .onConflict((oc) =>
        oc.columns(['issue_id', 'key', 'value']).doUpdateSet((eb) => ({
          count: eb('issue_tag_values.count', '+', eb.ref('excluded.count')),
          last_seen: sql<number>`case when excluded.${sql.ref('last_seen')} > ${sql.ref('issue_tag_values.last_seen')} then excluded.${sql.ref('last_seen')} else ${sql.ref('issue_tag_values.last_seen')} end`,
        })),
      )
      .compile().sql,
};

const shapes = { events: EVENTS_INSERT, users: USERS_INSERT, hours: HOURS_INSERT, tags: TAGS_INSERT };

describe('digest inserts as prebuilt SQL text', () => {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    for (const name of Object.keys(shapes) as Array<keyof typeof shapes>) {
      it(`${name} on ${dialect} is the text Kysely builds, for any row count`, () => {
        for (const n of [1, 2, 7, 300]) {
          expect(insertText(dialect, shapes[name], n)).toBe(kyselyText[name](dialects[dialect], n));
        }
      });
    }
  }

  it('reads stored events with the text Kysely builds', async () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      for (const ids of [['a'], ['a', 'b', 'c']]) {
        const seen: Array<{ sql: string; parameters: readonly unknown[] }> = [];
        const tx = {
          executeQuery: async (q: { sql: string; parameters: readonly unknown[] }) => {
            seen.push(q);
            return { rows: [] };
          },
        } as never;
        await selectStoredEvents(tx, dialect, 7, ids);
        const expected = dialects[dialect]
          .selectFrom('events')
          .select(['event_id', 'issue_id'])
          .where('project_id', '=', 7)
          .where('event_id', 'in', ids)
          .compile();
        expect(seen[0]?.sql).toBe(expected.sql);
        expect(seen[0]?.parameters).toEqual(expected.parameters);
      }
    }
  });

  it('inserts events on SQLite without RETURNING (one writer), and still stores every one', async () => {
    const sqls: string[] = [];
    const storage = await openStorage('sqlite::memory:', {
      migrate: true,
      onQuery: (q) => sqls.push(q.sql),
    });
    try {
      const p = (await storage.createProject({ name: 'p' })).id;
      const batch = await queueAndBuild(storage, [{ projectId: p }, { projectId: p, user: 'u' }]);
      const out = await storage.digest(batch);
      expect(out.map((o) => o.stored)).toEqual([true, true]);
      const inserts = sqls.filter((q) => q.startsWith('insert into "events"'));
      const tail = 'on conflict ("project_id", "event_id") do nothing';
      expect(inserts).toEqual([insertText('sqlite', { ...EVENTS_INSERT, tail }, 2)]);
      expect((await storage.getIssue(out[0]!.issueId))?.eventCount).toBe(2);
    } finally {
      await storage.close();
    }
  });

  it('hands out the same text again for the same shape and row count', () => {
    expect(insertText('sqlite', TAGS_INSERT, 5)).toBe(insertText('sqlite', TAGS_INSERT, 5));
    expect(insertText('sqlite', TAGS_INSERT, 5)).not.toBe(insertText('postgres', TAGS_INSERT, 5));
  });
});
