// The queue writer thread: ingest's group commits, on a connection of their own. better-sqlite3 is
// synchronous, so a commit run on the main thread blocks the event loop for its fsync
// (synchronous=FULL): no request is read meanwhile, and the next batch cannot fill. Here the main
// thread keeps reading while a batch is committed.
import { parentPort, workerData } from 'node:worker_threads';
import { retryBusy } from '../digest/retry-busy.js';
import { openStorage } from '../storage/index.js';
import type { QueueItem } from '../storage/types.js';

export interface QueueWriterData {
  databaseUrl: string;
}

export type QueueWriterRequest = { type: 'enqueue'; id: number; items: QueueItem[] } | { type: 'close' };

export type QueueWriterReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; error?: string }
  | { type: 'closed' };

async function main(port: NonNullable<typeof parentPort>, data: QueueWriterData): Promise<void> {
  // FULL: a 200 tells the client its event is on disk, power loss included. On SQLite the commits
  // go to the queue file, which only this thread writes (storage/sqlite/file-queue.ts); on
  // PostgreSQL to the queue table. A busy database is retried every millisecond (retryBusy) rather
  // than through SQLite's busy handler, which sleeps in growing 10–25 ms steps. The main database
  // is only read here (the digest watermark): a small page cache is plenty.
  const storage = await openStorage(data.databaseUrl, { synchronous: 'FULL', busyTimeoutMs: 0, cacheMiB: 2 });
  const post = (m: QueueWriterReply) => port.postMessage(m);
  // Commits run one after another, and close waits for the last one.
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (m: QueueWriterRequest) => {
    if (m.type === 'close') {
      chain = chain.then(async () => {
        await storage.close();
        post({ type: 'closed' });
        port.close();
      });
      return;
    }
    chain = chain.then(() =>
      retryBusy(() => storage.enqueue(m.items)).then(
        () => post({ type: 'done', id: m.id }),
        (error: unknown) =>
          post({ type: 'done', id: m.id, error: error instanceof Error ? error.message : String(error) }),
      ),
    );
  });
  post({ type: 'ready' });
}

if (parentPort !== null) {
  const port = parentPort;
  main(port, workerData as QueueWriterData).catch((error: unknown) => {
    process.nextTick(() => {
      throw error;
    });
  });
}
