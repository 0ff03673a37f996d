import { tempDir } from '@faultline/test-utils';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../storage/open-storage.js';
import type { DigestEvent, DigestOutcome, Storage } from '../storage/types.js';
import {
  capturingLogger,
  countingDigests,
  drain,
  enc,
  fixtureItems,
  fixtures,
  until,
} from './test-worker-helpers.js';
import { createDigestWorker } from './worker.js';

const dir = tempDir('fl-digest-');
afterAll(() => dir.remove());
let n = 0;
const open: Storage[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function freshStorage(): Promise<{ storage: Storage; projectId: number }> {
  const storage = await openStorage(`sqlite:${dir.path}/digest-${++n}.sqlite`, { migrate: true });
  open.push(storage);
  const project = await storage.createProject({ name: 'fixtures' });
  return { storage, projectId: project.id };
}

describe('digest worker with a real SQLite storage', () => {
  it('digests one batch at a time on SQLite whatever concurrency asks (one writer per file)', async () => {
    const { storage: real, projectId } = await freshStorage();
    const items = fixtureItems(projectId);
    await real.enqueue(items);
    const { storage, mostInFlight } = countingDigests(real);
    const worker = createDigestWorker({
      storage,
      logger: pino({ level: 'silent' }),
      batchSize: 2,
      idleMs: 5,
      concurrency: 3,
    });
    worker.start();
    await until(async () => (await real.queueDepth()) === 0, 20_000);
    await worker.stop();
    expect(mostInFlight()).toBe(1);
  });

  it('digests every captured event into issues, drops bad items, and reports outcomes', async () => {
    const { storage, projectId } = await freshStorage();
    const { logger, lines } = capturingLogger();
    const items = fixtureItems(projectId);
    const garbage = { projectId, eventId: 'f'.repeat(32), receivedAt: Date.now(), payload: enc('{"nope":') };
    const transaction = {
      projectId,
      eventId: 'e'.repeat(32),
      receivedAt: Date.now(),
      payload: enc('{"type":"transaction"}'),
    };
    await storage.enqueue([...items.slice(0, 10), garbage, transaction, ...items.slice(10)]);

    const seen: DigestOutcome[] = [];
    const seenEvents: DigestEvent[] = [];
    const worker = createDigestWorker({
      storage,
      logger,
      batchSize: 7,
      onDigested: (outcomes, events) => {
        seen.push(...outcomes);
        seenEvents.push(...events);
      },
    });
    expect(await drain(worker.runOnce)).toBe(items.length + 2);
    expect(await storage.queueDepth()).toBe(0);
    expect(seen).toHaveLength(items.length);
    expect(seen.every((o) => o.stored)).toBe(true);
    expect(seenEvents.map((e) => e.eventId).sort()).toEqual(items.map((i) => i.eventId).sort());
    expect(
      lines.some((l) => l.msg === 'queue item cannot be digested; dropped' && l.eventId === garbage.eventId),
    ).toBe(true);

    const distinctHashes = new Set(seenEvents.map((e) => e.groupingHash));
    const issues = await storage.listIssues({ projectIds: [projectId], limit: 100 });
    expect(issues.items).toHaveLength(distinctHashes.size);
    expect(seen.filter((o) => o.isNewIssue)).toHaveLength(distinctHashes.size);

    const issueOf = async (name: string) => {
      const item = items[fixtures.findIndex((f) => f.name === name)]!;
      return (await storage.getEvent(projectId, item.eventId))!.issueId;
    };
    expect(await issueOf('sentry-node/02')).toBe(await issueOf('sentry-node-localvars/02'));
    expect(await issueOf('python-sentry-sdk/01')).toBe(await issueOf('python-sentry-sdk/02'));
    expect(await issueOf('sentry-node/02')).not.toBe(await issueOf('sentry-node/07'));

    const issue = (await storage.getIssue(await issueOf('python-sentry-sdk/01')))!;
    expect(issue.title).toBe('ZeroDivisionError: float division by zero');
    expect(issue.groupingVersion).toBe(1);
    expect(issue.groupingComponents).toMatchObject({ strategy: 'exception', variant: 'app' });
    expect(issue.eventCount).toBe(4);
    const stored = (await storage.getEvent(projectId, items[0]!.eventId))!;
    expect(stored.data.event_id).toBe(items[0]!.eventId);
  });

  it('stores a re-sent event once', async () => {
    const { storage, projectId } = await freshStorage();
    const worker = createDigestWorker({ storage, logger: pino({ level: 'silent' }) });
    const [first] = fixtureItems(projectId);
    await storage.enqueue([first!]);
    await drain(worker.runOnce);
    const outcomes: DigestOutcome[] = [];
    const again = createDigestWorker({
      storage,
      logger: pino({ level: 'silent' }),
      onDigested: (o) => {
        outcomes.push(...o);
      },
    });
    await storage.enqueue([first!]);
    await drain(again.runOnce);
    expect(outcomes).toEqual([expect.objectContaining({ eventId: first!.eventId, stored: false })]);
  });

  it('runs in the background until stopped', async () => {
    const { storage, projectId } = await freshStorage();
    const worker = createDigestWorker({
      storage,
      logger: pino({ level: 'silent' }),
      idleMs: 5,
      batchSize: 4,
    });
    worker.start();
    worker.start();
    await storage.enqueue(fixtureItems(projectId));
    await until(async () => (await storage.queueDepth()) === 0);
    await worker.stop();
    await storage.enqueue(
      fixtureItems(projectId)
        .slice(0, 1)
        .map((i) => ({ ...i, eventId: '1'.repeat(32) })),
    );
    await new Promise((r) => setTimeout(r, 30));
    expect(await storage.queueDepth()).toBe(1);
  });

  it('waits fillMs after a partial batch so the next one fills, and claims again at once after a full one', async () => {
    const { storage, projectId } = await freshStorage();
    const items = fixtureItems(projectId).slice(0, 3);
    const at: number[] = [];
    const sizes: number[] = [];
    const run = async (fillMs: number, first: typeof items) => {
      at.length = 0;
      sizes.length = 0;
      const worker = createDigestWorker({
        storage,
        logger: pino({ level: 'silent' }),
        batchSize: 2,
        idleMs: 2000,
        fillMs,
        onDigested: async (outcomes) => {
          at.push(Date.now());
          sizes.push(outcomes.length);
          // Arrives while the worker decides what to do next.
          if (at.length === 2)
            await storage.enqueue(
              first.slice(0, 1).map((i) => ({ ...i, eventId: `${fillMs}`.padEnd(32, 'f') })),
            );
        },
      });
      await storage.enqueue(first);
      worker.start();
      await until(async () => at.length === 3, 5000);
      await worker.stop();
    };
    await run(400, items);
    // Full batch (2), then a partial one (1): the third waits out fillMs instead of being claimed at once.
    expect(sizes).toEqual([2, 1, 1]);
    expect(at[1]! - at[0]!).toBeLessThan(300);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(350);
    await run(
      0,
      items.map((i) => ({ ...i, eventId: i.eventId.replace(/^./, 'e') })),
    );
    expect(at[2]! - at[1]!).toBeLessThan(300);
  });

  it('logs a failing onDigested hook without losing the batch', async () => {
    const { storage, projectId } = await freshStorage();
    const { logger, lines } = capturingLogger();
    const worker = createDigestWorker({
      storage,
      logger,
      onDigested: async () => {
        throw new Error('alert outbox unavailable');
      },
    });
    const items = fixtureItems(projectId).slice(0, 2);
    await storage.enqueue(items);
    expect(await drain(worker.runOnce)).toBe(2);
    expect(await storage.getEvent(projectId, items[1]!.eventId)).toBeDefined();
    expect(lines.some((l) => l.msg === 'digest onDigested hook failed')).toBe(true);
  });

  it('backs off on storage failures and digests the items once storage recovers', async () => {
    const { storage, projectId } = await freshStorage();
    let failures = 2;
    const flaky: Storage = Object.create(storage, {
      digest: {
        value: async (events: DigestEvent[]) => {
          if (failures > 0) {
            failures--;
            throw new Error('database is locked');
          }
          return storage.digest(events);
        },
      },
    });
    const { logger, lines } = capturingLogger();
    const worker = createDigestWorker({ storage: flaky, logger, idleMs: 5, leaseMs: 40, maxBackoffMs: 50 });
    await storage.enqueue(fixtureItems(projectId).slice(0, 3));
    worker.start();
    await until(async () => (await storage.queueDepth()) === 0);
    await worker.stop();
    expect(lines.filter((l) => l.msg === 'digest batch failed; backing off')).toHaveLength(2);
    expect((await storage.listIssues({ projectIds: [projectId] })).items.length).toBeGreaterThan(0);
  });

  it('isolates and drops a poison item that storage keeps rejecting, keeping the rest', async () => {
    const { storage, projectId } = await freshStorage();
    const items = fixtureItems(projectId).slice(0, 3);
    const poisonId = items[1]!.eventId;
    const picky: Storage = Object.create(storage, {
      digest: {
        value: async (events: DigestEvent[]) => {
          if (events.some((e) => e.eventId === poisonId)) throw new Error('constraint failed');
          return storage.digest(events);
        },
      },
    });
    const { logger, lines } = capturingLogger();
    const worker = createDigestWorker({
      storage: picky,
      logger,
      idleMs: 5,
      leaseMs: 30,
      maxBackoffMs: 40,
      isolateAfterAttempts: 1,
    });
    await storage.enqueue(items);
    worker.start();
    await until(async () => (await storage.queueDepth()) === 0);
    await worker.stop();
    expect(await storage.getEvent(projectId, poisonId)).toBeUndefined();
    expect(await storage.getEvent(projectId, items[0]!.eventId)).toBeDefined();
    expect(await storage.getEvent(projectId, items[2]!.eventId)).toBeDefined();
    expect(lines.some((l) => l.msg === 'digest failed for one item; dropped' && l.eventId === poisonId)).toBe(
      true,
    );
  });
});
