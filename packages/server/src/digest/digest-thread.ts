// The digest loop in its own thread (worker_threads), with its own storage connection. One
// event loop cannot both accept and digest 5,000 events/s (research/limits.md: accept ≈ 73 µs +
// digest ≈ 133 µs of CPU per event), so the digest runs beside ingest on the second core, still in
// one process. On SQLite the queue is a file of its own (storage/sqlite/file-queue.ts), so ingest's
// writer and the digest never wait for each other's write lock.
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger.js';
import { openStorage } from '../storage/index.js';
import type { DigestThreadData, DigestThreadMessage } from './digest-thread-protocol.js';
import { createDigestWorker } from './worker.js';

async function main(port: NonNullable<typeof parentPort>, data: DigestThreadData): Promise<void> {
  const logger = createLogger(data.logLevel).child({ component: 'digest' });
  // The digest connection may stay synchronous=NORMAL: it marks queue rows done in the transaction
  // that stores their events, so a power loss can only roll both back together, and the queue row,
  // committed with FULL by ingest, is then digested again.
  // No busy_timeout: the worker retries a busy write lock every millisecond (retry-busy.ts).
  // 16 MiB of page cache holds what a digest touches (the right edges of the append-only tables and
  // indexes, the issue rows, the event-id index of recent weeks); more only adds to the RSS.
  const storage = await openStorage(data.databaseUrl, {
    synchronous: 'NORMAL',
    busyTimeoutMs: 0,
    cacheMiB: 16,
    // Checkpoints every ≈ 32 MB of WAL instead of 4: fewer copies of the pages every batch touches.
    walAutocheckpointPages: 8000,
  });
  const post = (m: DigestThreadMessage) => port.postMessage(m);
  const worker = createDigestWorker({
    storage,
    logger,
    batchSize: data.batchSize,
    idleMs: data.idleMs,
    leaseMs: data.leaseMs,
    concurrency: data.concurrency,
    maxJsonDepth: data.maxJsonDepth,
    onDigested: (outcomes) => {
      let stored = 0;
      let newIssues = 0;
      for (const o of outcomes) {
        if (o.stored) stored += 1;
        if (o.isNewIssue) newIssues += 1;
      }
      post({ type: 'digested', stored, newIssues });
    },
  });
  port.on('message', (m: { type: 'stop' }) => {
    if (m.type !== 'stop') return;
    void (async () => {
      await worker.stop();
      await storage.close();
      post({ type: 'stopped' });
      port.close();
    })();
  });
  worker.start();
  post({ type: 'ready' });
}

if (parentPort !== null) {
  const port = parentPort;
  main(port, workerData as DigestThreadData).catch((error: unknown) => {
    // Thrown outside the promise, it ends the thread and surfaces as the Worker's 'error' event in
    // the main thread, which logs it and starts a new thread.
    process.nextTick(() => {
      throw error;
    });
  });
}
