// Row ↔ object conversions for the alert tables, and the cached rule set digest reads per batch.
import type { Kysely } from 'kysely';
import type { AlertOutboxTable, AlertRulesTable, AlertTables } from './alerts-schema.js';
import type { AlertRule, AlertTrigger, Delivery, DeliveryStatus } from './alerts-types.js';
import { num } from './codec.js';
import type { Level } from './types.js';

type Row<T> = { [K in keyof T]: T[K] extends import('kysely').Generated<infer U> ? U : T[K] };

export const toRule = (r: Row<AlertRulesTable>): AlertRule => ({
  id: num(r.id),
  projectId: num(r.project_id),
  name: r.name,
  trigger: r.trigger as AlertTrigger,
  threshold: num(r.threshold),
  windowMinutes: num(r.window_minutes),
  factor: num(r.factor),
  baselineMinutes: num(r.baseline_minutes),
  filters: JSON.parse(r.filters),
  channels: JSON.parse(r.channels),
  throttleMinutes: num(r.throttle_minutes),
  digestMinutes: num(r.digest_minutes),
  enabled: num(r.enabled) === 1,
  createdAt: num(r.created_at),
});

export const toDelivery = (r: Row<AlertOutboxTable>): Delivery => ({
  id: num(r.id),
  ruleId: r.rule_id === null ? null : num(r.rule_id),
  projectId: num(r.project_id),
  issueId: r.issue_id === null ? null : num(r.issue_id),
  channel: JSON.parse(r.channel),
  facts: JSON.parse(r.facts),
  status: r.status as DeliveryStatus,
  attempts: num(r.attempts),
  nextAttemptAt: num(r.next_attempt_at),
  lastError: r.last_error,
  groupKey: r.group_key,
  createdAt: num(r.created_at),
  sentAt: r.sent_at === null ? null : num(r.sent_at),
});

/** A level as stored, for facts built from rows. */
export const asLevel = (s: string): Level => s as Level;

// Rules change rarely and digest runs per batch: the enabled rules are cached per database handle
// for a short time (so other processes' edits show within RULE_CACHE_MS), and writes through this
// process's store drop the cache at once.
const RULE_CACHE_MS = 2_000;
const cache = new WeakMap<object, { at: number; byProject: Map<number, AlertRule[]> }>();

/** Forgets the cached rules of a database handle (after a rule write). */
export function invalidateRules(handle: object): void {
  cache.delete(handle);
}

/** Enabled rules of the given projects, from the cache or read through `db` (e.g. the digest transaction). */
export async function enabledRules(
  handle: object,
  db: Kysely<AlertTables>,
  projectIds: Iterable<number>,
): Promise<AlertRule[]> {
  const now = Date.now();
  let entry = cache.get(handle);
  if (!entry || now - entry.at > RULE_CACHE_MS) {
    const rows = await db.selectFrom('alert_rules').selectAll().where('enabled', '=', 1).execute();
    const byProject = new Map<number, AlertRule[]>();
    for (const row of rows) {
      const rule = toRule(row);
      byProject.set(rule.projectId, [...(byProject.get(rule.projectId) ?? []), rule]);
    }
    entry = { at: now, byProject };
    cache.set(handle, entry);
  }
  const out: AlertRule[] = [];
  for (const id of projectIds) out.push(...(entry.byProject.get(id) ?? []));
  return out;
}
