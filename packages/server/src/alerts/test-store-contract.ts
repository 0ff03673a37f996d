// The alert store and the in-transaction decisions, run against every backend (store.test.ts;
// the test- prefix keeps it out of the build): SQLite in a temp dir and PostgreSQL from test-utils.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildDigestEvent } from '../digest/digest-event.js';
import { createDigestWorker } from '../digest/worker.js';
import type { AlertRuleInput } from '../storage/alerts-types.js';
import type { QueueItem, Storage } from '../storage/types.js';
import { BASE_TIME, eventItem, rule } from './test-alerts.js';

/** A fresh, migrated, empty storage per test. */
export type StoreFactory = () => Promise<Storage>;

async function withStorage(factory: StoreFactory, fn: (s: Storage, projectId: number) => Promise<void>) {
  const storage = await factory();
  try {
    const project = await storage.createProject({ name: 'Shop' });
    await fn(storage, project.id);
  } finally {
    await storage.close();
  }
}

async function ingest(storage: Storage, items: QueueItem[]): Promise<void> {
  await storage.enqueue(items);
  const worker = createDigestWorker({ storage, logger: pino({ level: 'silent' }), batchSize: 50 });
  for (let i = 0; i < 1000 && (await worker.runOnce()) > 0; i++);
}

/** Registers the alert store contract for one backend. */
export function runAlertStoreContract(name: string, factory: StoreFactory): void {
  describe(name, () => {
    it('creates, lists, updates and deletes rules', async () => {
      await withStorage(factory, async (s, projectId) => {
        const input: AlertRuleInput = rule(projectId, {
          name: 'busy',
          trigger: 'frequency',
          factor: 2.5,
          filters: { environment: 'production', tags: [['region', 'eu']] },
          channels: [{ type: 'webhook', url: 'https://hooks.example.com/x', format: 'slack' }],
        });
        const created = await s.alerts.createRule(input);
        expect(created).toMatchObject({ ...input, id: expect.any(Number) });
        await s.alerts.updateRule(created.id, { ...input, name: 'renamed', enabled: false });
        expect((await s.alerts.listRules(projectId)).map((r) => [r.name, r.enabled])).toEqual([
          ['renamed', false],
        ]);
        await s.alerts.deleteRule(created.id);
        expect(await s.alerts.getRule(created.id)).toBeUndefined();
        await expect(s.alerts.updateRule(created.id, input)).rejects.toThrow(/not found/);
      });
    });

    it('queues one alert per new issue, and frequency alerts once per throttle interval', async () => {
      await withStorage(factory, async (s, projectId) => {
        await s.alerts.createRule(rule(projectId, { name: 'new' }));
        await s.alerts.createRule(
          rule(projectId, {
            name: 'freq',
            trigger: 'frequency',
            threshold: 5,
            windowMinutes: 2,
            throttleMinutes: 10,
          }),
        );
        // 10 a minute for 20 minutes of receive time, 50 per batch.
        const items = Array.from({ length: 200 }, (_, i) =>
          eventItem(projectId, { key: 'f', at: BASE_TIME + i * 6_000 }),
        );
        await ingest(s, items);
        const rows = await s.alerts.listDeliveries(projectId, 100);
        expect(rows.filter((r) => r.facts.kind === 'new_issue')).toHaveLength(1);
        // Batches end at minutes 5, 10, 15, 20; the throttle (10 min) lets minutes 5 and 15 through.
        expect(rows.filter((r) => r.facts.kind === 'frequency').map((r) => r.facts.count)).toEqual([20, 20]);
      });
    });

    it('counts distinct users per window', async () => {
      await withStorage(factory, async (s, projectId) => {
        await s.alerts.createRule(
          rule(projectId, { name: 'users', trigger: 'users', threshold: 2, windowMinutes: 5 }),
        );
        await ingest(
          s,
          ['a', 'b', 'a', 'c', 'c'].map((user) => eventItem(projectId, { key: 'u', user })),
        );
        const rows = await s.alerts.listDeliveries(projectId, 10);
        expect(rows.map((r) => [r.facts.kind, r.facts.count])).toEqual([['users', 3]]);
      });
    });

    it('claims due rows with a lease, and records sent, retried, failed, capped and summarized rows', async () => {
      await withStorage(factory, async (s, projectId) => {
        await s.alerts.createRule(rule(projectId, {}));
        await ingest(
          s,
          [0, 1, 2, 3].map((i) => eventItem(projectId, { key: `c${i}` })),
        );
        const now = Date.now() + 1000;
        const due = await s.alerts.claimDue(now, 10, 60_000);
        expect(due).toHaveLength(4);
        expect(await s.alerts.claimDue(now, 10, 60_000)).toHaveLength(0);
        const [a, b, c, d] = due.map((r) => r.id) as [number, number, number, number];
        await s.alerts.markSent([a], now);
        await s.alerts.markRetry([b], 'boom', now + 5);
        await s.alerts.markFailed([c], 'gave up');
        await s.alerts.markCapped([d], now);
        expect(await s.alerts.countMessagesSince(now)).toBe(1);
        expect(await s.alerts.countMessagesSince(now + 1)).toBe(0);
        expect(
          (await s.alerts.claimDue(now + 5, 10, 1000)).map((r) => [r.id, r.attempts, r.lastError]),
        ).toEqual([[b, 1, 'boom']]);
        const capped = await s.alerts.listCapped(now + 1, 10);
        expect(capped.map((r) => r.id)).toEqual([d]);
        await s.alerts.summarize([d], {
          channel: { type: 'email' },
          facts: { ...capped[0]!.facts, kind: 'overflow', suppressed: 1 },
          at: now,
        });
        const byId = new Map((await s.alerts.listDeliveries(projectId, 10)).map((r) => [r.id, r]));
        expect([a, b, c, d].map((id) => byId.get(id)!.status)).toEqual([
          'sent',
          'pending',
          'failed',
          'summarized',
        ]);
        const summary = [...byId.values()].find((r) => r.facts.kind === 'overflow')!;
        expect(summary).toMatchObject({ status: 'pending', ruleId: null, issueId: null });
      });
    });

    it('groups digest-mode rows', async () => {
      await withStorage(factory, async (s, projectId) => {
        await s.alerts.createRule(rule(projectId, { digestMinutes: 10 }));
        await ingest(
          s,
          [0, 1, 2].map((i) => eventItem(projectId, { key: `g${i}` })),
        );
        const rows = await s.alerts.listDeliveries(projectId, 10);
        const key = rows[0]!.groupKey!;
        expect((await s.alerts.listGroup(key)).map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
        expect(await s.alerts.claimDue(rows[0]!.nextAttemptAt - 1, 10, 1000)).toHaveLength(0);
        expect(await s.alerts.claimDue(rows[0]!.nextAttemptAt, 10, 1000)).toHaveLength(3);
      });
    });

    it('keeps counting right after a failed digest batch', async () => {
      await withStorage(factory, async (s, projectId) => {
        await s.alerts.createRule(rule(projectId, { trigger: 'frequency', threshold: 3, windowMinutes: 60 }));
        await ingest(
          s,
          [0, 1, 2].map(() => eventItem(projectId, { key: 'f' })),
        );
        // A batch that fails inside the transaction (its second event names no project): nothing of it counts.
        const good = eventItem(projectId, { key: 'f' });
        const bad = { ...eventItem(projectId, { key: 'f' }), projectId: 999_999 };
        await s.enqueue([good, bad]);
        const claimed = await s.claimQueueItems(10, 60_000);
        await expect(s.digest(claimed.map((c) => buildDigestEvent(c)!))).rejects.toThrow();
        await s.dropQueueItems(claimed.map((c) => c.id));
        expect(await s.alerts.listDeliveries(projectId, 10)).toHaveLength(0);
        // Exactly one more event makes 4 > 3; a count polluted by the failed batch would have fired already.
        await ingest(s, [eventItem(projectId, { key: 'f' })]);
        expect((await s.alerts.listDeliveries(projectId, 10)).map((d) => d.facts.count)).toEqual([4]);
      });
    });

    it('prunes old window counters', async () => {
      await withStorage(factory, async (s, projectId) => {
        await s.alerts.createRule(rule(projectId, { trigger: 'frequency', threshold: 3, windowMinutes: 60 }));
        await ingest(
          s,
          [0, 1, 2].map(() => eventItem(projectId, { key: 'p' })),
        );
        await s.alerts.pruneCounters(BASE_TIME + 3_600_000);
        // Without the prune this fourth event would make 4 > 3 in the window.
        await ingest(s, [eventItem(projectId, { key: 'p' })]);
        expect(await s.alerts.listDeliveries(projectId, 10)).toHaveLength(0);
        await ingest(
          s,
          [0, 1, 2].map(() => eventItem(projectId, { key: 'p' })),
        );
        expect((await s.alerts.listDeliveries(projectId, 10)).map((d) => d.facts.count)).toEqual([4]);
      });
    });
  });
}
