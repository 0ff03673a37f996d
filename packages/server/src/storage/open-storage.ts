import { resolve } from 'node:path';
import { StorageError } from './errors.js';
import { createKyselyStorage } from './kysely-storage.js';
import { openPostgresDatabase, type PostgresOptions } from './postgres/open.js';
import { openFileQueue } from './sqlite/file-queue.js';
import { openSqliteDatabase, type SqliteOptions } from './sqlite/open.js';
import type { Storage } from './types.js';

export interface OpenStorageOptions extends SqliteOptions, PostgresOptions {
  /** Apply pending migrations before returning (default false: call storage.migrate()). */
  migrate?: boolean;
}

export type StorageTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** Reads a storage URL: `postgres://…`/`postgresql://…`, `sqlite:<path>`, `sqlite::memory:`, or a bare path. */
export function parseStorageUrl(url: string): StorageTarget {
  const trimmed = url.trim();
  if (!trimmed) throw new StorageError('FL_STORAGE_BAD_URL', 'empty storage URL');
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { kind: 'postgres', url: trimmed };
  const m = /^sqlite:(?:\/\/)?(.*)$/i.exec(trimmed);
  if (m) {
    const path = m[1] ?? '';
    if (!path) throw new StorageError('FL_STORAGE_BAD_URL', 'sqlite: URL without a file path');
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new StorageError(
      'FL_STORAGE_BAD_URL',
      `unsupported storage URL scheme in ${trimmed.split(':')[0]}:`,
    );
  }
  return { kind: 'sqlite', path: resolve(trimmed) };
}

/**
 * Opens the storage a URL names.
 * @example
 * const storage = await openStorage('sqlite:./faultline.db', { migrate: true });
 * const pgStorage = await openStorage(process.env.DATABASE_URL!, { poolSize: 20 });
 */
export async function openStorage(url: string, opts: OpenStorageOptions = {}): Promise<Storage> {
  const target = parseStorageUrl(url);
  let storage: Storage;
  if (target.kind === 'sqlite') {
    const { db, raw, flavor } = openSqliteDatabase(target.path, opts);
    const queue =
      target.path === ':memory:'
        ? undefined
        : openFileQueue(db, raw, target.path, { synchronous: opts.synchronous ?? 'FULL' });
    storage = createKyselyStorage(db, flavor, {
      onClose: async () => {
        if (raw.open) raw.close();
      },
      // SQLite's advice for long-lived connections: refresh planner statistics where they are
      // stale when closing (bounded by analysis_limit, set when opening).
      beforeClose: async () => {
        if (raw.open) raw.pragma('optimize');
      },
      ...(queue ? { queue } : {}),
    });
  } else {
    const { db, pool, flavor } = openPostgresDatabase(target.url, opts);
    // Kysely's destroy() ends the pool only if a query ever ran; end it ourselves otherwise.
    storage = createKyselyStorage(db, flavor, {
      onClose: async () => {
        if (!pool.ended) await pool.end();
      },
    });
  }
  if (opts.migrate) {
    try {
      await storage.migrate();
    } catch (err) {
      await storage.close();
      throw err;
    }
  }
  return storage;
}
