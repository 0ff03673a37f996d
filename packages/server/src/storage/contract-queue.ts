import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { hex32 } from './contract-fixtures.js';
import type { ContractContext } from './contract-suite.js';
import type { ClaimedQueueItem, QueueItem, Storage } from './types.js';

const item = (receivedAt: number, size = 64): QueueItem => ({
  projectId: 1,
  eventId: hex32(),
  receivedAt,
  payload: new Uint8Array(size).map((_, i) => i % 251),
});

export function queueContract(t: ContractContext): void {
  describe('queue', () => {
    it('enqueues a batch durably and reports depth and the oldest receive time', async () => {
      expect(await t.storage.queueDepth()).toBe(0);
      expect(await t.storage.oldestQueuedAt()).toBeNull();
      const items = [
        item(2_000),
        item(1_000, 9000),
        { ...item(3_000), meta: { remoteAddr: '10.0.0.1', userAgent: 'ua' } },
      ];
      await t.storage.enqueue(items);
      await t.storage.enqueue([]);
      expect(await t.storage.queueDepth()).toBe(3);
      expect(await t.storage.oldestQueuedAt()).toBe(1_000);

      // A second handle sees the rows: they are committed, not buffered in a connection.
      const other = await t.connect();
      const claimed = await other.claimQueueItems(10, 60_000);
      expect(claimed.map((c) => c.eventId)).toEqual(items.map((i) => i.eventId));
      expect(claimed.every((c) => c.attempts === 1)).toBe(true);
      expect(Buffer.from(claimed[1]!.payload).equals(Buffer.from(items[1]!.payload))).toBe(true);
      expect(claimed[2]!.meta).toEqual({ remoteAddr: '10.0.0.1', userAgent: 'ua' });
      expect(claimed[0]!.meta).toBeUndefined();
      expect(claimed[0]).toMatchObject({ projectId: 1, receivedAt: 2_000 });
    });

    it('writes a batch in one transaction: a bad row leaves nothing behind', async () => {
      const bad = { ...item(1), projectId: null } as unknown as QueueItem;
      await expect(t.storage.enqueue([item(1), item(2), bad])).rejects.toThrow();
      expect(await t.storage.queueDepth()).toBe(0);
    });

    it('claims oldest first, up to the limit, and never hands a leased row out twice', async () => {
      await t.storage.enqueue(Array.from({ length: 5 }, (_, i) => item(i)));
      const first = await t.storage.claimQueueItems(3, 60_000);
      const second = await t.storage.claimQueueItems(3, 60_000);
      const third = await t.storage.claimQueueItems(3, 60_000);
      expect(first.map((c) => c.receivedAt)).toEqual([0, 1, 2]);
      expect(second.map((c) => c.receivedAt)).toEqual([3, 4]);
      expect(third).toEqual([]);
      expect(await t.storage.claimQueueItems(0, 60_000)).toEqual([]);
      // Leased rows still count: they are not digested yet.
      expect(await t.storage.queueDepth()).toBe(5);
      await t.storage.dropQueueItems(first.map((c) => c.id));
      expect(await t.storage.queueDepth()).toBe(2);
      expect(await t.storage.oldestQueuedAt()).toBe(3);
    });

    it('hands rows out again, with attempts incremented, when their lease runs out', async () => {
      await t.storage.enqueue([item(1), item(2)]);
      const first = await t.storage.claimQueueItems(10, 30);
      expect(await t.storage.claimQueueItems(10, 30)).toEqual([]);
      await sleep(60);
      const again = await t.storage.claimQueueItems(10, 60_000);
      expect(again.map((c) => c.id)).toEqual(first.map((c) => c.id));
      expect(again.map((c) => c.attempts)).toEqual([2, 2]);
    });

    it('splits the queue between concurrent claimers without overlap', async () => {
      const total = 300;
      for (let i = 0; i < 3; i++)
        await t.storage.enqueue(Array.from({ length: 100 }, (_, j) => item(i * 100 + j)));
      // PostgreSQL: two pools, as two digest processes would be. SQLite has one writer per file,
      // so concurrent claimers share one handle (its calls interleave at every await).
      const a = t.storage;
      const b: Storage = t.storage.capabilities.concurrentClaims ? await t.connect() : t.storage;
      const claimLoop = async (s: Storage) => {
        const got: ClaimedQueueItem[] = [];
        for (let round = 0; round < 100; round++) {
          const batch = await s.claimQueueItems(7, 60_000);
          if (batch.length === 0) break;
          got.push(...batch);
        }
        return got;
      };
      const [ga, gb] = await Promise.all([claimLoop(a), claimLoop(b), claimLoop(a), claimLoop(b)]).then(
        (r) => [
          [...r[0], ...r[2]],
          [...r[1], ...r[3]],
        ],
      );
      const ids = [...ga!, ...gb!].map((c) => c.id);
      expect(ids.length).toBe(total);
      expect(new Set(ids).size).toBe(total);
      if (t.storage.capabilities.concurrentClaims) {
        expect(ga!.length).toBeGreaterThan(0);
        expect(gb!.length).toBeGreaterThan(0);
      }
    });
  });
}
