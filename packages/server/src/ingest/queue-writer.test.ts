import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturingLogger } from '../digest/test-worker-helpers.js';
import { openStorage } from '../storage/index.js';
import type { QueueItem } from '../storage/types.js';
import { startQueueWriter } from './queue-writer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-queue-writer-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const item = (n: number): QueueItem => ({
  projectId: 1,
  eventId: n.toString(16).padStart(32, '0'),
  receivedAt: 1_700_000_000_000 + n,
  payload: Buffer.from(JSON.stringify({ message: `m${n}` })),
  meta: { remoteAddr: '127.0.0.1' },
});

describe('queue writer thread', () => {
  it('commits batches from another thread, in order, and closes after the last one', async () => {
    const url = `sqlite:${join(dir, 'f.db')}`;
    const storage = await openStorage(url, { migrate: true });
    const { logger } = capturingLogger();
    const writer = startQueueWriter({ databaseUrl: url, logger });
    try {
      await writer.ready;
      await Promise.all([writer.enqueue([item(1), item(2)]), writer.enqueue([item(3)])]);
      // A commit that was posted but not awaited still lands before close() resolves.
      const last = writer.enqueue([item(4)]);
      await writer.close();
      await last;
      const rows = await storage.claimQueueItems(100, 60_000);
      expect(rows.map((r) => r.eventId)).toEqual([1, 2, 3, 4].map((n) => item(n).eventId));
      expect(Buffer.from(rows[0]!.payload).toString()).toBe('{"message":"m1"}');
      expect(rows[0]!.meta).toEqual({ remoteAddr: '127.0.0.1' });
      await expect(writer.enqueue([item(5)])).rejects.toThrow(/closed/);
    } finally {
      await writer.close();
      await storage.close();
    }
  });

  it('commits while another connection holds the main database write lock', async () => {
    // The queue is a log of its own (storage/sqlite/segment-log.ts): a digest transaction holding
    // the main database's write lock must not hold up ingest's durable commits.
    const path = join(dir, 'locked.db');
    const storage = await openStorage(`sqlite:${path}`, { migrate: true });
    const other = new Sqlite(path);
    const { logger } = capturingLogger();
    const writer = startQueueWriter({ databaseUrl: `sqlite:${path}`, logger });
    try {
      await writer.ready;
      other.exec('begin immediate');
      await writer.enqueue([item(7)]);
      expect(await storage.queueDepth()).toBe(1);
      other.exec('commit');
    } finally {
      other.close();
      await writer.close();
      await storage.close();
    }
  });

  it('rejects the commit when the database refuses it', async () => {
    const url = `sqlite:${join(dir, 'refuses.db')}`;
    const { logger } = capturingLogger();
    const writer = startQueueWriter({ databaseUrl: url, logger });
    try {
      await writer.ready;
      const bad = { ...item(1), projectId: null } as unknown as QueueItem;
      await expect(writer.enqueue([item(2), bad])).rejects.toThrow(/queue commit failed: NOT NULL/);
    } finally {
      await writer.close();
    }
  });

  it('rejects ready and commits when the thread cannot open the database', async () => {
    const { logger, lines } = capturingLogger();
    const writer = startQueueWriter({ databaseUrl: 'sqlite:/nonexistent-dir/x/f.db', logger });
    await expect(writer.ready).rejects.toThrow(/exited with code 1/);
    await expect(writer.enqueue([item(1)])).rejects.toThrow(/exited/);
    await writer.close();
    expect(lines.some((l) => l.msg === 'queue writer thread failed')).toBe(true);
  });
});
