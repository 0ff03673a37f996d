import { tempDir } from '@faultline/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './open.js';

const dir = tempDir('fl-sqlite-open-');
afterAll(() => dir.remove());

describe('openSqliteDatabase', () => {
  it('sets the per-connection durability, cache and checkpoint interval it is given', () => {
    const plain = openSqliteDatabase(`${dir.path}/a.db`);
    const digest = openSqliteDatabase(`${dir.path}/a.db`, {
      synchronous: 'NORMAL',
      cacheMiB: 16,
      walAutocheckpointPages: 8000,
    });
    try {
      const pragma = (c: typeof plain, name: string) => c.raw.pragma(name, { simple: true });
      expect([pragma(plain, 'synchronous'), pragma(plain, 'wal_autocheckpoint')]).toEqual([2, 1000]);
      expect(pragma(digest, 'synchronous')).toBe(1);
      expect(pragma(digest, 'cache_size')).toBe(-16 * 1024);
      expect(pragma(digest, 'wal_autocheckpoint')).toBe(8000);
      expect(pragma(digest, 'journal_mode')).toBe('wal');
    } finally {
      digest.raw.close();
      plain.raw.close();
    }
  });
});
