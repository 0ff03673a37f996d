// SQLite's busy handler sleeps in growing steps (10, 15, 20, 25… ms) while another connection holds
// the write lock, although the other writer (the queue writer) holds it for a few ms: connections
// opened without busy_timeout retry every millisecond instead, through this helper.

/** True for SQLite's "database is locked" (another connection holds the write lock). */
export function isBusy(error: unknown): boolean {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (e.code === 'SQLITE_BUSY') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Runs `fn`, again every `everyMs` while it fails with SQLITE_BUSY, for at most `giveUpMs`. */
export async function retryBusy<T>(fn: () => Promise<T>, everyMs = 1, giveUpMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!isBusy(error) || Date.now() - started > giveUpMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
