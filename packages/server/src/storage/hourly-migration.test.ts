import { tempDir } from '@faultline/test-utils';
import { type MigrationProvider, Migrator } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, T0 } from './contract-fixtures.js';
import { migrations } from './migrations.js';
import { openStorage } from './open-storage.js';
import { openSqliteDatabase } from './sqlite/open.js';

const dir = tempDir('fl-hourly-migration-');
afterAll(() => dir.remove());

describe('migration 0003 on SQLite', () => {
  it('rebuilds issue_hourly_counts WITHOUT ROWID keeping every row, and cascades still work', async () => {
    const path = `${dir.path}/m.sqlite`;
    const { db, raw, flavor } = openSqliteDatabase(path);
    const provider: MigrationProvider = { getMigrations: async () => migrations(flavor) };
    const { error } = await new Migrator({ db, provider }).migrateTo('0002_alerts');
    expect(error).toBeUndefined();
    await db.destroy();
    raw.close();

    // Data written by the old schema (the digest code is the same for both table shapes).
    const old = await openStorage(`sqlite:${path}`);
    const p = (await old.createProject({ name: 'p' })).id;
    const outs = await ingest(old, [
      { projectId: p, timestamp: T0 },
      { projectId: p, timestamp: T0 + 3_600_000 },
      { projectId: p, timestamp: T0 + 3_600_001 },
    ]);
    await old.close();

    const s = await openStorage(`sqlite:${path}`, { migrate: true });
    try {
      const id = outs[0]!.issueId;
      expect(await s.hourlyCounts(id, T0)).toEqual([
        { hour: T0, count: 1 },
        { hour: T0 + 3_600_000, count: 2 },
      ]);
      const check = openSqliteDatabase(path);
      const ddl = check.raw
        .prepare("select sql from sqlite_master where name = 'issue_hourly_counts'")
        .get() as { sql: string };
      expect(ddl.sql.toLowerCase()).toContain('without rowid');
      await check.db.destroy();
      check.raw.close();
      await ingest(s, [{ projectId: p, timestamp: T0 + 10 }]);
      expect((await s.hourlyCounts(id, T0))[0]).toEqual({ hour: T0, count: 2 });
      await s.deleteIssue(id);
      expect(await s.hourlyCounts(id, T0)).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
