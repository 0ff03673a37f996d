// Test-only helpers shared by the digest worker suites (SQLite and PostgreSQL).
import { pino } from 'pino';
import { loadFixtureEvents } from '../../../protocol/src/test-fixtures.js';
import type { DigestOutcome, QueueItem, Storage } from '../storage/types.js';

export const enc = (s: string) => new TextEncoder().encode(s);
export const fixtures = loadFixtureEvents();

export function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

export function fixtureItems(projectId: number): QueueItem[] {
  return fixtures.map((f) => ({
    projectId,
    eventId: f.headerEventId ?? (JSON.parse(new TextDecoder().decode(f.payload)).event_id as string),
    receivedAt: f.receivedAt,
    payload: f.payload,
    meta: { remoteAddr: '127.0.0.1', ...(f.userAgent ? { userAgent: f.userAgent } : {}) },
  }));
}

export async function drain(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < 1000; i++) {
    const k = await run();
    if (k === 0) return total;
    total += k;
  }
  throw new Error('queue did not drain');
}

export async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in time');
}

/**
 * The real storage, counting the digest() calls running at the same moment. Each call yields a few
 * ms first, so loops that could overlap do.
 */
export function countingDigests(real: Storage): { storage: Storage; mostInFlight(): number } {
  let inFlight = 0;
  let most = 0;
  const storage: Storage = {
    ...real,
    async digest(events) {
      most = Math.max(most, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await real.digest(events);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { storage, mostInFlight: () => most };
}

/** The event ids digest stored, sorted: with the queued items' ids, "every event stored exactly once". */
export function storedIds(outcomes: DigestOutcome[]): string[] {
  return outcomes
    .filter((o) => o.stored)
    .map((o) => o.eventId)
    .sort();
}
