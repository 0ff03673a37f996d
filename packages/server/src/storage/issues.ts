// The issue list (filters, sorts, keyset pages) and issue state changes.
import { type ExpressionBuilder, sql } from 'kysely';
import { chunks, num, toIssue } from './codec.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Ctx } from './flavor.js';
import type { Database } from './schema.js';
import type { Issue, IssueQuery, IssueSort, IssueStatus, Page } from './types.js';

type C = Ctx<Database>;

const SORT_COLUMN = {
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  events: 'event_count',
  users: 'user_count',
} as const satisfies Record<IssueSort, string>;

export const DEFAULT_PAGE = 25;
export const MAX_PAGE = 500;

export const clampLimit = (limit: number | undefined): number =>
  Math.max(1, Math.min(MAX_PAGE, Math.floor(limit ?? DEFAULT_PAGE)));

/** LIKE pattern for a case-insensitive substring match, with the user's % and _ taken literally. */
const containsPattern = (text: string): string =>
  `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

const hasTag = (key: string, value: string) => (eb: ExpressionBuilder<Database, 'issues'>) =>
  eb.exists(
    eb
      .selectFrom('issue_tag_values as t')
      .select(sql`1`.as('one'))
      .whereRef('t.issue_id', '=', 'issues.id')
      .where('t.key', '=', key)
      .where('t.value', '=', value),
  );

/** One page of issues, newest-first by the chosen sort (ties broken by id, newest first). */
export async function listIssues(c: C, query: IssueQuery): Promise<Page<Issue>> {
  if (query.projectIds && query.projectIds.length === 0) return { items: [], nextCursor: null };
  const sort = query.sort ?? 'lastSeen';
  const col = SORT_COLUMN[sort];
  const limit = clampLimit(query.limit);
  let q = c.db.selectFrom('issues').selectAll();
  if (query.projectIds) q = q.where('project_id', 'in', query.projectIds);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.level) q = q.where('level', '=', query.level);
  // Environment and release are tags of the issue's events (an issue spans several of each).
  const tags: Array<[string, string]> = [...(query.tags ?? [])];
  if (query.environment !== undefined) tags.push(['environment', query.environment]);
  if (query.release !== undefined) tags.push(['release', query.release]);
  for (const [k, v] of tags) q = q.where(hasTag(k, v));
  if (query.text) {
    const p = containsPattern(query.text);
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(title)`, 'like', sql`${p} escape '\\'`),
        eb(sql`lower(culprit)`, 'like', sql`${p} escape '\\'`),
      ]),
    );
  }
  if (query.cursor) {
    const pos = decodeCursor(query.cursor, `issues:${sort}`);
    q = q.where((eb) =>
      eb.or([eb(col, '<', pos.value), eb.and([eb(col, '=', pos.value), eb('id', '<', pos.id)])]),
    );
  }
  const rows = await q
    .orderBy(col, 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toIssue);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    items,
    nextCursor: last
      ? encodeCursor({ kind: `issues:${sort}`, value: num(last[col]), id: num(last.id) })
      : null,
  };
}

export async function getIssue(c: C, id: number): Promise<Issue | undefined> {
  const row = await c.db.selectFrom('issues').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toIssue(row);
}

/**
 * A status set by a person: clears the regression mark, stamps resolved_at when resolving, and
 * replaces the status details (ignore/resolve conditions) with `details`. Two details are completed
 * here, per issue, so digest can decide from the row alone (storage/digest-status.ts):
 * `ignoreUntilCount` gets `ignoreBaseCount` (the event count now), and `inNextRelease` without a
 * `release` gets the release of the issue's newest event.
 */
export async function setIssueStatus(
  c: C,
  ids: number[],
  status: IssueStatus,
  details?: Record<string, unknown> | null,
): Promise<void> {
  if (ids.length === 0) return;
  const base = {
    status,
    is_regression: 0,
    resolved_at: status === 'resolved' ? Date.now() : null,
  };
  const needsBase = status === 'ignored' && typeof details?.ignoreUntilCount === 'number';
  const needsRelease =
    status === 'resolved' && details?.inNextRelease === true && typeof details.release !== 'string';
  if (!details || (!needsBase && !needsRelease)) {
    await c.db
      .updateTable('issues')
      .set({ ...base, status_details: details ? JSON.stringify(details) : null })
      .where('id', 'in', ids)
      .execute();
    return;
  }
  await c.db.transaction().execute(async (tx) => {
    for (const part of chunks(
      [...new Set(ids)].sort((a, b) => a - b),
      250,
    )) {
      // Locked where the backend can, so no digest adds events between the count and the update.
      let q = tx.selectFrom('issues').select(['id', 'event_count']).where('id', 'in', part).orderBy('id');
      if (c.flavor.rowLocks) q = q.forUpdate();
      const whens = [];
      for (const r of await q.execute()) {
        const id = num(r.id);
        const d: Record<string, unknown> = { ...details };
        if (needsBase) d.ignoreBaseCount = num(r.event_count);
        if (needsRelease) {
          const newest = await tx
            .selectFrom('events')
            .select('release')
            .where('issue_id', '=', id)
            .orderBy('timestamp', 'desc')
            .orderBy('id', 'desc')
            .limit(1)
            .executeTakeFirst();
          d.release = newest?.release ?? null;
        }
        whens.push(sql`when ${id} then ${JSON.stringify(d)}`);
      }
      if (whens.length === 0) continue;
      await tx
        .updateTable('issues')
        .set({ ...base, status_details: sql<string>`case id ${sql.join(whens, sql` `)} end` })
        .where('id', 'in', part)
        .execute();
    }
  });
}

/** Deletes an issue with its events, tags, users and hourly counts (foreign keys cascade). */
export async function deleteIssue(c: C, id: number): Promise<void> {
  await c.db.deleteFrom('issues').where('id', '=', id).execute();
}
