// ONE contract suite every storage backend passes (sqlite.test.ts and postgres.test.ts run it).
// Each test gets a fresh, migrated, empty storage from the factory.
import { afterEach, beforeEach, describe } from 'vitest';
import { accountsContract } from './contract-accounts.js';
import { digestContract } from './contract-digest.js';
import { queueContract } from './contract-queue.js';
import { readsContract } from './contract-reads.js';
import { retentionContract } from './contract-retention.js';
import { statusContract } from './contract-status.js';
import type { Storage } from './types.js';

export interface StorageUnderTest {
  storage: Storage;
  /** Opens another, independent handle (own connection or pool) to the same database. */
  connect(): Promise<Storage>;
}

/** Makes a fresh, migrated, empty storage for one test. */
export type StorageFactory = () => Promise<StorageUnderTest>;

/** What each contract file sees: the storage of the running test and a way to open more handles. */
export interface ContractContext {
  readonly storage: Storage;
  connect(): Promise<Storage>;
}

/** Registers the whole contract suite for one backend under `describe(name)`. */
export function runStorageContract(name: string, factory: StorageFactory): void {
  describe(name, () => {
    let current: StorageUnderTest | undefined;
    const extra: Storage[] = [];
    const ctx: ContractContext = {
      get storage() {
        if (!current) throw new Error('storage used outside a test');
        return current.storage;
      },
      async connect() {
        if (!current) throw new Error('storage used outside a test');
        const s = await current.connect();
        extra.push(s);
        return s;
      },
    };
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await current?.storage.close();
      current = undefined;
    });
    accountsContract(ctx);
    queueContract(ctx);
    digestContract(ctx);
    readsContract(ctx);
    retentionContract(ctx);
    statusContract(ctx);
  });
}
