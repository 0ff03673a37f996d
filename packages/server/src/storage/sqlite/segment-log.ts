// Reading the queue log: a directory of segment files, each named by the first id it holds, each a
// run of frames (log-frame.ts). A reader keeps an index of the frames above the watermark (where each
// one is, which ids it holds), extended by hopping over the headers of frames written since its last
// look, so depth and oldestAt never scan the backlog and a claim can re-read any leased row. A frame
// that is short or damaged at the end of the log is not written yet as far as a reader knows: the
// writer is still writing it, or it is a torn tail that the writer cuts off when it next opens.
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeHeader,
  decodeRecords,
  type FrameHeader,
  frameIntact,
  HEADER_BYTES,
  type LogRecord,
  receivedAt,
  tableBytes,
} from './log-frame.js';

const SEGMENT = /^(\d{16})\.log$/;

/** A segment's file name: its first id, zero-padded so names sort like ids. */
export const segmentName = (firstId: number): string => `${String(firstId).padStart(16, '0')}.log`;

/** First ids of the segments in `dir`, ascending; none if the directory does not exist. */
export function listSegments(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: number[] = [];
  for (const n of names) {
    const m = SEGMENT.exec(n);
    if (m) out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

/** Opens a file for reading, or null if it is gone (a segment the writer trimmed). */
export function openIfExists(path: string, flags = 'r'): number | null {
  try {
    return openSync(path, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The whole frame at `off`, if it is there and intact. */
export function readFrame(fd: number, off: number, h: FrameHeader): Buffer | null {
  const buf = Buffer.allocUnsafe(h.length);
  if (readSync(fd, buf, 0, h.length, off) !== h.length || !frameIntact(buf)) return null;
  return buf;
}

interface Frame extends FrameHeader {
  seg: number;
  off: number;
}

const lastId = (f: FrameHeader): number => f.firstId + f.count - 1;
/** Decoded frames kept: a claim usually stops inside a frame and the next one resumes there. */
const DECODED = 4;

export class LogReader {
  readonly #dir: string;
  readonly #fds = new Map<number, number>();
  readonly #frames: Frame[] = [];
  readonly #decoded = new Map<Frame, LogRecord[]>();
  readonly #header = Buffer.allocUnsafe(HEADER_BYTES);
  #scanSeg: number | undefined;
  #scanOff = 0;
  #top = 0;
  /** The highest id among frames already forgotten (at or below the watermark). */
  #prunedTop = 0;
  /** Whether the last #records() call found its frame written over and dropped the segment's index. */
  #reindexed = false;
  #oldest: { frame: Frame; w: number; at: number } | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** The highest id written (0 if none), once frames written since the last look are indexed. */
  top(w: number): number {
    this.#refresh(w);
    return this.#top;
  }

  /** Rows with ids above `from` (≥ the watermark `w`), in id order, as far as they are written. */
  *rowsAfter(from: number, w: number): Generator<LogRecord> {
    let after = from;
    // A second pass only if the first found a frame written over since it was indexed.
    for (let pass = 0; pass < 2; pass++) {
      this.#refresh(w);
      const frames = this.#frames;
      let i = 0;
      while (i < frames.length && lastId(frames[i]!) <= after) i++;
      for (; i < frames.length; i++) {
        const f = frames[i]!;
        const rows = this.#records(f);
        if (rows === null) break;
        for (let j = Math.max(0, after + 1 - f.firstId); j < rows.length; j++) {
          after = rows[j]!.id;
          yield rows[j]!;
        }
      }
      if (i === frames.length || !this.#reindexed) return;
    }
  }

  /**
   * The earliest receive time among the rows of the first frame above the watermark. Receive times
   * are out of order only within one ingest commit, which is one frame.
   */
  oldestAfter(w: number): number | null {
    this.#refresh(w);
    const f = this.#frames[0];
    if (f === undefined) return null;
    if (this.#oldest?.frame === f && this.#oldest.w === w) return this.#oldest.at;
    const fd = this.#fd(f.seg);
    if (fd === null) return null;
    const head = Buffer.allocUnsafe(tableBytes(f));
    if (readSync(fd, head, 0, head.length, f.off) !== head.length) return null;
    let at = Number.POSITIVE_INFINITY;
    for (let i = Math.max(0, w + 1 - f.firstId); i < f.count; i++) at = Math.min(at, receivedAt(head, i));
    this.#oldest = { frame: f, w, at };
    return at;
  }

  close(): void {
    for (const fd of this.#fds.values()) closeSync(fd);
    this.#fds.clear();
    this.#decoded.clear();
  }

  #refresh(w: number): void {
    this.#index(w);
    this.#prune(w);
  }

  #index(w: number): void {
    if (this.#scanSeg === undefined) {
      const segs = listSegments(this.#dir);
      if (segs.length === 0) return;
      // The last segment starting at or below the first row above the watermark holds that row.
      let start = segs[0]!;
      for (const s of segs) if (s <= w + 1) start = s;
      this.#scanSeg = start;
      this.#scanOff = 0;
    }
    for (;;) {
      const seg: number = this.#scanSeg;
      const fd = this.#fd(seg);
      if (fd === null) {
        // Trimmed under us: every row in it is at or below the watermark; go on with the next one.
        const next: number | undefined = listSegments(this.#dir).find((s) => s > seg);
        if (next === undefined) return;
        this.#scanSeg = next;
        this.#scanOff = 0;
        continue;
      }
      if (!this.#scan(seg, fd)) return;
      const next: number | undefined = listSegments(this.#dir).find((s) => s > seg);
      if (next === undefined) return;
      // The writer finished this segment before creating the next: a last look catches its tail.
      if (!this.#scan(seg, fd)) return;
      this.#scanSeg = next;
      this.#scanOff = 0;
    }
  }

  /** Indexes the frames of `seg` from the scan position on; true if it reached the end of the file. */
  #scan(seg: number, fd: number): boolean {
    const size = fstatSync(fd).size;
    if (size < this.#scanOff) this.#forgetSegment(seg);
    let again = false;
    while (this.#scanOff + HEADER_BYTES <= size) {
      readSync(fd, this.#header, 0, HEADER_BYTES, this.#scanOff);
      const h = decodeHeader(this.#header);
      if (h === null) {
        // Bytes below the file size are written, so this is no header being written but a damaged
        // tail, or one the writer cut off and wrote over: what this reader indexed there may be
        // stale, so index the segment again, once (rare: only after a crash).
        if (this.#scanOff === 0 || again) return false;
        again = true;
        this.#forgetSegment(seg);
        continue;
      }
      if (this.#scanOff + h.length > size) return false;
      this.#frames.push({ ...h, seg, off: this.#scanOff });
      this.#top = Math.max(this.#top, lastId(h));
      this.#scanOff += h.length;
    }
    return this.#scanOff === size;
  }

  /** Drops what this reader indexed in `seg` (the last segment), to index it again from the start. */
  #forgetSegment(seg: number): void {
    const frames = this.#frames;
    while (frames.length > 0 && frames.at(-1)!.seg === seg) frames.pop();
    const last = frames.at(-1);
    this.#top = last === undefined ? this.#prunedTop : lastId(last);
    this.#scanSeg = seg;
    this.#scanOff = 0;
    this.#decoded.clear();
    this.#oldest = undefined;
  }

  /** Forgets frames whose rows are all at or below the watermark, and the segments they were in. */
  #prune(w: number): void {
    const frames = this.#frames;
    let k = 0;
    while (k < frames.length && lastId(frames[k]!) <= w) k++;
    if (k === 0) return;
    this.#prunedTop = Math.max(this.#prunedTop, lastId(frames[k - 1]!));
    frames.splice(0, k);
    const keep = frames[0]?.seg ?? this.#scanSeg ?? 0;
    for (const [seg, fd] of this.#fds) {
      if (seg >= keep) continue;
      closeSync(fd);
      this.#fds.delete(seg);
    }
  }

  #records(f: Frame): LogRecord[] | null {
    this.#reindexed = false;
    const hit = this.#decoded.get(f);
    if (hit) return hit;
    const fd = this.#fd(f.seg);
    if (fd === null) return null;
    const buf = readFrame(fd, f.off, f);
    const h = buf === null ? null : decodeHeader(buf);
    if (
      buf === null ||
      h === null ||
      h.firstId !== f.firstId ||
      h.count !== f.count ||
      h.length !== f.length
    ) {
      // Damaged, or cut off by the writer's repair and written over: not there yet for this reader.
      if (f.seg === this.#scanSeg) {
        this.#forgetSegment(f.seg);
        this.#reindexed = true;
      }
      return null;
    }
    const rows = decodeRecords(buf, h);
    if (this.#decoded.size >= DECODED) this.#decoded.delete(this.#decoded.keys().next().value!);
    this.#decoded.set(f, rows);
    return rows;
  }

  #fd(seg: number): number | null {
    let fd = this.#fds.get(seg);
    if (fd === undefined) {
      const opened = openIfExists(join(this.#dir, segmentName(seg)));
      if (opened === null) return null;
      fd = opened;
      this.#fds.set(seg, fd);
    }
    return fd;
  }
}
