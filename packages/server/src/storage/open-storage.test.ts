import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { tempDir } from '@faultline/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage, parseStorageUrl } from './open-storage.js';

const dir = tempDir('fl-open-storage-');
afterAll(() => dir.remove());

describe('parseStorageUrl', () => {
  it('reads every accepted form', () => {
    expect(parseStorageUrl('postgres://u:p@127.0.0.1:5432/db')).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@127.0.0.1:5432/db',
    });
    expect(parseStorageUrl('postgresql://h/db')).toEqual({ kind: 'postgres', url: 'postgresql://h/db' });
    expect(parseStorageUrl('sqlite:/var/lib/fl.db')).toEqual({ kind: 'sqlite', path: '/var/lib/fl.db' });
    expect(parseStorageUrl('sqlite:///var/lib/fl.db')).toEqual({ kind: 'sqlite', path: '/var/lib/fl.db' });
    expect(parseStorageUrl('sqlite:data/fl.db')).toEqual({ kind: 'sqlite', path: resolve('data/fl.db') });
    expect(parseStorageUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseStorageUrl('./fl.db')).toEqual({ kind: 'sqlite', path: resolve('fl.db') });
  });

  it('rejects empty URLs and unknown schemes with FL_STORAGE_BAD_URL', () => {
    for (const bad of ['', '  ', 'sqlite:', 'mysql://h/db']) {
      expect(() => parseStorageUrl(bad)).toThrow(expect.objectContaining({ code: 'FL_STORAGE_BAD_URL' }));
    }
  });
});

describe('openStorage', () => {
  it('opens a SQLite file in WAL mode and reports its dialect and capabilities', async () => {
    const path = `${dir.path}/wal.db`;
    const s = await openStorage(path, { migrate: true });
    expect(s.dialect).toBe('sqlite');
    expect(s.capabilities.concurrentClaims).toBe(false);
    await s.createProject({ name: 'x' });
    await s.close();
    // The WAL header is in the main file's header: bytes 18-19 are 2 (WAL) instead of 1 (rollback).
    const header = readFileSync(path).subarray(18, 20);
    expect([...header]).toEqual([2, 2]);
  });

  it('answers ping false for a PostgreSQL server that is not there', async () => {
    const port = await new Promise<number>((res) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const a = srv.address();
        srv.close(() => res(typeof a === 'object' && a ? a.port : 1));
      });
    });
    const s = await openStorage(`postgres://postgres@127.0.0.1:${port}/nothing`);
    expect(s.dialect).toBe('postgres');
    expect(s.capabilities.concurrentClaims).toBe(true);
    expect(await s.ping()).toBe(false);
    await s.close();
  });
});

describe('error codes', () => {
  it('lists every storage error code in docs/errors.md', () => {
    const docs = readFileSync(resolve(import.meta.dirname, '../../../../docs/errors.md'), 'utf8');
    const source = readFileSync(resolve(import.meta.dirname, 'errors.ts'), 'utf8');
    const codes = [...source.matchAll(/'(FL_STORAGE_[A-Z_]+)'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(3);
    for (const code of codes) expect(docs).toContain(`| ${code} |`);
  });
});
