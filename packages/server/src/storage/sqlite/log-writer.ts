// Appending to the queue log. Each enqueue is one frame, one writev and (synchronous FULL) one
// fdatasync; a new segment also fsyncs the directory, so the file's name is as durable as its
// contents. The writer opens lazily, on its first append: only then does it know it is the one
// writer (a reader cannot tell a torn tail from a frame still being written), and it cuts off
// whatever follows the last intact frame of the last segment. Ids come from the log's top, but never
// at or below the watermark, so they keep growing even if the directory was deleted.
//
// One writer at a time per directory (ingest's writer thread). A handle that appends after another
// one did notices the grown segment and reads the tail again before numbering its frame.
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  unlinkSync,
  writevSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { QueueItem } from '../types.js';
import { decodeHeader, encodeFrame, HEADER_BYTES } from './log-frame.js';
import { listSegments, openIfExists, readFrame, segmentName } from './segment-log.js';

export interface LogWriterOptions {
  /** fdatasync every frame and fsync the directory for every new segment (synchronous FULL). */
  sync: boolean;
  /** A new segment starts once the current one holds this many bytes. */
  segmentBytes: number;
}

/** Segment size: a whole segment is deleted once the watermark passes it, so this bounds how much
 * digested data stays on disk, while keeping file creations (and their directory fsyncs) rare. */
export const SEGMENT_BYTES = 64 * 1024 * 1024;

export class LogWriter {
  readonly #dir: string;
  readonly #opts: LogWriterOptions;
  #segs: number[] | undefined;
  #fd: number | undefined;
  #size = 0;
  #next = 1;
  #parentUnsynced = false;

  constructor(dir: string, opts: LogWriterOptions) {
    this.#dir = dir;
    this.#opts = opts;
  }

  /** Appends `items` as one frame numbered from the next id, at least `minId`; durable on return if sync. */
  append(items: QueueItem[], minId: number): void {
    if (this.#segs === undefined) this.#open();
    else if (this.#fd !== undefined && fstatSync(this.#fd).size !== this.#size) this.#reopen();
    const first = Math.max(this.#next, minId);
    // Encoding checks every item, so a bad one throws before anything is written.
    const { parts, length } = encodeFrame(first, items);
    if (this.#fd === undefined || this.#size >= this.#opts.segmentBytes) {
      if (!this.#startSegment(first)) {
        this.#reopen();
        this.append(items, minId);
        return;
      }
    }
    const fd = this.#fd!;
    try {
      const written = writevSync(fd, parts, this.#size);
      if (written !== length) throw new Error(`short write to the queue log: ${written} of ${length} bytes`);
      if (this.#opts.sync) fdatasyncSync(fd);
    } catch (error) {
      // Leave no partial frame behind for the next append to follow.
      ftruncateSync(fd, this.#size);
      throw error;
    }
    this.#size += length;
    this.#next = first + items.length;
  }

  /**
   * Deletes the segments whose every row is at or below the watermark `w`; never the current one.
   * `makeDurable` runs first, once, when something is to go: the watermark was committed by a
   * connection that does not sync every commit, and a row must not leave the log before the
   * commit that digested it is on disk.
   */
  trim(w: number, makeDurable: () => void = () => {}): void {
    const segs = this.#segs;
    if (segs === undefined) return;
    if (segs.length > 1 && segs[1]! <= w + 1) makeDurable();
    while (segs.length > 1 && segs[1]! <= w + 1) {
      unlinkSync(join(this.#dir, segmentName(segs[0]!)));
      segs.shift();
    }
  }

  /** The highest id in the log (0 if none), after the torn-tail repair. */
  top(): number {
    if (this.#segs === undefined) this.#open();
    return this.#next - 1;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#segs = undefined;
  }

  #reopen(): void {
    this.close();
    this.#open();
  }

  #open(): void {
    const created = mkdirSync(this.#dir, { recursive: true });
    if (created !== undefined) this.#parentUnsynced = true;
    const segs = listSegments(this.#dir);
    this.#segs = segs;
    this.#next = 1;
    while (segs.length > 0) {
      const seg = segs.at(-1)!;
      const path = join(this.#dir, segmentName(seg));
      const fd = openIfExists(path, 'r+');
      if (fd === null) {
        segs.pop();
        continue;
      }
      const { end, top } = validPrefix(fd);
      if (end < fstatSync(fd).size) {
        ftruncateSync(fd, end);
        if (this.#opts.sync) fdatasyncSync(fd);
      }
      if (end > 0) {
        this.#fd = fd;
        this.#size = end;
        this.#next = top + 1;
        return;
      }
      // Nothing intact in it (created, then the process died before its first frame): drop it, so
      // the next segment is named after the id it really starts with, and look at the one before.
      closeSync(fd);
      unlinkSync(path);
      segs.pop();
    }
  }

  /** Creates the segment starting at `first`; false if another handle created it first. */
  #startSegment(first: number): boolean {
    let fd: number;
    try {
      fd = openSync(join(this.#dir, segmentName(first)), 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = fd;
    this.#size = 0;
    this.#segs!.push(first);
    if (this.#opts.sync) {
      syncDir(this.#dir);
      if (this.#parentUnsynced) syncDir(dirname(this.#dir));
      this.#parentUnsynced = false;
    }
    return true;
  }
}

/** Where the intact frames of a segment end, and the last id they hold. */
function validPrefix(fd: number): { end: number; top: number } {
  const size = fstatSync(fd).size;
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  let end = 0;
  let top = 0;
  while (end + HEADER_BYTES <= size) {
    readSync(fd, header, 0, HEADER_BYTES, end);
    const h = decodeHeader(header);
    if (h === null || end + h.length > size || readFrame(fd, end, h) === null) break;
    end += h.length;
    top = h.firstId + h.count - 1;
  }
  return { end, top };
}

export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
