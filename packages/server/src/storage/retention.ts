// Retention: deletes the oldest events in small batches (each its own short transaction, so digest
// is never blocked for long). What it keeps honest, per touched issue: event_count (it stays equal
// to the number of stored events), hourly counts of hours wholly before the cutoff (deleted), and
// issues left without events (deleted, with their tags and users). What it leaves: first_seen,
// user_count and tag value counts stay all-time figures, because the per-event facts they were
// built from are not indexed per event.
import { chunks, num } from './codec.js';
import { HOUR_MS } from './digest-plan.js';
import type { Ctx } from './flavor.js';
import type { Database } from './schema.js';

type C = Ctx<Database>;

export async function deleteEventsBefore(c: C, cutoffMs: number, batchSize: number): Promise<number> {
  const limit = Math.max(1, Math.floor(batchSize));
  return c.db.transaction().execute(async (tx) => {
    const victims = await tx
      .selectFrom('events')
      .select(['id', 'issue_id'])
      .where('timestamp', '<', cutoffMs)
      .orderBy('timestamp')
      .orderBy('id')
      .limit(limit)
      .execute();
    if (victims.length === 0) return 0;
    const perIssue = new Map<number, number>();
    for (const v of victims) perIssue.set(num(v.issue_id), (perIssue.get(num(v.issue_id)) ?? 0) + 1);
    for (const part of chunks(
      victims.map((v) => num(v.id)),
      500,
    )) {
      await tx.deleteFrom('events').where('id', 'in', part).execute();
    }
    const issueIds = [...perIssue.keys()].sort((a, b) => a - b);
    for (const issueId of issueIds) {
      const k = perIssue.get(issueId)!;
      await tx
        .updateTable('issues')
        .set((eb) => ({ event_count: eb('event_count', '-', k) }))
        .where('id', '=', issueId)
        .execute();
    }
    const cutoffHour = Math.floor(cutoffMs / HOUR_MS) * HOUR_MS;
    for (const part of chunks(issueIds, 500)) {
      await tx.deleteFrom('issues').where('id', 'in', part).where('event_count', '<=', 0).execute();
      await tx
        .deleteFrom('issue_hourly_counts')
        .where('issue_id', 'in', part)
        .where('hour', '<', cutoffHour)
        .execute();
    }
    return victims.length;
  });
}
