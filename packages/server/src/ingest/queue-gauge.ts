import type { Storage } from '../storage/types.js';

/**
 * The queue depth as ingest sees it, without a COUNT(*) per request: the last measured depth plus
 * what this process enqueued since. It is re-measured in the background at most every `refreshMs`
 * (digest and other processes change the real depth), so a request never waits on it.
 */
export class QueueGauge {
  private measured = 0;
  private addedSince = 0;
  private measuredAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly refreshMs = 250,
  ) {}

  /** Current estimate; starts a background refresh when stale. */
  depth(): number {
    if (Date.now() - this.measuredAt >= this.refreshMs) void this.refresh();
    return this.measured + this.addedSince;
  }

  added(count: number): void {
    this.addedSince += count;
  }

  /** Measures now (start-up and /healthz). */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      const before = this.addedSince;
      try {
        this.measured = await this.storage.queueDepth();
        this.addedSince -= before;
        this.measuredAt = Date.now();
      } catch {
        // A failing database shows in /healthz; the estimate stays as it was.
        this.measuredAt = Date.now();
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
