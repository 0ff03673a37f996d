import { createTestDatabase, requirePostgres } from '@faultline/test-utils';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStorage } from '../storage/open-storage.js';
import type { DigestOutcome, Storage } from '../storage/types.js';
import { countingDigests, drain, fixtureItems, fixtures, storedIds, until } from './test-worker-helpers.js';
import { createDigestWorker } from './worker.js';

const provided = inject('postgres');
// Fails under CI=true or when the cluster broke; null only when the binaries are missing locally.
const serverUrl = requirePostgres(provided);

if (serverUrl) {
  describe('digest worker with a real PostgreSQL storage', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    const storages: Storage[] = [];
    const connect = async () => {
      const s = await openStorage(db!.url, { poolSize: 4 });
      storages.push(s);
      return s;
    };
    beforeAll(async () => {
      db = await createTestDatabase(serverUrl);
      const s = await openStorage(db.url, { migrate: true });
      await s.close();
    });
    afterAll(async () => {
      for (const s of storages) await s.close();
      await db?.drop();
    });

    it('digests every captured event into the same issues as on SQLite', async () => {
      const storage = await connect();
      const { id: projectId } = await storage.createProject({ name: 'pg-fixtures' });
      const items = fixtureItems(projectId);
      await storage.enqueue(items);
      const worker = createDigestWorker({ storage, logger: pino({ level: 'silent' }), batchSize: 9 });
      expect(await drain(worker.runOnce)).toBe(items.length);
      const issueOf = async (name: string) => {
        const item = items[fixtures.findIndex((f) => f.name === name)]!;
        return (await storage.getEvent(projectId, item.eventId))!.issueId;
      };
      expect(await issueOf('sentry-node/02')).toBe(await issueOf('sentry-node-localvars/02'));
      expect(await issueOf('python-sentry-sdk/01')).toBe(await issueOf('python-sentry-sdk/02'));
      expect(await issueOf('sentry-node/02')).not.toBe(await issueOf('python-sentry-sdk/01'));
      const issue = (await storage.getIssue(await issueOf('python-sentry-sdk/01')))!;
      expect(issue.title).toBe('ZeroDivisionError: float division by zero');
      expect(issue.eventCount).toBe(4);
    });

    it('lets two workers drain one queue concurrently, storing every event once', async () => {
      const a = await connect();
      const b = await connect();
      const { id: projectId } = await a.createProject({ name: 'pg-concurrent' });
      const items = fixtureItems(projectId);
      await a.enqueue(items);
      const outcomes: DigestOutcome[] = [];
      const collect = (o: DigestOutcome[]) => {
        outcomes.push(...o);
      };
      const logger = pino({ level: 'silent' });
      const w1 = createDigestWorker({ storage: a, logger, batchSize: 3, idleMs: 5, onDigested: collect });
      const w2 = createDigestWorker({ storage: b, logger, batchSize: 3, idleMs: 5, onDigested: collect });
      w1.start();
      w2.start();
      await until(async () => (await a.queueDepth()) === 0, 20_000);
      await Promise.all([w1.stop(), w2.stop()]);
      expect(storedIds(outcomes)).toEqual(items.map((i) => i.eventId).sort());
    });

    it('keeps several batches in flight from one worker (concurrency), storing every event once', async () => {
      const real = await connect();
      const { id: projectId } = await real.createProject({ name: 'pg-in-flight' });
      const items = fixtureItems(projectId);
      await real.enqueue(items);
      const { storage, mostInFlight } = countingDigests(real);
      const outcomes: DigestOutcome[] = [];
      const worker = createDigestWorker({
        storage,
        logger: pino({ level: 'silent' }),
        batchSize: 2,
        idleMs: 5,
        concurrency: 3,
        onDigested: (o) => {
          outcomes.push(...o);
        },
      });
      worker.start();
      await until(async () => (await real.queueDepth()) === 0, 20_000);
      await worker.stop();
      expect(mostInFlight()).toBeGreaterThan(1);
      expect(storedIds(outcomes)).toEqual(items.map((i) => i.eventId).sort());
    });
  });
} else {
  describe('digest worker with a real PostgreSQL storage', () => {
    it('is not run: PostgreSQL binaries are missing on this machine (see the warning above)', () => {
      expect(provided.missingBinaries).toBe(true);
    });
  });
}
