// Threshold triggers inside the digest transaction, at a cost per batch of one upsert per window
// round (usually one) over the batch's (scope, issue) pairs, which also returns the updated counts:
// no window scans. A scope is a counting kind, a window length and the rules' filters, so rules
// with equal filters and windows share one row per issue.
//
// Windows are fixed (aligned to the clock) and the row keeps the current and the previous one:
// - frequency estimates the sliding window as cur + prev × (the part of the previous window still
//   inside the sliding one), the sliding-window-counter approximation rate limiters use;
// - users counts the distinct users of the current fixed window (exact for that window);
// - escalation compares that estimate with a moving average of completed windows (weight
//   width / baseline, bias-corrected while young; a run of empty windows decays it by one step).
import { type Kysely, sql } from 'kysely';
import { isEscalating, matchesFilters, minuteOf, scopeOf } from './alerts-match.js';
import type { AlertTables } from './alerts-schema.js';
import type { AlertRule } from './alerts-types.js';
import { chunks, num } from './codec.js';
import type { DigestEvent, DigestOutcome } from './types.js';

type Db = Kysely<AlertTables>;

export interface Candidate {
  rule: AlertRule;
  issueId: number;
  event: DigestEvent;
  count?: number;
}

interface Scope {
  key: string;
  kind: 'n' | 'u' | 'e';
  width: number;
  alpha: number;
  rules: AlertRule[];
  /** Issues of the batch matching the scope's filters, with their latest matching event. */
  seen: Map<number, DigestEvent>;
}

interface WindowRow {
  scope: string;
  issue_id: number;
  width: number;
  alpha: number;
  bucket: number;
  cur: number;
  prev: number;
  avg: number;
  seen: number;
}

const CHUNK = 200;
const col = (c: string) => sql.ref(`alert_windows.${c}`);
const ex = (c: string) => sql.ref(`excluded.${c}`);
const later = sql`${ex('bucket')} > ${col('bucket')}`;
const next = sql`${ex('bucket')} = ${col('bucket')} + ${col('width')}`;
const folded = sql`${col('avg')} * (1 - ${col('alpha')}) + ${col('cur')} * ${col('alpha')}`;

function scopesOf(rules: AlertRule[]): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  for (const rule of rules) {
    const kind: Scope['kind'] = rule.trigger === 'users' ? 'u' : rule.trigger === 'escalation' ? 'e' : 'n';
    const tag = kind === 'e' ? `e${rule.baselineMinutes}` : kind;
    const key = `${tag}|${rule.windowMinutes}|${scopeOf(rule.filters)}`;
    const alpha = kind === 'e' ? Math.min(1, rule.windowMinutes / rule.baselineMinutes) : 1;
    const scope: Scope = scopes.get(key) ?? {
      key,
      kind,
      width: rule.windowMinutes,
      alpha,
      rules: [],
      seen: new Map(),
    };
    scope.rules.push(rule);
    scopes.set(key, scope);
  }
  return scopes;
}

/** Updates the windows of the batch's issues and returns the threshold rules they trip. */
export async function countAndCheck(
  db: Db,
  rules: AlertRule[],
  events: DigestEvent[],
  outcomes: DigestOutcome[],
  batchNow: number,
): Promise<Candidate[]> {
  const scopes = scopesOf(rules);
  const adds = new Map<string, WindowRow>();
  const users = new Map<string, { scope: string; issue_id: number; bucket: number; user_key: string }>();
  for (const scope of scopes.values()) {
    const { filters, projectId } = scope.rules[0]!;
    outcomes.forEach((o, i) => {
      const e = events[i]!;
      if (!o.stored || e.projectId !== projectId || !matchesFilters(filters, e)) return;
      scope.seen.set(o.issueId, e);
      const bucket = Math.floor(minuteOf(e.receivedAt) / scope.width) * scope.width;
      if (scope.kind === 'u') {
        if (e.userKey === null) return;
        const k = `${scope.key}\u0000${o.issueId}\u0000${bucket}\u0000${e.userKey}`;
        users.set(k, { scope: scope.key, issue_id: o.issueId, bucket, user_key: e.userKey });
        return;
      }
      add(adds, scope, o.issueId, bucket, 1);
    });
  }
  // Sorted keys: two PostgreSQL digest processes lock rows in the same order.
  for (const part of chunks(sortedValues(users), CHUNK)) {
    const fresh = await db
      .insertInto('alert_users')
      .values(part)
      .onConflict((oc) => oc.columns(['scope', 'issue_id', 'bucket', 'user_key']).doNothing())
      .returning(['scope', 'issue_id', 'bucket'])
      .execute();
    for (const r of fresh) add(adds, scopes.get(r.scope)!, num(r.issue_id), num(r.bucket), 1);
  }

  const state = new Map<string, WindowRow>();
  // A batch spanning a window boundary updates the older window first, then the newer one.
  const rounds = new Map<number, WindowRow[]>();
  const depth = new Map<string, number>();
  for (const row of sortedValues(adds).sort((a, b) => a.bucket - b.bucket)) {
    const k = `${row.scope}\u0000${row.issue_id}`;
    const d = depth.get(k) ?? 0;
    depth.set(k, d + 1);
    rounds.set(d, [...(rounds.get(d) ?? []), row]);
  }
  for (const d of [...rounds.keys()].sort((a, b) => a - b)) {
    for (const part of chunks(rounds.get(d)!, CHUNK)) {
      for (const r of await upsertWindows(db, part)) state.set(`${r.scope}\u0000${r.issue_id}`, r);
    }
  }

  const out: Candidate[] = [];
  const nowMinute = minuteOf(batchNow);
  for (const scope of scopes.values()) {
    for (const [issueId, event] of scope.seen) {
      const w = state.get(`${scope.key}\u0000${issueId}`);
      if (!w) continue;
      const inside = Math.min(1, Math.max(0, (nowMinute + 1 - w.bucket) / w.width));
      const sliding = Math.round(w.cur + w.prev * (1 - inside));
      for (const rule of scope.rules) {
        let count: number;
        let fire: boolean;
        if (scope.kind === 'u') {
          count = w.cur;
          fire = count > rule.threshold;
        } else if (scope.kind === 'e') {
          count = sliding;
          const baseline = w.seen > 0 ? w.avg / (1 - (1 - w.alpha) ** w.seen) : 0;
          fire = isEscalating(rule, count, baseline, w.seen);
        } else {
          count = sliding;
          fire = count > rule.threshold;
        }
        if (fire) out.push({ rule, issueId, event, count });
      }
    }
  }
  return out;
}

function add(adds: Map<string, WindowRow>, scope: Scope, issueId: number, bucket: number, n: number) {
  const k = `${scope.key}\u0000${issueId}\u0000${bucket}`;
  const row = adds.get(k);
  if (row) row.cur += n;
  else
    adds.set(k, {
      scope: scope.key,
      issue_id: issueId,
      width: scope.width,
      alpha: scope.alpha,
      bucket,
      cur: n,
      prev: 0,
      avg: 0,
      seen: 0,
    });
}

const sortedValues = <T>(m: Map<string, T>): T[] =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** One multi-row upsert that rolls windows forward and returns the rows as they are now. */
async function upsertWindows(db: Db, rows: WindowRow[]): Promise<WindowRow[]> {
  // In ON CONFLICT … DO UPDATE every right-hand side reads the row as it was before the update.
  const result = await db
    .insertInto('alert_windows')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['scope', 'issue_id']).doUpdateSet({
        prev: sql`case when ${ex('bucket')} = ${col('bucket')} then ${col('prev')} when ${next} then ${col('cur')} when ${later} then 0 else ${col('prev')} end`,
        avg: sql`case when ${next} then ${folded} when ${later} then (${folded}) * (1 - ${col('alpha')}) else ${col('avg')} end`,
        seen: sql`case when ${later} then ${col('seen')} + (${ex('bucket')} - ${col('bucket')}) / ${col('width')} else ${col('seen')} end`,
        cur: sql`case when ${later} then ${ex('cur')} else ${col('cur')} + ${ex('cur')} end`,
        bucket: sql`case when ${later} then ${ex('bucket')} else ${col('bucket')} end`,
      }),
    )
    .returningAll()
    .execute();
  return result.map((r) => ({
    scope: r.scope,
    issue_id: num(r.issue_id),
    width: num(r.width),
    alpha: num(r.alpha),
    bucket: num(r.bucket),
    cur: num(r.cur),
    prev: num(r.prev),
    avg: num(r.avg),
    seen: num(r.seen),
  }));
}
