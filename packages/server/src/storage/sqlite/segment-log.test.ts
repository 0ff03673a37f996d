import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@faultline/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { hex32 } from '../contract-fixtures.js';
import { openStorage } from '../open-storage.js';
import type { QueueItem } from '../types.js';
import { openFileQueue, queueDirPath } from './file-queue.js';
import { decodeHeader, decodeRecords, encodeFrame, frameIntact } from './log-frame.js';
import { LogWriter } from './log-writer.js';
import { openSqliteDatabase } from './open.js';

const dir = tempDir('fl-segment-log-');
afterAll(() => dir.remove());

let n = 0;
const fresh = () => `${dir.path}/s${++n}.db`;
const item = (receivedAt: number, size = 16): QueueItem => ({
  projectId: 1,
  eventId: hex32(),
  receivedAt,
  payload: Buffer.alloc(size, receivedAt % 256),
});
const frameBytes = (firstId: number, items: QueueItem[]): Buffer =>
  Buffer.concat(encodeFrame(firstId, items).parts);
const segmentFiles = (path: string): string[] => readdirSync(queueDirPath(path)).sort();
const lastSegment = (path: string): string => join(queueDirPath(path), segmentFiles(path).at(-1)!);

/** A queue on a migrated database, with segments of `segmentBytes`. */
async function openQueue(path: string, segmentBytes?: number) {
  const s = await openStorage(path, { migrate: true });
  await s.close();
  const { db, raw } = openSqliteDatabase(path);
  const q = openFileQueue(db, raw, path, {
    synchronous: 'FULL',
    ...(segmentBytes === undefined ? {} : { segmentBytes }),
  });
  return {
    q,
    close: async () => {
      q.close();
      await db.destroy();
    },
  };
}

describe('queue log frames', () => {
  it('round-trips records, meta and ids, and notices damage in the header or the body', () => {
    const items = [item(5), { ...item(6, 3000), meta: { remoteAddr: '10.0.0.1' } }];
    const buf = frameBytes(41, items);
    const h = decodeHeader(buf)!;
    expect(h).toEqual({ length: buf.length, count: 2, firstId: 41 });
    expect(frameIntact(buf)).toBe(true);
    const rows = decodeRecords(buf, h);
    expect(rows.map((r) => [r.id, r.received_at, r.event_id, r.meta])).toEqual([
      [41, 5, items[0]!.eventId, null],
      [42, 6, items[1]!.eventId, '{"remoteAddr":"10.0.0.1"}'],
    ]);
    expect(rows[1]!.payload.equals(Buffer.from(items[1]!.payload))).toBe(true);

    const body = Buffer.from(buf);
    body[buf.length - 1]! ^= 1;
    expect(decodeHeader(body)).not.toBeNull();
    expect(frameIntact(body)).toBe(false);
    const head = Buffer.from(buf);
    head[12]! ^= 1;
    expect(decodeHeader(head)).toBeNull();
    expect(decodeHeader(buf.subarray(0, 20))).toBeNull();
  });

  it('rejects a bad item before writing anything', () => {
    const bad = { ...item(1), projectId: null } as unknown as QueueItem;
    expect(() => encodeFrame(1, [item(1), bad])).toThrow(/NOT NULL/);
  });
});

describe('queue log segments', () => {
  it('starts a new segment past the size, and deletes a segment once the watermark passes it', async () => {
    const path = fresh();
    const { q, close } = await openQueue(path, 1000);
    try {
      // About 700 bytes a frame: two frames a segment.
      for (let t = 1; t <= 5; t++) await q.enqueue([item(t, 600)]);
      expect(segmentFiles(path)).toEqual([
        '0000000000000001.log',
        '0000000000000003.log',
        '0000000000000005.log',
      ]);
      const rows = await q.claim(10, 60_000);
      expect(rows.map((r) => [r.id, r.receivedAt])).toEqual([1, 2, 3, 4, 5].map((t) => [t, t]));
      expect(rows.every((r) => r.payload.byteLength === 600 && r.payload[0] === r.receivedAt)).toBe(true);

      await q.drop([1, 2, 3]);
      expect(await q.depth()).toBe(2);
      expect(await q.oldestAt()).toBe(4);
      await q.enqueue([item(6, 600)]);
      expect(segmentFiles(path)).toEqual(['0000000000000003.log', '0000000000000005.log']);
      await q.drop([4, 5]);
      await q.enqueue([item(7, 600)]);
      expect(segmentFiles(path)).toEqual(['0000000000000005.log', '0000000000000007.log']);
      expect((await q.claim(10, 60_000)).map((r) => r.id)).toEqual([6, 7]);
      // The segment being written is kept even when everything in it is done.
      await q.drop([6, 7]);
      await q.enqueue([item(8, 10)]);
      expect(segmentFiles(path)).toEqual(['0000000000000007.log']);
      expect(await q.depth()).toBe(1);
    } finally {
      await close();
    }
  });

  it('makes the watermark durable before it deletes a segment, and only then', () => {
    const log = new LogWriter(queueDirPath(fresh()), { sync: false, segmentBytes: 1000 });
    const calls: string[] = [];
    const trim = (w: number) => log.trim(w, () => calls.push(`sync at ${w}`));
    for (let t = 1; t <= 3; t++) log.append([item(t, 600)], 1);
    trim(1);
    expect(calls).toEqual([]);
    trim(2);
    expect(calls).toEqual(['sync at 2']);
    trim(2);
    expect(calls).toEqual(['sync at 2']);
  });

  it('ignores garbage after the last frame, and the writer cuts it off', async () => {
    const path = fresh();
    const s = await openStorage(path, { migrate: true });
    await s.enqueue([item(1), item(2)]);
    await s.enqueue([item(3)]);
    await s.close();
    const seg = lastSegment(path);
    const valid = statSync(seg).size;
    appendFileSync(seg, Buffer.from('not a frame, as a crash mid-write might leave behind'));

    const again = await openStorage(path);
    try {
      expect(await again.queueDepth()).toBe(3);
      expect((await again.claimQueueItems(10, 60_000)).map((r) => r.receivedAt)).toEqual([1, 2, 3]);
      await again.enqueue([item(4)]);
      expect(statSync(seg).size).toBe(valid + frameBytes(4, [item(4)]).length);
      expect((await again.claimQueueItems(10, 60_000)).map((r) => [r.id, r.receivedAt])).toEqual([[4, 4]]);
      expect(await again.queueDepth()).toBe(4);
    } finally {
      await again.close();
    }
  });

  it('treats half a frame at the end as never written, and numbers the next frame after the last whole one', async () => {
    const path = fresh();
    const s = await openStorage(path, { migrate: true });
    await s.enqueue([item(1), item(2)]);
    await s.close();
    const torn = frameBytes(3, [item(3, 5000), item(4, 5000)]);
    appendFileSync(lastSegment(path), torn.subarray(0, torn.length >> 1));

    const reader = await openStorage(path);
    const writer = await openStorage(path);
    try {
      expect(await reader.queueDepth()).toBe(2);
      await writer.enqueue([item(5)]);
      expect(await reader.queueDepth()).toBe(3);
      expect((await reader.claimQueueItems(10, 60_000)).map((r) => [r.id, r.receivedAt])).toEqual([
        [1, 1],
        [2, 2],
        [3, 5],
      ]);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('does not hand out a damaged last frame, and reads what the writer puts in its place', async () => {
    const path = fresh();
    const s = await openStorage(path, { migrate: true });
    await s.enqueue([item(1)]);
    await s.enqueue([item(2, 300)]);
    await s.close();
    const seg = lastSegment(path);
    const bytes = readFileSync(seg);
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(seg, bytes);

    const reader = await openStorage(path);
    const writer = await openStorage(path);
    try {
      expect((await reader.claimQueueItems(10, 60_000)).map((r) => r.receivedAt)).toEqual([1]);
      // The writer cuts the damaged frame off and writes one of another length at its place.
      await writer.enqueue([item(3, 100)]);
      expect((await reader.claimQueueItems(10, 60_000)).map((r) => [r.id, r.receivedAt])).toEqual([[2, 3]]);
      expect(await reader.queueDepth()).toBe(2);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });
});
