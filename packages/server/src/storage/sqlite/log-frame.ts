// One frame of the queue log per enqueue call, written with one writev. The header carries its own
// CRC so a reader can hop from frame to frame reading 32 bytes each (depth, oldestAt) and trust the
// lengths; the body CRC is checked when the records are read. A fixed-size table of every record's
// numbers and lengths comes first, so receive times are read without touching the payloads, and
// the payloads are last, passed to writev as they came from ingest (no copy into a frame buffer).
//
// header (32 B): magic u32 | header crc u32 (bytes 8–31) | body length u32 | record count u32 |
//                first id f64 | body crc u32 | 0 u32
// body: count × (projectId f64 | receivedAt f64 | eventId bytes u32 | meta bytes u32 |
//                payload bytes u32 | 0 u32), then every eventId and meta (UTF-8), then every payload.
import { crc32 } from 'node:zlib';
import type { QueueItem } from '../types.js';

export const HEADER_BYTES = 32;
const ENTRY_BYTES = 32;
const MAGIC = 0x31514c46; // "FLQ1"

export interface FrameHeader {
  /** Header and body. */
  length: number;
  count: number;
  firstId: number;
}

/** A record as the queue table's row would hold it (meta as JSON text or null). */
export interface LogRecord {
  id: number;
  project_id: number;
  event_id: string;
  received_at: number;
  payload: Buffer;
  meta: string | null;
}

const asBuffer = (p: Uint8Array): Buffer =>
  Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);

/** Rejects what the queue table's NOT NULL columns would, before anything is written. */
function check(it: QueueItem): void {
  if (
    typeof it?.projectId !== 'number' ||
    !Number.isFinite(it.projectId) ||
    typeof it.eventId !== 'string' ||
    typeof it.receivedAt !== 'number' ||
    !Number.isFinite(it.receivedAt) ||
    !(it.payload instanceof Uint8Array)
  ) {
    // Worded as the queue table's constraint error, which callers and logs already know.
    throw new TypeError(
      'NOT NULL constraint failed: a queue item needs projectId, eventId, receivedAt and payload',
    );
  }
}

/** The frame of `items` numbered from `firstId`, as buffers for one writev, and its length. */
export function encodeFrame(firstId: number, items: QueueItem[]): { parts: Buffer[]; length: number } {
  const count = items.length;
  const metas: (string | null)[] = new Array(count);
  let textBytes = 0;
  let payloadBytes = 0;
  for (let i = 0; i < count; i++) {
    const it = items[i]!;
    check(it);
    const meta = it.meta ? JSON.stringify(it.meta) : null;
    metas[i] = meta;
    textBytes += Buffer.byteLength(it.eventId) + (meta === null ? 0 : Buffer.byteLength(meta));
    payloadBytes += it.payload.byteLength;
  }
  const head = Buffer.allocUnsafe(HEADER_BYTES + count * ENTRY_BYTES + textBytes);
  let text = HEADER_BYTES + count * ENTRY_BYTES;
  const parts: Buffer[] = [head];
  for (let i = 0; i < count; i++) {
    const it = items[i]!;
    const e = HEADER_BYTES + i * ENTRY_BYTES;
    head.writeDoubleLE(it.projectId, e);
    head.writeDoubleLE(it.receivedAt, e + 8);
    const idBytes = head.write(it.eventId, text);
    text += idBytes;
    const meta = metas[i];
    const metaBytes = meta === null || meta === undefined ? 0 : head.write(meta, text);
    text += metaBytes;
    head.writeUInt32LE(idBytes, e + 16);
    head.writeUInt32LE(metaBytes, e + 20);
    head.writeUInt32LE(it.payload.byteLength, e + 24);
    head.writeUInt32LE(0, e + 28);
    parts.push(asBuffer(it.payload));
  }
  let crc = crc32(head.subarray(HEADER_BYTES));
  for (let i = 1; i < parts.length; i++) crc = crc32(parts[i]!, crc);
  const length = head.length + payloadBytes;
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(length - HEADER_BYTES, 8);
  head.writeUInt32LE(count, 12);
  head.writeDoubleLE(firstId, 16);
  head.writeUInt32LE(crc, 24);
  head.writeUInt32LE(0, 28);
  head.writeUInt32LE(crc32(head.subarray(8, HEADER_BYTES)), 4);
  return { parts, length };
}

/** The header at `buf[at]`, or null where no intact header is (not yet written, torn, zeroed). */
export function decodeHeader(buf: Buffer, at = 0): FrameHeader | null {
  if (buf.length - at < HEADER_BYTES || buf.readUInt32LE(at) !== MAGIC) return null;
  if (crc32(buf.subarray(at + 8, at + HEADER_BYTES)) !== buf.readUInt32LE(at + 4)) return null;
  const count = buf.readUInt32LE(at + 12);
  const length = HEADER_BYTES + buf.readUInt32LE(at + 8);
  if (count === 0 || length < HEADER_BYTES + count * ENTRY_BYTES) return null;
  return { length, count, firstId: buf.readDoubleLE(at + 16) };
}

/** Whether a whole frame (header included) is intact. */
export function frameIntact(frame: Buffer): boolean {
  const h = decodeHeader(frame);
  if (h === null || frame.length < h.length) return false;
  return crc32(frame.subarray(HEADER_BYTES, h.length)) === frame.readUInt32LE(24);
}

/** Every record of an intact frame; payloads are views into `frame`. */
export function decodeRecords(frame: Buffer, h: FrameHeader): LogRecord[] {
  const out: LogRecord[] = new Array(h.count);
  let text = HEADER_BYTES + h.count * ENTRY_BYTES;
  let payload = text;
  for (let i = 0; i < h.count; i++) {
    const e = HEADER_BYTES + i * ENTRY_BYTES;
    payload += frame.readUInt32LE(e + 16) + frame.readUInt32LE(e + 20);
  }
  for (let i = 0; i < h.count; i++) {
    const e = HEADER_BYTES + i * ENTRY_BYTES;
    const idBytes = frame.readUInt32LE(e + 16);
    const metaBytes = frame.readUInt32LE(e + 20);
    const payloadBytes = frame.readUInt32LE(e + 24);
    const eventId = frame.toString('utf8', text, text + idBytes);
    text += idBytes;
    const meta = metaBytes === 0 ? null : frame.toString('utf8', text, text + metaBytes);
    text += metaBytes;
    out[i] = {
      id: h.firstId + i,
      project_id: frame.readDoubleLE(e),
      event_id: eventId,
      received_at: frame.readDoubleLE(e + 8),
      payload: frame.subarray(payload, payload + payloadBytes),
      meta,
    };
    payload += payloadBytes;
  }
  return out;
}

/** Bytes of a frame's header and record table: enough for receivedAt(). */
export const tableBytes = (h: FrameHeader): number => HEADER_BYTES + h.count * ENTRY_BYTES;

/** The receive time of record `i`, from a buffer holding at least the frame's header and table. */
export const receivedAt = (head: Buffer, i: number): number =>
  head.readDoubleLE(HEADER_BYTES + i * ENTRY_BYTES + 8);
