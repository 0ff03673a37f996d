import { createTestDatabase, requirePostgres, tempDir } from '@faultline/test-utils';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openStorage } from '../storage/open-storage.js';
import { removeTempDirs } from './test-alerts.js';
import { runAlertStoreContract } from './test-store-contract.js';

const dir = tempDir('fl-alert-store-');
afterAll(() => {
  dir.remove();
  removeTempDirs();
});
let n = 0;
runAlertStoreContract('alert store on SQLite', () =>
  openStorage(`sqlite:${dir.path}/s-${++n}.sqlite`, { migrate: true }),
);

const serverUrl = requirePostgres(inject('postgres'));
if (serverUrl) {
  const made: Array<Awaited<ReturnType<typeof createTestDatabase>>> = [];
  afterAll(async () => {
    for (const d of made) await d.drop();
  });
  // One database per test: each test wants an empty storage.
  runAlertStoreContract('alert store on PostgreSQL', async () => {
    const fresh = await createTestDatabase(serverUrl);
    made.push(fresh);
    return openStorage(fresh.url, { migrate: true, poolSize: 2 });
  });
} else {
  describe('alert store on PostgreSQL', () => {
    it('is not run: PostgreSQL binaries are missing on this machine (see the warning above)', () => {
      expect(serverUrl).toBeNull();
    });
  });
}
