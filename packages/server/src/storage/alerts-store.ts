// The AlertStore over the shared Kysely handle: rule CRUD and the outbox operations of the sender.
import type { Kysely } from 'kysely';
import { cacheWindows, forgetWindows } from './alerts-counters.js';
import { invalidateRules, toDelivery, toRule } from './alerts-rows.js';
import type { AlertTables } from './alerts-schema.js';
import type { AlertRuleInput, AlertStore } from './alerts-types.js';
import { chunks, num } from './codec.js';
import { StorageError } from './errors.js';
import type { Ctx } from './flavor.js';
import type { Database } from './schema.js';

const ruleRow = (input: AlertRuleInput) => ({
  project_id: input.projectId,
  name: input.name,
  trigger: input.trigger,
  threshold: input.threshold,
  window_minutes: input.windowMinutes,
  factor: input.factor,
  baseline_minutes: input.baselineMinutes,
  filters: JSON.stringify(input.filters),
  channels: JSON.stringify(input.channels),
  throttle_minutes: input.throttleMinutes,
  digest_minutes: input.digestMinutes,
  enabled: input.enabled ? 1 : 0,
});

/** Builds the alert store of a storage; `c.db` is the handle the rule cache is keyed on. */
export function createAlertStore(c: Ctx<Database>): AlertStore {
  const db = c.db as unknown as Kysely<AlertTables>;
  const handle = c.db;
  if (!c.flavor.capabilities.concurrentClaims) cacheWindows(handle);
  return {
    async createRule(input) {
      const row = await db
        .insertInto('alert_rules')
        .values({ ...ruleRow(input), created_at: Date.now() })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((cause) => {
          throw new StorageError('FL_STORAGE_NOT_FOUND', `project ${input.projectId} not found`, { cause });
        });
      invalidateRules(handle);
      return toRule(row);
    },
    async updateRule(id, input) {
      const res = await db
        .updateTable('alert_rules')
        .set(ruleRow(input))
        .where('id', '=', id)
        .executeTakeFirst();
      invalidateRules(handle);
      if (Number(res.numUpdatedRows) === 0)
        throw new StorageError('FL_STORAGE_NOT_FOUND', `rule ${id} not found`);
    },
    async deleteRule(id) {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('alert_state').where('rule_id', '=', id).execute();
        await tx.deleteFrom('alert_rules').where('id', '=', id).execute();
      });
      invalidateRules(handle);
    },
    async getRule(id) {
      const row = await db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRule(row) : undefined;
    },
    async listRules(projectId) {
      const rows = await db
        .selectFrom('alert_rules')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('id')
        .execute();
      return rows.map(toRule);
    },

    async claimDue(now, limit, leaseMs) {
      const rows = await db.transaction().execute(async (tx) => {
        let pick = tx
          .selectFrom('alert_outbox')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .orderBy('id')
          .limit(limit);
        if (c.flavor.capabilities.concurrentClaims) pick = pick.forUpdate().skipLocked();
        return tx
          .updateTable('alert_outbox')
          .set({ next_attempt_at: now + leaseMs })
          .where('id', 'in', pick)
          .returningAll()
          .execute();
      });
      return rows.map(toDelivery).sort((a, b) => a.id - b.id);
    },
    async listGroup(groupKey) {
      const rows = await db
        .selectFrom('alert_outbox')
        .selectAll()
        .where('group_key', '=', groupKey)
        .where('status', '=', 'pending')
        .orderBy('id')
        .execute();
      return rows.map(toDelivery);
    },
    async markSent(ids, at) {
      if (ids.length === 0) return;
      // The first row of a message is its lead: the hourly cap counts leads.
      const [lead, ...rest] = [...ids].sort((a, b) => a - b);
      await db.transaction().execute(async (tx) => {
        const set = (isLead: boolean) => ({
          status: 'sent',
          sent_at: at,
          lead: isLead ? 1 : 0,
          last_error: null,
        });
        await tx
          .updateTable('alert_outbox')
          .set((eb) => ({ ...set(true), attempts: eb('attempts', '+', 1) }))
          .where('id', '=', lead!)
          .execute();
        for (const part of chunks(rest, 300)) {
          await tx
            .updateTable('alert_outbox')
            .set((eb) => ({ ...set(false), attempts: eb('attempts', '+', 1) }))
            .where('id', 'in', part)
            .execute();
        }
      });
    },
    async markRetry(ids, error, nextAttemptAt) {
      for (const part of chunks(ids, 300)) {
        await db
          .updateTable('alert_outbox')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            last_error: error.slice(0, 1000),
            next_attempt_at: nextAttemptAt,
          }))
          .where('id', 'in', part)
          .execute();
      }
    },
    async markFailed(ids, error) {
      for (const part of chunks(ids, 300)) {
        await db
          .updateTable('alert_outbox')
          .set({ status: 'failed', last_error: error.slice(0, 1000) })
          .where('id', 'in', part)
          .execute();
      }
    },
    async markCapped(ids, at) {
      for (const part of chunks(ids, 300)) {
        await db
          .updateTable('alert_outbox')
          .set({ status: 'capped', capped_at: at })
          .where('id', 'in', part)
          .execute();
      }
    },
    async countMessagesSince(since) {
      const row = await db
        .selectFrom('alert_outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('sent_at', '>=', since)
        .where('lead', '=', 1)
        .executeTakeFirstOrThrow();
      return num(row.n);
    },
    async listCapped(before, limit) {
      const rows = await db
        .selectFrom('alert_outbox')
        .selectAll()
        .where('status', '=', 'capped')
        .where('capped_at', '<', before)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async summarize(ids, summary) {
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('alert_outbox')
          .values({
            rule_id: null,
            project_id: summary.facts.projectId,
            issue_id: null,
            channel: JSON.stringify(summary.channel),
            facts: JSON.stringify(summary.facts),
            status: 'pending',
            attempts: 0,
            next_attempt_at: summary.at,
            created_at: summary.at,
          })
          .execute();
        for (const part of chunks(ids, 300)) {
          await tx
            .updateTable('alert_outbox')
            .set({ status: 'summarized' })
            .where('id', 'in', part)
            .execute();
        }
      });
    },
    async listDeliveries(projectId, limit) {
      const rows = await db
        .selectFrom('alert_outbox')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async pruneCounters(before) {
      const minute = Math.floor(before / 60_000);
      await db.deleteFrom('alert_windows').where('updated_minute', '<', minute).execute();
      forgetWindows(handle);
    },
  };
}
