// Group commit: the queue items of concurrent requests share one durable transaction. A request is
// answered only when the commit holding its items resolved, so a 200 always means "on disk", while
// the fsync cost is paid once per batch instead of once per event (research/limits.md: ~5.6k/s at
// batch 1 against ~33k/s at batch 100 on this machine).

export interface Batcher<T> {
  /** Resolves once `items` are committed; rejects if their commit failed. */
  add(items: T[]): Promise<void>;
  /** Commits whatever is pending and waits for in-flight commits. */
  drain(): Promise<void>;
  /** Commits done, items committed, and items waiting for a commit. */
  readonly stats: { commits: number; items: number; pending: number };
}

interface Pending<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A group-commit batcher: flushes at `maxBatch` items or `maxWaitMs` after the first pending one. */
export function createBatcher<T>(opts: {
  maxBatch: number;
  maxWaitMs: number;
  commit: (items: T[]) => Promise<void>;
}): Batcher<T> {
  const maxBatch = Math.max(1, opts.maxBatch);
  let pending: Array<Pending<T>> = [];
  let pendingCount = 0;
  let timer: NodeJS.Timeout | undefined;
  // One commit at a time, and the next batch is taken only when it ends: everything that arrived
  // meanwhile shares the next commit (up to maxBatch). Taking batches on the timer while a commit
  // runs would queue many small commits behind it instead (measured: most commits then held a few
  // events when the commit ran off the event loop).
  let committing = false;
  let inFlight: Promise<void> = Promise.resolve();
  const stats = { commits: 0, items: 0, pending: 0 };

  const take = (): Array<Pending<T>> => {
    let count = 0;
    let n = 0;
    while (n < pending.length && count < maxBatch) count += pending[n++]!.items.length;
    const batch = pending.slice(0, n);
    pending = pending.slice(n);
    pendingCount -= count;
    return batch;
  };

  const flush = (): Promise<void> => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (committing || pending.length === 0) return inFlight;
    committing = true;
    const batch = take();
    inFlight = (async () => {
      const items = batch.length === 1 ? batch[0]!.items : batch.flatMap((p) => p.items);
      try {
        // Counted as pending until settled either way.
        await opts.commit(items);
        stats.commits += 1;
        stats.items += items.length;
        stats.pending -= items.length;
        for (const p of batch) p.resolve();
      } catch (error) {
        stats.pending -= items.length;
        for (const p of batch) p.reject(error);
      } finally {
        committing = false;
        if (pending.length > 0) void flush();
      }
    })();
    return inFlight;
  };

  return {
    stats,
    add(items) {
      if (items.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        pending.push({ items, resolve, reject });
        pendingCount += items.length;
        stats.pending += items.length;
        if (pendingCount >= maxBatch) void flush();
        else if (!committing) timer ??= setTimeout(flush, opts.maxWaitMs);
      });
    },
    async drain() {
      // Each round commits at least one pending request, so this ends.
      while (committing || pending.length > 0) {
        await flush();
        await inFlight;
      }
    },
  };
}
