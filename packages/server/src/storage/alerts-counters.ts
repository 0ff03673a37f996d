// Threshold triggers inside the digest transaction. Each issue has one alert_windows row holding,
// as JSON, a window per counting scope (a kind, a window length and the rules' filters; rules that
// share them share the window). A batch reads the rows of the issues it touched, rolls and counts
// in memory, and writes them back: two statements per batch, whatever the number of rules.
// PostgreSQL: the digest transaction already holds the row locks of these issues (their counters
// were updated before this runs), so concurrent digest processes cannot interleave here.
//
// Windows are fixed (aligned to the clock); each keeps the current and the previous one:
// - frequency estimates the sliding window as cur + prev × (the part of the previous window still
//   inside the sliding one), the sliding-window-counter approximation of rate limiters;
// - users counts the distinct users of the current fixed window with a k-minimum-values sketch:
//   the KMV_K smallest 32-bit user hashes. Below KMV_K users the count is exact; above, it is the
//   KMV estimate (standard error about 1/sqrt(KMV_K - 2), 13 %), and the row stays small however
//   many users an issue has;
// - escalation compares the frequency estimate with an exponential moving average of completed
//   windows (weight window / baseline), bias-corrected while the issue is young.
import type { Kysely } from 'kysely';
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
}

/**
 * One scope's windows of one issue: bucket start minute, counts, average, windows completed, and
 * for users the current window's user hashes (packed 4 bytes each, base64: the row is rewritten
 * every batch, so its size is write volume).
 */
export interface Window {
  b: number;
  c: number;
  p: number;
  a: number;
  s: number;
  u?: string;
}

const unpack = (u: string): Set<number> => {
  const buf = Buffer.from(u, 'base64');
  const out = new Set<number>();
  for (let i = 0; i + 4 <= buf.length; i += 4) out.add(buf.readUInt32LE(i));
  return out;
};

const pack = (users: Set<number>): string => {
  const buf = Buffer.alloc(users.size * 4);
  let i = 0;
  for (const h of users) buf.writeUInt32LE(h, i++ * 4);
  return buf.toString('base64');
};

/** Hashes kept per users window. */
export const KMV_K = 64;

/** Adds a user hash to a KMV sketch (keeps the KMV_K smallest). */
export function sketchAdd(sketch: Set<number>, h: number): void {
  if (sketch.has(h)) return;
  if (sketch.size < KMV_K) {
    sketch.add(h);
    return;
  }
  let max = -1;
  for (const x of sketch) if (x > max) max = x;
  if (h < max) {
    sketch.delete(max);
    sketch.add(h);
  }
}

/** Distinct users a sketch stands for: exact below KMV_K, the KMV estimate from there. */
export function sketchCount(sketch: Set<number>): number {
  if (sketch.size < KMV_K) return sketch.size;
  let max = 0;
  for (const x of sketch) if (x > max) max = x;
  return Math.round(((KMV_K - 1) * 2 ** 32) / (max + 1));
}

const CHUNK = 300;

// Single-writer databases (SQLite: one digest process) keep the window rows they wrote in memory,
// so a batch skips reading and parsing them: a write-through cache, keyed by database handle. It
// would hold uncommitted counts if a digest transaction failed after this ran, so the storage drops
// it on any digest failure (forgetWindows); pruning drops it too. PostgreSQL, with several digest
// processes, always reads.
const windowCaches = new WeakMap<object, Map<number, Record<string, Window>>>();
const CACHE_MAX = 100_000;

/** Enables the window cache for a single-writer database handle. */
export function cacheWindows(handle: object): void {
  windowCaches.set(handle, new Map());
}

/** Drops the cached windows (after a failed digest transaction, or a prune). */
export function forgetWindows(handle: object): void {
  windowCaches.get(handle)?.clear();
}

function scopesOf(rules: AlertRule[]): Scope[] {
  const scopes = new Map<string, Scope>();
  for (const rule of rules) {
    const kind: Scope['kind'] = rule.trigger === 'users' ? 'u' : rule.trigger === 'escalation' ? 'e' : 'n';
    const tag = kind === 'e' ? `e${rule.baselineMinutes}` : kind;
    // A short stable key: the JSON of every issue carries it.
    const key = hash32(`${tag}|${rule.windowMinutes}|${rule.projectId}|${scopeOf(rule.filters)}`).toString(
      36,
    );
    const alpha = kind === 'e' ? Math.min(1, rule.windowMinutes / rule.baselineMinutes) : 1;
    const scope: Scope = scopes.get(key) ?? {
      key,
      kind,
      width: rule.windowMinutes,
      alpha,
      rules: [],
    };
    scope.rules.push(rule);
    scopes.set(key, scope);
  }
  return [...scopes.values()];
}

/** FNV-1a, 32 bits: compact user identities for the distinct-user windows. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Moves a window forward to `bucket` (a later window start); exported for unit tests. */
export function roll(w: Window, bucket: number, width: number, alpha: number): void {
  if (bucket <= w.b) return;
  const steps = Math.floor((bucket - w.b) / width);
  const done = w.u !== undefined ? sketchCount(unpack(w.u)) : w.c;
  // The current window completes; any windows skipped in between were empty.
  w.a = (w.a * (1 - alpha) + done * alpha) * (1 - alpha) ** Math.max(0, steps - 1);
  w.p = steps === 1 ? done : 0;
  w.s += steps;
  w.c = 0;
  if (w.u !== undefined) w.u = '';
  w.b = bucket;
}

/** Counts the batch into the issues' windows and returns the threshold rules they trip. */
export async function countAndCheck(
  handle: object,
  db: Db,
  rules: AlertRule[],
  events: DigestEvent[],
  outcomes: DigestOutcome[],
  batchNow: number,
): Promise<Candidate[]> {
  const scopes = scopesOf(rules);
  // Which events each scope counts, and the issues they belong to.
  const touched = new Set<number>();
  const perScope = scopes.map((scope) => {
    const { filters, projectId } = scope.rules[0]!;
    const mine: Array<{ issueId: number; event: DigestEvent }> = [];
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      const e = events[i]!;
      if (!o.stored || e.projectId !== projectId || !matchesFilters(filters, e)) continue;
      mine.push({ issueId: o.issueId, event: e });
      touched.add(o.issueId);
    }
    return mine;
  });
  if (touched.size === 0) return [];

  const ids = [...touched].sort((a, b) => a - b);
  const cache = windowCaches.get(handle);
  const states = new Map<number, Record<string, Window>>();
  const missing: number[] = [];
  for (const id of ids) {
    const hit = cache?.get(id);
    if (hit) states.set(id, hit);
    else missing.push(id);
  }
  for (const part of chunks(missing, CHUNK)) {
    const rows = await db
      .selectFrom('alert_windows')
      .select(['issue_id', 'state'])
      .where('issue_id', 'in', part)
      .execute();
    for (const r of rows) states.set(num(r.issue_id), JSON.parse(r.state));
  }

  // Per scope: the issues it counted, with their window and latest matching event.
  const counted = scopes.map((scope, j) => {
    const seen = new Map<number, { w: Window; event: DigestEvent; users?: Set<number> }>();
    for (const { issueId, event } of perScope[j]!) {
      let state = states.get(issueId);
      if (!state) {
        state = {};
        states.set(issueId, state);
      }
      const bucket = Math.floor(minuteOf(event.receivedAt) / scope.width) * scope.width;
      let w = state[scope.key];
      if (!w) {
        w = { b: bucket, c: 0, p: 0, a: 0, s: 0, ...(scope.kind === 'u' ? { u: '' } : {}) };
        state[scope.key] = w;
      }
      if (bucket > w.b) {
        // The window being completed counts the users gathered so far in this batch too.
        const had = seen.get(issueId);
        if (had?.users) w.u = pack(had.users);
        roll(w, bucket, scope.width, scope.alpha);
        had?.users?.clear();
      }
      const entry = seen.get(issueId) ?? { w, event, ...(w.u !== undefined ? { users: unpack(w.u) } : {}) };
      entry.event = event;
      seen.set(issueId, entry);
      if (!entry.users) w.c += 1;
      else if (event.userKey !== null) sketchAdd(entry.users, hash32(event.userKey));
    }
    for (const entry of seen.values()) if (entry.users) entry.w.u = pack(entry.users);
    return seen;
  });

  const nowMinute = minuteOf(batchNow);
  const rows = ids.map((id) => ({
    issue_id: id,
    state: JSON.stringify(states.get(id)),
    updated_minute: nowMinute,
  }));
  for (const part of chunks(rows, CHUNK)) {
    await db
      .insertInto('alert_windows')
      .values(part)
      .onConflict((oc) =>
        oc.column('issue_id').doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          updated_minute: eb.ref('excluded.updated_minute'),
        })),
      )
      .execute();
  }

  if (cache) {
    // Bounded: a simple reset beats bookkeeping, the rows are one read away.
    if (cache.size > CACHE_MAX) cache.clear();
    for (const id of ids) cache.set(id, states.get(id)!);
  }

  const out: Candidate[] = [];
  scopes.forEach((scope, j) => {
    for (const [issueId, { w, event, users }] of counted[j]!) {
      const inside = Math.min(1, Math.max(0, (nowMinute + 1 - w.b) / scope.width));
      const sliding = Math.round(w.c + w.p * (1 - inside));
      const count = users ? sketchCount(users) : sliding;
      const baseline = scope.kind === 'e' && w.s > 0 ? w.a / (1 - (1 - scope.alpha) ** w.s) : 0;
      for (const rule of scope.rules) {
        const fire = scope.kind === 'e' ? isEscalating(rule, count, baseline, w.s) : count > rule.threshold;
        if (fire) out.push({ rule, issueId, event, count });
      }
    }
  });
  return out;
}
