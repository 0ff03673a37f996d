import { describe, expect, it } from 'vitest';
import { digestEvent, HOUR, hex32, ingest, queueAndBuild, T0 } from './contract-fixtures.js';
import type { ContractContext } from './contract-suite.js';
import type { Storage } from './types.js';

export function digestContract(t: ContractContext): void {
  const project = async () => (await t.storage.createProject({ name: 'p' })).id;

  describe('digest', () => {
    it('creates an issue from the first event, stores the event and empties the queue', async () => {
      const p = await project();
      const batch = await queueAndBuild(t.storage, [{ projectId: p, user: 'u1', level: 'warning' }]);
      const [out] = await t.storage.digest(batch);
      expect(out).toMatchObject({
        queueId: batch[0]!.queueId,
        eventId: batch[0]!.eventId,
        stored: true,
        isNewIssue: true,
        isRegression: false,
      });
      expect(await t.storage.queueDepth()).toBe(0);
      const issue = await t.storage.getIssue(out!.issueId);
      expect(issue).toMatchObject({
        projectId: p,
        title: batch[0]!.title,
        culprit: batch[0]!.culprit,
        level: 'warning',
        status: 'unresolved',
        isRegression: false,
        firstSeen: T0,
        lastSeen: T0,
        eventCount: 1,
        userCount: 1,
        groupingVersion: 1,
        groupingHash: batch[0]!.groupingHash,
        groupingKey: batch[0]!.groupingKey,
        groupingComponents: batch[0]!.groupingComponents,
        statusDetails: null,
        resolvedAt: null,
      });
      const ev = await t.storage.getEvent(p, batch[0]!.eventId);
      expect(ev).toMatchObject({
        projectId: p,
        issueId: out!.issueId,
        timestamp: T0,
        level: 'warning',
        environment: 'production',
        release: '1.0.0',
      });
      expect(ev!.data).toEqual(JSON.parse(new TextDecoder().decode(batch[0]!.data)));
      expect(await t.storage.getEventById(ev!.id)).toEqual(ev);
      expect(await t.storage.getEvent(p, hex32())).toBeUndefined();
    });

    it('adds later events to the issue: counts, seen times, worst level, newest title', async () => {
      const p = await project();
      const [first] = await ingest(t.storage, [{ projectId: p, timestamp: T0 + 10, level: 'warning' }]);
      const outs = await ingest(t.storage, [
        { projectId: p, timestamp: T0 + 20, level: 'fatal', title: 'newest wording' },
        { projectId: p, timestamp: T0, level: 'info' },
      ]);
      expect(outs.map((o) => [o.issueId, o.stored, o.isNewIssue])).toEqual([
        [first!.issueId, true, false],
        [first!.issueId, true, false],
      ]);
      expect(await t.storage.getIssue(first!.issueId)).toMatchObject({
        eventCount: 3,
        firstSeen: T0,
        lastSeen: T0 + 20,
        level: 'fatal',
        title: 'newest wording',
      });
    });

    it('keeps different groups, grouping versions and projects apart', async () => {
      const p = await project();
      const q = await project();
      const outs = await ingest(t.storage, [
        { projectId: p, group: 'a' },
        { projectId: p, group: 'b' },
        { projectId: p, group: 'a', groupingVersion: 2 },
        { projectId: q, group: 'a' },
        { projectId: p, group: 'a' },
      ]);
      expect(new Set(outs.map((o) => o.issueId)).size).toBe(4);
      expect(outs[4]!.issueId).toBe(outs[0]!.issueId);
      expect(outs.map((o) => o.isNewIssue)).toEqual([true, true, true, true, false]);
      expect((await t.storage.getIssue(outs[0]!.issueId))?.eventCount).toBe(2);
    });

    it('drops duplicate event ids, in one batch and across batches, and still removes their queue rows', async () => {
      const p = await project();
      const q = await project();
      const id = hex32();
      const outs = await ingest(t.storage, [
        { projectId: p, eventId: id },
        { projectId: p, eventId: id },
        { projectId: q, eventId: id },
      ]);
      expect(outs.map((o) => o.stored)).toEqual([true, false, true]);
      expect(outs[1]!.issueId).toBe(outs[0]!.issueId);
      const later = await ingest(t.storage, [{ projectId: p, eventId: id, group: 'other' }]);
      expect(later[0]).toMatchObject({ stored: false, isNewIssue: false, issueId: outs[0]!.issueId });
      expect(await t.storage.queueDepth()).toBe(0);
      expect((await t.storage.getIssue(outs[0]!.issueId))?.eventCount).toBe(1);
      expect((await t.storage.listIssues({ projectIds: [p] })).items).toHaveLength(1);
    });

    it('counts distinct users per issue', async () => {
      const p = await project();
      const outs = await ingest(t.storage, [
        { projectId: p, user: 'a' },
        { projectId: p, user: 'a' },
        { projectId: p, user: 'b' },
        { projectId: p, user: null },
      ]);
      await ingest(t.storage, [
        { projectId: p, user: 'b' },
        { projectId: p, user: 'c' },
      ]);
      expect(await t.storage.getIssue(outs[0]!.issueId)).toMatchObject({ userCount: 3, eventCount: 6 });
    });

    it('reopens a resolved issue as a regression, flagged on its first new event only', async () => {
      const p = await project();
      const [first] = await ingest(t.storage, [{ projectId: p }]);
      await t.storage.setIssueStatus([first!.issueId], 'resolved', { inRelease: '1.0.0' });
      expect(await t.storage.getIssue(first!.issueId)).toMatchObject({
        status: 'resolved',
        statusDetails: { inRelease: '1.0.0' },
      });
      const outs = await ingest(t.storage, [{ projectId: p }, { projectId: p }]);
      expect(outs.map((o) => o.isRegression)).toEqual([true, false]);
      expect(await t.storage.getIssue(first!.issueId)).toMatchObject({
        status: 'unresolved',
        isRegression: true,
        resolvedAt: null,
        statusDetails: null,
        eventCount: 3,
      });
      const next = await ingest(t.storage, [{ projectId: p }]);
      expect(next[0]!.isRegression).toBe(false);
    });

    it('leaves an ignored issue ignored', async () => {
      const p = await project();
      const [first] = await ingest(t.storage, [{ projectId: p }]);
      await t.storage.setIssueStatus([first!.issueId], 'ignored', { untilCount: 100 });
      const outs = await ingest(t.storage, [{ projectId: p }]);
      expect(outs[0]!.isRegression).toBe(false);
      expect(await t.storage.getIssue(first!.issueId)).toMatchObject({
        status: 'ignored',
        statusDetails: { untilCount: 100 },
        eventCount: 2,
      });
    });

    it('keeps hourly counts per issue', async () => {
      const p = await project();
      const outs = await ingest(t.storage, [
        { projectId: p, timestamp: T0 + 1 },
        { projectId: p, timestamp: T0 + HOUR - 1 },
        { projectId: p, timestamp: T0 + 3 * HOUR + 7 },
      ]);
      await ingest(t.storage, [{ projectId: p, timestamp: T0 + 3 * HOUR }]);
      const id = outs[0]!.issueId;
      expect(await t.storage.hourlyCounts(id, T0 - 5 * HOUR)).toEqual([
        { hour: T0, count: 2 },
        { hour: T0 + 3 * HOUR, count: 2 },
      ]);
      expect(await t.storage.hourlyCounts(id, T0 + HOUR + 5)).toEqual([{ hour: T0 + 3 * HOUR, count: 2 }]);
      const [other] = await ingest(t.storage, [{ projectId: p, group: 'other', timestamp: T0 + 2 * HOUR }]);
      expect(await t.storage.hourlyCountsForIssues([id, other!.issueId, 999_999], T0 + HOUR)).toEqual({
        [id]: [{ hour: T0 + 3 * HOUR, count: 2 }],
        [other!.issueId]: [{ hour: T0 + 2 * HOUR, count: 1 }],
        999999: [],
      });
      expect(await t.storage.hourlyCountsForIssues([], 0)).toEqual({});
    });

    it('aggregates tags, with environment, release and level, into distributions', async () => {
      const p = await project();
      const outs = await ingest(t.storage, [
        {
          projectId: p,
          environment: 'production',
          tags: [
            ['browser', 'Chrome'],
            ['os', 'Linux'],
          ],
        },
        { projectId: p, environment: 'production', tags: [['browser', 'Chrome']] },
        { projectId: p, environment: 'staging', release: null, tags: [['browser', 'Firefox']] },
        { projectId: p, environment: null, tags: [['browser', 'Safari']] },
      ]);
      await ingest(t.storage, [{ projectId: p, tags: [['browser', 'Firefox']] }]);
      const dist = await t.storage.tagDistribution(outs[0]!.issueId);
      expect(dist.browser).toEqual([
        ['Chrome', 2],
        ['Firefox', 2],
        ['Safari', 1],
      ]);
      expect(dist.environment).toEqual([
        ['production', 3],
        ['staging', 1],
      ]);
      expect(dist.release).toEqual([['1.0.0', 4]]);
      expect(dist.level).toEqual([['error', 5]]);
      expect(dist.os).toEqual([['Linux', 1]]);
      expect((await t.storage.tagDistribution(outs[0]!.issueId, 1)).browser).toEqual([['Chrome', 2]]);
    });

    it('returns no outcomes for an empty batch', async () => {
      expect(await t.storage.digest([])).toEqual([]);
    });

    it('digests concurrently without losing counts', async () => {
      const p = await project();
      // On PostgreSQL two pools digest overlapping batches at once (several digest processes);
      // SQLite serializes them on one handle.
      const other: Storage = t.storage.capabilities.concurrentClaims ? await t.connect() : t.storage;
      const batches = Array.from({ length: 6 }, (_, b) =>
        Array.from({ length: 20 }, (_, i) =>
          digestEvent({ projectId: p, group: `g${i % 3}`, user: `u${(b * 20 + i) % 7}` }),
        ),
      );
      const dup = batches[0]![0]!;
      batches[1]!.push({ ...dup });
      const outs = await Promise.all(batches.map((b, i) => (i % 2 ? other : t.storage).digest(b)));
      const stored = outs.flat().filter((o) => o.stored).length;
      expect(stored).toBe(120);
      const issues = (await t.storage.listIssues({ projectIds: [p] })).items;
      expect(issues).toHaveLength(3);
      expect(issues.reduce((n, i) => n + i.eventCount, 0)).toBe(120);
      expect(issues.every((i) => i.userCount === 7)).toBe(true);
      expect(outs.flat().filter((o) => o.isNewIssue)).toHaveLength(3);
    });
  });
}
