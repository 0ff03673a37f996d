import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../digest/test-worker-helpers.js';
import { openStorage } from '../storage/index.js';
import type { QueueItem } from '../storage/types.js';
import { packPayloads, startQueueWriter } from './queue-writer.js';

// Two events cut out of one request body, as parseEnvelope hands them over.
const body = Buffer.from(
  '{"header":1}\n{"type":"event"}\n{"message":"first"}\n{"type":"event"}\n{"message":"second"}',
);
const first = body.subarray(30, 49);
const second = body.subarray(67);
const item = (n: number, payload: Uint8Array): QueueItem => ({
  projectId: 1,
  eventId: n.toString(16).padStart(32, '0'),
  receivedAt: 1_700_000_000_000 + n,
  payload,
  meta: { remoteAddr: '127.0.0.1', userAgent: 'sentry.javascript.node/9' },
});

describe('packPayloads', () => {
  it('copies just the payloads into one buffer of their own, leaving the items otherwise alone', () => {
    const items = [item(1, first), item(2, second)];
    const { items: packed, buffer } = packPayloads(items);
    expect(buffer.byteLength).toBe(first.length + second.length);
    expect(packed.map((p) => Buffer.from(p.payload).toString())).toEqual([
      '{"message":"first"}',
      '{"message":"second"}',
    ]);
    for (const p of packed) expect(p.payload.buffer).toBe(buffer);
    expect(packed.map(({ payload: _, ...rest }) => rest)).toEqual(
      items.map(({ payload: _, ...rest }) => rest),
    );
    // The request body is not detached by the transfer, nor changed.
    expect(items[0]!.payload).toBe(first);
    expect(body.toString()).toContain('second');
  });

  it('packs an empty batch', () => {
    expect(packPayloads([]).buffer.byteLength).toBe(0);
  });
});

describe('queue writer thread', () => {
  it('stores each payload of a batch exactly, when they are views into one body', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-queue-pack-'));
    const url = `sqlite:${join(dir, 'f.db')}`;
    const storage = await openStorage(url, { migrate: true });
    const writer = startQueueWriter({ databaseUrl: url, logger: capturingLogger().logger });
    try {
      await writer.ready;
      await writer.enqueue([item(1, first), item(2, second)]);
      const rows = await storage.claimQueueItems(10, 60_000);
      expect(rows.map((r) => Buffer.from(r.payload).toString())).toEqual([
        '{"message":"first"}',
        '{"message":"second"}',
      ]);
      expect(rows[1]!.meta).toEqual({ remoteAddr: '127.0.0.1', userAgent: 'sentry.javascript.node/9' });
      // The body the payloads came from is still readable (nothing of it was transferred).
      expect(body.length).toBeGreaterThan(0);
      expect(first.toString()).toBe('{"message":"first"}');
    } finally {
      await writer.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
