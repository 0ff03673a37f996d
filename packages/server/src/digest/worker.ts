// The digest loop: claim a batch from the queue, turn each item into a DigestEvent, write the
// batch in one storage.digest() call. Bad payloads are dropped (never block the queue); storage
// failures back off and the leased items come back when their lease runs out.
import type { Logger } from 'pino';
import type { ClaimedQueueItem, DigestEvent, DigestOutcome, Storage } from '../storage/types.js';
import { buildDigestEvent } from './digest-event.js';
import { retryBusy } from './retry-busy.js';

export interface DigestWorkerOptions {
  storage: Storage;
  logger: Logger;
  /** Items per claim and per write transaction. */
  batchSize?: number;
  /** Pause when the queue is empty. */
  idleMs?: number;
  /**
   * Pause after a batch smaller than batchSize, so the next one fills up: every batch costs about
   * nine statements whatever its size, and a digest thread that keeps up would otherwise commit
   * many tiny ones (more CPU per event). At most min(fillMs, idleMs) of extra queryable latency.
   */
  fillMs?: number;
  /** Lease on claimed items; a crashed worker's items are claimable again after it. */
  leaseMs?: number;
  /** Longest pause after repeated storage failures. */
  maxBackoffMs?: number;
  /** Claims after which an item is digested alone, and dropped if it alone fails (a poison item). */
  isolateAfterAttempts?: number;
  /**
   * JSON depth limit for payloads. Ingest does not parse payloads whose envelope names the event,
   * so this is where too-deep ones are dropped; give it the ingest limit (maxJsonDepth).
   */
  maxJsonDepth?: number;
  /**
   * Batches in flight at once, each claimed, built and written by its own loop; only where claims
   * can run concurrently (PostgreSQL): there a batch spends most of its time waiting for round
   * trips, and another loop builds the next batch meanwhile. SQLite always runs one.
   */
  concurrency?: number;
  /** Called after each committed batch (alerts hook in here); its errors are logged, never rethrown. */
  onDigested?: (outcomes: DigestOutcome[], events: DigestEvent[]) => void | Promise<void>;
}

export interface DigestWorker {
  start(): void;
  /** Stops the loop and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Processes one batch; returns how many queue items it consumed (0: queue empty). */
  runOnce(): Promise<number>;
}

/**
 * Creates the digest worker.
 * @example
 * const worker = createDigestWorker({ storage, logger });
 * worker.start();
 * await worker.stop();
 */
export function createDigestWorker(opts: DigestWorkerOptions): DigestWorker {
  const { storage, logger } = opts;
  const batchSize = opts.batchSize ?? 200;
  const idleMs = opts.idleMs ?? 50;
  const fillMs = Math.min(opts.fillMs ?? 25, idleMs);
  const leaseMs = opts.leaseMs ?? 30_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 5_000;
  const isolateAfter = opts.isolateAfterAttempts ?? 3;

  const loopCount = storage.capabilities.concurrentClaims
    ? Math.max(1, Math.floor(opts.concurrency ?? 1))
    : 1;

  let running = false;
  let loops: Array<Promise<void>> = [];
  const wakers = new Set<() => void>();

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });
  }

  async function notify(outcomes: DigestOutcome[], events: DigestEvent[]): Promise<void> {
    if (!opts.onDigested) return;
    try {
      await opts.onDigested(outcomes, events);
    } catch (err) {
      logger.error({ err }, 'digest onDigested hook failed');
    }
  }

  /** Digests items that failed before one by one, so one poison item cannot stall the queue. */
  async function digestIsolated(events: DigestEvent[]): Promise<void> {
    for (const event of events) {
      try {
        const outcomes = await storage.digest([event]);
        await notify(outcomes, [event]);
      } catch (err) {
        // Only drop when the database itself is fine: during an outage every item fails alone too.
        if (!(await storage.ping().catch(() => false))) throw err;
        logger.error(
          { err, queueId: event.queueId, eventId: event.eventId },
          'digest failed for one item; dropped',
        );
        await storage.dropQueueItems([event.queueId]);
      }
    }
  }

  async function runOnce(): Promise<number> {
    const items = await retryBusy(() => storage.claimQueueItems(batchSize, leaseMs));
    if (items.length === 0) return 0;
    const events: DigestEvent[] = [];
    const suspects: DigestEvent[] = [];
    const drop: number[] = [];
    for (const item of items) {
      const event = build(item, drop);
      if (!event) continue;
      (item.attempts > isolateAfter ? suspects : events).push(event);
    }
    if (drop.length > 0) await retryBusy(() => storage.dropQueueItems(drop));
    if (events.length > 0) {
      // Retried here, not by the next loop turn: the claimed items stay leased until leaseMs.
      const outcomes = await retryBusy(() => storage.digest(events));
      await notify(outcomes, events);
    }
    if (suspects.length > 0) await digestIsolated(suspects);
    return items.length;
  }

  function build(item: ClaimedQueueItem, drop: number[]): DigestEvent | null {
    try {
      const event = buildDigestEvent(item, { maxDepth: opts.maxJsonDepth });
      if (!event) {
        logger.debug({ queueId: item.id, eventId: item.eventId }, 'not an error event; dropped');
        drop.push(item.id);
      }
      return event;
    } catch (err) {
      logger.warn(
        { err, queueId: item.id, projectId: item.projectId, eventId: item.eventId },
        'queue item cannot be digested; dropped',
      );
      drop.push(item.id);
      return null;
    }
  }

  async function run(): Promise<void> {
    let backoff = 0;
    while (running) {
      try {
        const n = await runOnce();
        backoff = 0;
        if (n === 0) await pause(idleMs);
        else if (n < batchSize && fillMs > 0) await pause(fillMs);
        // better-sqlite3 answers synchronously inside async methods: yield so HTTP keeps flowing.
        else await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (err) {
        backoff = Math.min(maxBackoffMs, Math.max(idleMs, backoff * 2, 100));
        logger.error({ err, retryInMs: backoff }, 'digest batch failed; backing off');
        await pause(backoff);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loops = Array.from({ length: loopCount }, () => run());
    },
    async stop() {
      running = false;
      for (const wake of [...wakers]) wake();
      await Promise.all(loops);
      loops = [];
    },
    runOnce,
  };
}
