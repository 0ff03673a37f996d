import { createTestDatabase, requirePostgres } from '@faultline/test-utils';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runStorageContract } from './contract-suite.js';
import { openStorage } from './open-storage.js';

const provided = inject('postgres');
// Fails this file under CI=true or when the cluster broke; null only for missing binaries locally.
const serverUrl = requirePostgres(provided);

if (serverUrl) {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let admin: pg.Client | undefined;
  let tables = '';
  beforeAll(async () => {
    // One database per test file (files run in parallel); tests in it start from truncated tables.
    db = await createTestDatabase(serverUrl);
    const s = await openStorage(db.url, { migrate: true });
    await s.close();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const res = await admin.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'",
    );
    tables = res.rows.map((r) => `"${r.tablename}"`).join(', ');
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  runStorageContract('postgres storage', async () => {
    await admin!.query(`truncate ${tables} restart identity cascade`);
    const url = db!.url;
    const storage = await openStorage(url, { poolSize: 4 });
    return { storage, connect: () => openStorage(url, { poolSize: 4 }) };
  });
} else {
  describe('postgres storage', () => {
    it('is not run: PostgreSQL binaries are missing on this machine (see the warning above)', () => {
      expect(provided.missingBinaries).toBe(true);
    });
  });
}
