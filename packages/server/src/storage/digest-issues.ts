// The issue half of digest's transaction: read (and on PostgreSQL lock) the batch's existing
// issues, then create or update all of them in ONE multi-row upsert. The merge rules (counts add,
// seen times widen, worst level wins, the newest event's wording, a resolved issue reopens as a
// regression) are CASE expressions both backends evaluate against the old row. Status changes
// (regressions, ignores running out) are decided from the row read here (digest-status.ts).
import { type RawBuilder, sql, type Transaction } from 'kysely';
import { chunks, num } from './codec.js';
import { type IssueGroup, issueKey } from './digest-plan.js';
import { parseDetails, type StatusChange, statusChange } from './digest-status.js';
import type { Ctx } from './flavor.js';
import type { Database } from './schema.js';
import type { DigestEvent } from './types.js';

type Tx = Transaction<Database>;

const CHUNK = 250;

export interface ExistingIssue {
  id: number;
  status: string;
  statusDetails: Record<string, unknown> | null;
  eventCount: number;
}

export interface GroupResult {
  issueId: number;
  isNew: boolean;
  isRegression: boolean;
}

/** Existing issues of the batch's groups by issue key; row-locked in id order where the backend can. */
export async function readIssues(
  tx: Tx,
  c: Ctx<Database>,
  groups: IssueGroup[],
): Promise<Map<string, ExistingIssue>> {
  const out = new Map<string, ExistingIssue>();
  // One probe of the unique (project_id, grouping_version, grouping_hash) index per project and
  // grouping version (a batch usually has one of each).
  const scopes = new Map<string, { projectId: number; version: number; hashes: string[] }>();
  for (const g of groups) {
    const k = `${g.projectId}:${g.groupingVersion}`;
    const scope = scopes.get(k) ?? { projectId: g.projectId, version: g.groupingVersion, hashes: [] };
    scope.hashes.push(g.groupingHash);
    scopes.set(k, scope);
  }
  // Sorted, like everything this transaction locks, so concurrent digests lock in the same order.
  for (const [, scope] of [...scopes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const part of chunks(scope.hashes, CHUNK)) {
      let q = tx
        .selectFrom('issues')
        .select(['id', 'grouping_hash', 'status', 'status_details', 'event_count'])
        .where('project_id', '=', scope.projectId)
        .where('grouping_version', '=', scope.version)
        .where('grouping_hash', 'in', part)
        .orderBy('id');
      if (c.flavor.rowLocks) q = q.forUpdate();
      for (const r of await q.execute()) {
        const key = issueKey({
          projectId: scope.projectId,
          groupingVersion: scope.version,
          groupingHash: r.grouping_hash,
        });
        out.set(key, {
          id: num(r.id),
          status: r.status,
          statusDetails: parseDetails(r.status_details),
          eventCount: num(r.event_count),
        });
      }
    }
  }
  return out;
}

const rank = (ref: string): RawBuilder<number> =>
  sql`case ${sql.ref(ref)} when 'fatal' then 4 when 'error' then 3 when 'warning' then 2 when 'info' then 1 else 0 end`;
const idIn = (ids: number[]) => sql`issues.id in (${sql.join(ids)})`;

/**
 * The status columns of the conflict branch. Only the issues whose status changes are named (in
 * practice few or none per batch), so the usual batch sets no status column at all. A row created
 * by another PostgreSQL digest since readIssues was not read and keeps its status (unresolved).
 */
function statusSet(changes: Map<number, StatusChange>) {
  const changed = [...changes].filter(([, c]) => c !== 'keep').map(([id]) => id);
  if (changed.length === 0) return {};
  const regressed = [...changes].filter(([, c]) => c === 'regress').map(([id]) => id);
  const w = idIn(changed);
  return {
    status: sql<string>`case when ${w} then 'unresolved' else issues.status end`,
    is_regression: regressed.length
      ? sql<number>`case when ${idIn(regressed)} then 1 else issues.is_regression end`
      : sql<number>`issues.is_regression`,
    resolved_at: sql<number | null>`case when ${w} then null else issues.resolved_at end`,
    status_details: sql<string | null>`case when ${w} then null else issues.status_details end`,
  };
}

/** Creates or updates every group's issue; returns the result per issue key. */
export async function upsertIssues(
  tx: Tx,
  groups: IssueGroup[],
  existing: Map<string, ExistingIssue>,
  events: DigestEvent[],
): Promise<Map<string, GroupResult>> {
  const results = new Map<string, GroupResult>();
  for (const part of chunks(groups, CHUNK)) {
    const changes = new Map<number, StatusChange>();
    for (const g of part) {
      const before = existing.get(g.key);
      if (before)
        changes.set(
          before.id,
          statusChange(
            before,
            g.members.map((i) => events[i]!),
          ),
        );
    }
    const rows = await tx
      .insertInto('issues')
      .values(
        part.map((g) => ({
          project_id: g.projectId,
          grouping_version: g.groupingVersion,
          grouping_hash: g.groupingHash,
          grouping_key: g.latest.groupingKey,
          grouping_components: JSON.stringify(g.latest.groupingComponents ?? null),
          title: g.latest.title,
          culprit: g.latest.culprit,
          level: g.level,
          status: 'unresolved',
          is_regression: 0,
          first_seen: g.firstSeen,
          last_seen: g.lastSeen,
          event_count: g.members.length,
          user_count: 0,
          status_details: null,
          resolved_at: null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['project_id', 'grouping_version', 'grouping_hash']).doUpdateSet((eb) => ({
          event_count: eb('issues.event_count', '+', eb.ref('excluded.event_count')),
          first_seen: sql`case when excluded.first_seen < issues.first_seen then excluded.first_seen else issues.first_seen end`,
          last_seen: sql`case when excluded.last_seen > issues.last_seen then excluded.last_seen else issues.last_seen end`,
          title: sql`case when excluded.last_seen >= issues.last_seen then excluded.title else issues.title end`,
          culprit: sql`case when excluded.last_seen >= issues.last_seen then excluded.culprit else issues.culprit end`,
          level: sql`case when ${rank('excluded.level')} > ${rank('issues.level')} then excluded.level else issues.level end`,
          ...statusSet(changes),
        })),
      )
      .returning(['id', 'project_id', 'grouping_version', 'grouping_hash', 'event_count'])
      .execute();
    const sizes = new Map(part.map((g) => [g.key, g.members.length]));
    for (const r of rows) {
      const key = issueKey({
        projectId: num(r.project_id),
        groupingVersion: num(r.grouping_version),
        groupingHash: r.grouping_hash,
      });
      const before = existing.get(key);
      results.set(key, {
        issueId: num(r.id),
        // Without a row read earlier the issue is new, unless another PostgreSQL digest process
        // created it meanwhile: then the conflict branch added to its count.
        isNew: !before && num(r.event_count) === sizes.get(key),
        isRegression: before !== undefined && changes.get(before.id) === 'regress',
      });
    }
  }
  return results;
}

/** Adds per-issue amounts to a counter column in one statement: col = col + CASE id WHEN … END. */
export async function addToIssues(
  tx: Tx,
  column: 'event_count' | 'user_count',
  amounts: Map<number, number>,
) {
  const entries = [...amounts].sort((a, b) => a[0] - b[0]);
  for (const part of chunks(entries, CHUNK)) {
    const whens = part.map(([id, k]) => sql`when ${id} then ${k}`);
    await tx
      .updateTable('issues')
      .set({
        [column]: sql`${sql.ref(column)} + case ${sql.ref('id')} ${sql.join(whens, sql` `)} else 0 end`,
      })
      .where(
        'id',
        'in',
        part.map(([id]) => id),
      )
      .execute();
  }
}
