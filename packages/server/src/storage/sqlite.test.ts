import { tempDir } from '@faultline/test-utils';
import { afterAll } from 'vitest';
import { runStorageContract } from './contract-suite.js';
import { openStorage } from './open-storage.js';

const dir = tempDir('fl-storage-sqlite-');
afterAll(() => dir.remove());
let n = 0;

// A real database file per test, in a temp dir, with WAL on: the same code path as production.
runStorageContract('sqlite storage', async () => {
  const url = `sqlite:${dir.path}/db-${++n}.sqlite`;
  const storage = await openStorage(url, { migrate: true });
  return { storage, connect: () => openStorage(url) };
});
