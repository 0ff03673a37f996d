// The issue list (filters, sorts, keyset pages) and issue state changes.
import { type ExpressionBuilder, sql } from 'kysely';
import { num, toIssue } from './codec.js';
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
 * replaces the status details (ignore/resolve conditions) with `details`.
 */
export async function setIssueStatus(
  c: C,
  ids: number[],
  status: IssueStatus,
  details?: Record<string, unknown> | null,
): Promise<void> {
  if (ids.length === 0) return;
  await c.db
    .updateTable('issues')
    .set({
      status,
      is_regression: 0,
      resolved_at: status === 'resolved' ? Date.now() : null,
      status_details: details ? JSON.stringify(details) : null,
    })
    .where('id', 'in', ids)
    .execute();
}

/** Deletes an issue with its events, tags, users and hourly counts (foreign keys cascade). */
export async function deleteIssue(c: C, id: number): Promise<void> {
  await c.db.deleteFrom('issues').where('id', '=', id).execute();
}
