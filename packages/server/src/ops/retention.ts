import type { Logger } from '../logger.js';
import type { Storage } from '../storage/types.js';

export interface RetentionJob {
  /** Deletes every event older than the cutoff, batch by batch; returns how many it deleted. */
  runOnce(): Promise<number>;
  stop(): void;
}

/**
 * Deletes events older than `retentionDays` every `intervalMs`, in batches of `batchSize` so no
 * write transaction holds the database long (ingest and digest keep flowing). Timers are unref'd.
 */
export function startRetention(opts: {
  storage: Storage;
  logger: Logger;
  retentionDays: number;
  batchSize: number;
  intervalMs: number;
  /** Upper bound of batches per run, so one run cannot monopolise the database. */
  maxBatchesPerRun?: number;
}): RetentionJob {
  const maxBatches = opts.maxBatchesPerRun ?? 1000;
  let stopped = false;
  let running: Promise<number> | undefined;

  const runOnce = (): Promise<number> => {
    if (opts.retentionDays <= 0) return Promise.resolve(0);
    running ??= (async () => {
      const cutoff = Date.now() - opts.retentionDays * 86_400_000;
      let total = 0;
      try {
        for (let i = 0; i < maxBatches && !stopped; i++) {
          const deleted = await opts.storage.deleteEventsBefore(cutoff, opts.batchSize);
          total += deleted;
          if (deleted < opts.batchSize) break;
          // Yield between batches so requests waiting on the event loop get served.
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (total > 0)
          opts.logger.info(
            { deleted: total, retentionDays: opts.retentionDays },
            'retention deleted old events',
          );
      } catch (err) {
        opts.logger.error({ err }, 'retention run failed');
      } finally {
        running = undefined;
      }
      return total;
    })();
    return running;
  };

  const timer = setInterval(() => void runOnce(), Math.max(1000, opts.intervalMs));
  timer.unref();
  const first = setTimeout(() => void runOnce(), 5_000);
  first.unref();
  return {
    runOnce,
    stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
