import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tempDir } from '@faultline/test-utils';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { digestEvent, hex32 } from '../contract-fixtures.js';
import { openStorage } from '../open-storage.js';
import type { QueueItem, Storage } from '../types.js';
import { queueDirPath, queueFilePath } from './file-queue.js';

const dir = tempDir('fl-file-queue-');
afterAll(() => dir.remove());

let n = 0;
const fresh = () => `${dir.path}/q${++n}.db`;
const item = (receivedAt: number): QueueItem => ({
  projectId: 1,
  eventId: hex32(),
  receivedAt,
  payload: new TextEncoder().encode(`{"n":${receivedAt}}`),
});
const count = (path: string, sql: string): number => {
  const db = new Sqlite(path, { readonly: true });
  try {
    return Number(db.prepare(sql).pluck().get());
  } finally {
    db.close();
  }
};
/** Digests claimed items as stored events of project `p` (what the digest worker does). */
const digestClaimed = async (s: Storage, p: number, ids: number[]) =>
  s.digest(ids.map((id) => digestEvent({ projectId: p }, id)));

const segments = (path: string): string[] => readdirSync(queueDirPath(path));

describe('SQLite queue log', () => {
  it('names the queue directory, and the old queue file, after the main database', () => {
    expect(queueDirPath('/d/faultline.db')).toBe('/d/faultline-queue');
    expect(queueDirPath('/d/data')).toBe('/d/data-queue');
    expect(queueFilePath('/d/faultline.db')).toBe('/d/faultline-queue.db');
  });

  it('keeps queued rows out of the main file', async () => {
    const path = fresh();
    const s = await openStorage(path, { migrate: true });
    try {
      const p = (await s.createProject({ name: 'p' })).id;
      await s.enqueue([item(1), item(2), item(3)]);
      expect(segments(path)).toEqual(['0000000000000001.log']);
      expect(count(path, 'select count(*) from queue')).toBe(0);
      const claimed = await s.claimQueueItems(2, 60_000);
      await digestClaimed(
        s,
        p,
        claimed.map((c) => c.id),
      );
      expect(await s.queueDepth()).toBe(1);
      expect(await s.oldestQueuedAt()).toBe(3);
      expect(count(path, 'select last_id from queue_watermark')).toBe(claimed[1]!.id);
      await s.enqueue([item(4)]);
      expect(await s.queueDepth()).toBe(2);
      expect((await s.claimQueueItems(10, 60_000)).map((c) => c.receivedAt)).toEqual([3, 4]);
    } finally {
      await s.close();
    }
  });

  it('advances the watermark only past rows that are done, whatever order they finish in', async () => {
    const path = fresh();
    const s = await openStorage(path, { migrate: true });
    const watermark = () => count(path, 'select last_id from queue_watermark');
    try {
      const p = (await s.createProject({ name: 'p' })).id;
      await s.enqueue([item(1), item(2), item(3), item(4)]);
      const [a, b, c, d] = (await s.claimQueueItems(4, 60_000)).map((x) => x.id) as [
        number,
        number,
        number,
        number,
      ];
      // b and d finish first (as items digested alone after the batch would): a is still leased.
      await digestClaimed(s, p, [b, d]);
      expect(watermark()).toBe(0);
      expect(await s.queueDepth()).toBe(2);
      await s.dropQueueItems([a]);
      expect(watermark()).toBe(b);
      expect(await s.queueDepth()).toBe(1);
      expect(await s.oldestQueuedAt()).toBe(3);
      await digestClaimed(s, p, [c]);
      expect(watermark()).toBe(d);
      expect(await s.queueDepth()).toBe(0);
      expect(await s.claimQueueItems(10, 60_000)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('after a crash, hands out every row not yet covered by the watermark, and stores none twice', async () => {
    const path = fresh();
    const first = await openStorage(path, { migrate: true });
    const p = (await first.createProject({ name: 'p' })).id;
    await first.enqueue([item(1), item(2), item(3)]);
    const claimed = await first.claimQueueItems(3, 60_000);
    const events = claimed.map((c) => digestEvent({ projectId: p, eventId: c.eventId }, c.id));
    // The last row is digested while the first two are still in flight, then the process dies.
    await first.digest([events[2]!]);
    await first.close();

    const again = await openStorage(path);
    try {
      const reclaimed = await again.claimQueueItems(10, 60_000);
      expect(reclaimed.map((c) => c.id)).toEqual(claimed.map((c) => c.id));
      const outcomes = await again.digest(
        reclaimed.map((c) => digestEvent({ projectId: p, eventId: c.eventId }, c.id)),
      );
      expect(outcomes.map((o) => o.stored)).toEqual([true, true, false]);
      expect(await again.queueDepth()).toBe(0);
      const page = await again.listIssues({ projectIds: [p] });
      expect(page.items[0]!.eventCount).toBe(3);
    } finally {
      await again.close();
    }
  });

  it('continues ids above the watermark when the queue directory was deleted', async () => {
    const path = fresh();
    const s = await openStorage(path, { migrate: true });
    const p = (await s.createProject({ name: 'p' })).id;
    await s.enqueue([item(1), item(2)]);
    await digestClaimed(
      s,
      p,
      (await s.claimQueueItems(2, 60_000)).map((c) => c.id),
    );
    await s.close();
    rmSync(queueDirPath(path), { recursive: true });

    const again = await openStorage(path);
    try {
      await again.enqueue([item(3)]);
      expect(await again.queueDepth()).toBe(1);
      const [row] = await again.claimQueueItems(10, 60_000);
      expect(row!.receivedAt).toBe(3);
      expect(row!.id).toBeGreaterThan(2);
    } finally {
      await again.close();
    }
  });

  it('moves rows left in the main file by an older version into the queue log', async () => {
    const path = fresh();
    const s = await openStorage(path, { migrate: true });
    await s.close();
    const raw = new Sqlite(path);
    raw
      .prepare('insert into queue (project_id, event_id, received_at, payload, meta) values (?, ?, ?, ?, ?)')
      .run(1, hex32(), 42, Buffer.from('{}'), '{"remoteAddr":"10.0.0.9"}');
    raw.close();

    const again = await openStorage(path);
    try {
      expect(count(path, 'select count(*) from queue')).toBe(0);
      const [row] = await again.claimQueueItems(10, 60_000);
      expect(row).toMatchObject({ receivedAt: 42, meta: { remoteAddr: '10.0.0.9' }, attempts: 1 });
    } finally {
      await again.close();
    }
  });

  it('moves the rows above the watermark of an old queue file into the log, then deletes the file', async () => {
    const path = fresh();
    const s = await openStorage(path, { migrate: true });
    await s.close();
    // What the previous version left: a queue file with rows 1–4, of which 1–2 were digested.
    const old = new Sqlite(queueFilePath(path));
    old.pragma('journal_mode = WAL');
    old.exec(`create table queue (id integer primary key autoincrement, project_id integer not null,
      event_id text not null, received_at integer not null, payload blob not null, meta text)`);
    const insert = old.prepare(
      'insert into queue (project_id, event_id, received_at, payload, meta) values (?, ?, ?, ?, ?)',
    );
    for (const t of [1, 2, 3, 4])
      insert.run(1, hex32(), t, Buffer.from(`{"t":${t}}`), t === 4 ? '{"sentAt":"x"}' : null);
    const main = new Sqlite(path);
    main.prepare('update queue_watermark set last_id = 2').run();
    main.close();
    // Left open (its -wal and -shm exist) as by a process that died.
    const [again, other] = await Promise.all([openStorage(path), openStorage(path)]);
    old.close();
    try {
      for (const suffix of ['', '-wal', '-shm']) expect(existsSync(queueFilePath(path) + suffix)).toBe(false);
      expect(await again.queueDepth()).toBe(2);
      const rows = await again.claimQueueItems(10, 60_000);
      // Moved once although two handles opened at the same time.
      expect(rows.map((r) => [r.id, r.receivedAt])).toEqual([
        [3, 3],
        [4, 4],
      ]);
      expect(Buffer.from(rows[0]!.payload).toString()).toBe('{"t":3}');
      expect(rows[1]!.meta).toEqual({ sentAt: 'x' });
      await again.enqueue([item(5)]);
      expect((await again.claimQueueItems(10, 60_000)).map((r) => r.id)).toEqual([5]);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('lets a writer, a digest and a reader handle share one directory', async () => {
    const path = fresh();
    const writer = await openStorage(path, { migrate: true });
    const digest = await openStorage(path);
    const gauge = await openStorage(path);
    try {
      const p = (await writer.createProject({ name: 'p' })).id;
      expect(await gauge.queueDepth()).toBe(0);
      expect(await gauge.oldestQueuedAt()).toBeNull();
      await writer.enqueue([item(20), item(10)]);
      await writer.enqueue([item(30)]);
      expect(await gauge.queueDepth()).toBe(3);
      expect(await gauge.oldestQueuedAt()).toBe(10);
      const first = await digest.claimQueueItems(2, 60_000);
      expect(first.map((c) => c.receivedAt)).toEqual([20, 10]);
      await digestClaimed(
        digest,
        p,
        first.map((c) => c.id),
      );
      expect(await gauge.queueDepth()).toBe(1);
      expect(await gauge.oldestQueuedAt()).toBe(30);
      await writer.enqueue([item(40)]);
      expect(await gauge.queueDepth()).toBe(2);
      expect((await digest.claimQueueItems(10, 60_000)).map((c) => c.receivedAt)).toEqual([30, 40]);
    } finally {
      await Promise.all([writer.close(), digest.close(), gauge.close()]);
    }
  });

  it('keeps an in-memory database on the queue table', async () => {
    const s = await openStorage('sqlite::memory:', { migrate: true });
    try {
      await s.enqueue([item(1)]);
      expect(await s.queueDepth()).toBe(1);
      expect(existsSync(queueDirPath(':memory:'))).toBe(false);
    } finally {
      await s.close();
    }
  });
});
