// The main thread's side of the queue writer thread (queue-writer-thread.ts).
import { Worker } from 'node:worker_threads';
import { threadEntry } from '../digest/thread-entry.js';
import type { Logger } from '../logger.js';
import type { QueueItem } from '../storage/types.js';
import type { QueueWriterData, QueueWriterReply, QueueWriterRequest } from './queue-writer-thread.js';

export interface QueueWriter {
  /** Resolves once the thread has opened its connection. */
  ready: Promise<void>;
  /** Resolves when `items` are committed (durably), rejects when their commit failed. */
  enqueue(items: QueueItem[]): Promise<void>;
  /** Waits for commits in flight, closes the connection and ends the thread. */
  close(): Promise<void>;
}

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

const WRITER_YOUNG_GENERATION_MB = 6;

/**
 * Starts the queue writer thread on `databaseUrl` (a SQLite file). A thread that dies fails the
 * commits it held (their requests get 503, clients retry) and is replaced on the next commit.
 * @example
 * const writer = startQueueWriter({ databaseUrl: 'sqlite:./data/faultline.db', logger });
 * await writer.ready;
 * await writer.enqueue(items);
 * await writer.close();
 */
export function startQueueWriter(opts: QueueWriterData & { logger: Logger }): QueueWriter {
  const entry = threadEntry(import.meta.url, 'queue-writer-thread');
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let worker: Worker | undefined;
  let ready!: Promise<void>;
  let closing = false;
  let closed: (() => void) | undefined;

  const spawn = (): Worker => {
    let lastError: unknown;
    const w = new Worker(entry.code, {
      eval: entry.eval,
      workerData: { databaseUrl: opts.databaseUrl } satisfies QueueWriterData,
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
      // The writer only passes transferred buffers to the queue log: it allocates little, and a
      // young generation of the default size (16 MiB semi-spaces) held ≈ 15 MB resident for it.
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
    });
    ready = new Promise<void>((resolve, reject) => {
      w.on('message', (m: QueueWriterReply) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'closed') closed?.();
        else {
          const wait = waiting.get(m.id);
          waiting.delete(m.id);
          if (m.error === undefined) wait?.resolve();
          else wait?.reject(new Error(`queue commit failed: ${m.error}`));
        }
      });
      w.on('error', (err) => {
        lastError = err;
        opts.logger.error({ err }, 'queue writer thread failed');
      });
      w.on('exit', (code) => {
        if (worker === w) worker = undefined;
        const why = lastError instanceof Error ? `: ${lastError.message}` : '';
        const error = new Error(`queue writer thread exited with code ${code}${why}`, { cause: lastError });
        reject(error);
        for (const wait of waiting.values()) wait.reject(error);
        waiting.clear();
        closed?.();
      });
    });
    // A failed start is reported through enqueue() and `ready`; never as an unhandled rejection.
    ready.catch(() => {});
    worker = w;
    return w;
  };
  spawn();

  return {
    get ready() {
      return ready;
    },
    enqueue(items) {
      if (closing) return Promise.reject(new Error('queue writer is closed'));
      const w = worker ?? spawn();
      // Posted at once, even before the thread is ready (its port holds messages until it listens),
      // so commits and close() keep the order they were called in.
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const { items: compact, buffer } = packPayloads(items);
        w.postMessage({ type: 'enqueue', id, items: compact } satisfies QueueWriterRequest, [buffer]);
      });
    },
    async close() {
      closing = true;
      const w = worker;
      if (w === undefined) return;
      await new Promise<void>((resolve) => {
        closed = resolve;
        // Messages are handled in order: the commits posted before this one finish first.
        w.postMessage({ type: 'close' } satisfies QueueWriterRequest);
      });
      if (worker === w) await new Promise<void>((resolve) => w.once('exit', () => resolve()));
    },
  };
}

/**
 * A payload is a view into a larger buffer (the request body, often a socket chunk), and structured
 * clone would copy all of that buffer: the batch's payloads are copied into one new buffer, and the
 * items carry views of it. Transferring that one buffer instead of one per item cost ~30 % less
 * main-thread CPU per item in postMessage (measured with 100-item batches).
 */
export function packPayloads(items: QueueItem[]): { items: QueueItem[]; buffer: ArrayBuffer } {
  let size = 0;
  for (const item of items) size += item.payload.byteLength;
  const all = new Uint8Array(size);
  let offset = 0;
  const packed = items.map((item) => {
    const length = item.payload.byteLength;
    all.set(item.payload, offset);
    const payload = all.subarray(offset, offset + length);
    offset += length;
    return { ...item, payload };
  });
  return { items: packed, buffer: all.buffer };
}
