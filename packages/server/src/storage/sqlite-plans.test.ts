// The read and write paths use indexes, checked against SQLite's own query planner: every statement
// the storage runs for these operations is re-run under EXPLAIN QUERY PLAN and must not scan a
// whole table. (PostgreSQL's planner picks by statistics and table size, so the same check there
// would say more about the test data than about the schema.)
import { tempDir } from '@faultline/test-utils';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, ingest, T0 } from './contract-fixtures.js';
import { openStorage } from './open-storage.js';
import type { QueryLogEntry } from './query-log.js';
import type { Storage } from './types.js';

const dir = tempDir('fl-storage-plans-');
const path = `${dir.path}/plans.db`;
const log: QueryLogEntry[] = [];
let storage: Storage;
let raw: Sqlite.Database;
let projectId = 0;
let issueId = 0;

beforeAll(async () => {
  storage = await openStorage(`sqlite:${path}`, { migrate: true, onQuery: (q) => log.push(q) });
  projectId = (await storage.createProject({ name: 'plans' })).id;
  const outs = await ingest(
    storage,
    Array.from({ length: 120 }, (_, i) => ({
      projectId,
      group: `g${i % 12}`,
      timestamp: T0 + i * 60_000,
      user: `u${i % 9}`,
      tags: [['browser', i % 2 ? 'Chrome' : 'Firefox'] as [string, string]],
    })),
  );
  issueId = outs[0]!.issueId;
  raw = new Sqlite(path, { readonly: true });
});

afterAll(async () => {
  raw?.close();
  await storage?.close();
  dir.remove();
});

/** Runs `op` and returns the plan lines of every statement it ran (BEGIN/COMMIT excluded). */
async function plansOf(op: () => Promise<unknown>): Promise<string[]> {
  log.length = 0;
  await op();
  const lines: string[] = [];
  for (const q of log) {
    if (/^(begin|commit|rollback)/i.test(q.sql)) continue;
    const params = q.parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    const rows = raw.prepare(`explain query plan ${q.sql}`).all(...params) as Array<{ detail: string }>;
    lines.push(...rows.map((r) => r.detail));
  }
  return lines;
}

// The queue is left out on purpose: a claim walks it in id order and its LIMIT stops the walk at the
// first claimable rows, which is cheaper than any index on lease_until; the queue is bounded.
const fullScans = (lines: string[]) =>
  lines.filter(
    (l) =>
      /^SCAN (issues|events|issue_tag_values|issue_users|issue_hourly_counts)\b/.test(l) && !/USING/.test(l),
  );

describe('sqlite query plans', () => {
  it('issue lists search the project indexes, for every sort and with tag filters', async () => {
    for (const sort of ['lastSeen', 'firstSeen', 'events', 'users'] as const) {
      const lines = await plansOf(() => storage.listIssues({ projectIds: [projectId], sort, limit: 5 }));
      expect(fullScans(lines), lines.join('\n')).toEqual([]);
      expect(
        lines.some((l) => /SEARCH issues USING (COVERING )?INDEX/.test(l)),
        lines.join('\n'),
      ).toBe(true);
    }
    const tagged = await plansOf(() =>
      storage.listIssues({
        projectIds: [projectId],
        status: 'unresolved',
        tags: [['browser', 'Chrome']],
        environment: 'production',
      }),
    );
    expect(fullScans(tagged), tagged.join('\n')).toEqual([]);
    expect(tagged.some((l) => /issue_tag_values/.test(l))).toBe(true);
  });

  it('event pages, neighbours, lookups, charts and tag distributions use indexes', async () => {
    const page = await storage.listEvents(issueId, { limit: 3 });
    const ops = [
      () => storage.listEvents(issueId, { limit: 3, cursor: page.nextCursor! }),
      () => storage.listEvents(issueId, { limit: 3, order: 'oldest' }),
      () => storage.adjacentEvents(issueId, page.items[1]!.id),
      () => storage.getEvent(projectId, page.items[0]!.eventId),
      () => storage.getEventById(page.items[0]!.id),
      () => storage.hourlyCounts(issueId, T0),
      () => storage.hourlyCountsForIssues([issueId, issueId + 1], T0),
      () => storage.tagDistribution(issueId),
      () => storage.getIssue(issueId),
    ];
    for (const op of ops) {
      const lines = await plansOf(op);
      expect(fullScans(lines), lines.join('\n')).toEqual([]);
    }
  });

  it('neighbours of an event are one range each way on (issue_id, timestamp, id)', async () => {
    const page = await storage.listEvents(issueId, { limit: 3 });
    const lines = await plansOf(() => storage.adjacentEvents(issueId, page.items[1]!.id));
    const ranges = lines.filter((l) =>
      /SEARCH events USING (COVERING )?INDEX events_issue_time \(issue_id=\? AND (timestamp[<>]\?|\(timestamp,id\)[<>]\(\?,\?\))\)/.test(
        l,
      ),
    );
    expect(ranges, lines.join('\n')).toHaveLength(2);
    expect(
      lines.filter((l) => /TEMP B-TREE/.test(l)),
      lines.join('\n'),
    ).toEqual([]);
  });

  it('hourly counts are read from the clustered primary key alone', async () => {
    const lines = [
      ...(await plansOf(() => storage.hourlyCounts(issueId, T0))),
      ...(await plansOf(() => storage.hourlyCountsForIssues([issueId, issueId + 1], T0))),
    ];
    const reads = lines.filter((l) => /issue_hourly_counts/.test(l));
    expect(reads.length, lines.join('\n')).toBeGreaterThan(0);
    for (const l of reads)
      expect(l, lines.join('\n')).toMatch(/SEARCH issue_hourly_counts USING (PRIMARY KEY|COVERING INDEX)/);
  });

  it('digest, claims and retention touch rows through indexes', async () => {
    const lines = [
      ...(await plansOf(() =>
        ingest(storage, [{ projectId, group: 'g1', timestamp: T0 + 5 * HOUR, user: 'u1' }]),
      )),
      ...(await plansOf(() => storage.deleteEventsBefore(T0 + 10 * 60_000, 5))),
    ];
    expect(fullScans(lines), lines.join('\n')).toEqual([]);
  });
});
