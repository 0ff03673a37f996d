import { describe, expect, it } from 'vitest';
import { HOUR, ingest, T0 } from './contract-fixtures.js';
import type { ContractContext } from './contract-suite.js';
import type { Issue, IssueQuery, IssueSort } from './types.js';

export function readsContract(t: ContractContext): void {
  const project = async () => (await t.storage.createProject({ name: 'p' })).id;
  const ids = (items: Issue[]) => items.map((i) => i.id);
  const all = async (q: IssueQuery) => {
    const out: Issue[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const r = await t.storage.listIssues({ ...q, ...(cursor ? { cursor } : {}) });
      out.push(...r.items);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    return out;
  };

  describe('issue list', () => {
    it('filters by project, status, level, environment, release, tags and text', async () => {
      const p = await project();
      const q = await project();
      const [a, b, c, d] = await ingest(t.storage, [
        {
          projectId: p,
          group: 'a',
          title: 'TypeError: 100% broken_thing',
          environment: 'production',
          tags: [
            ['browser', 'Chrome'],
            ['os', 'Linux'],
          ],
        },
        {
          projectId: p,
          group: 'b',
          title: 'RangeError: nope',
          level: 'warning',
          environment: 'staging',
          release: '2.0.0',
          tags: [['browser', 'Chrome']],
        },
        {
          projectId: p,
          group: 'c',
          culprit: 'lib/Payments.ts in charge',
          environment: 'production',
          tags: [
            ['browser', 'Firefox'],
            ['os', 'Linux'],
          ],
        },
        { projectId: q, group: 'a', environment: 'production' },
      ]);
      await t.storage.setIssueStatus([c!.issueId], 'resolved');
      const list = async (query: IssueQuery) =>
        ids((await t.storage.listIssues(query)).items).sort((x, y) => x - y);
      const sorted = (...xs: number[]) => xs.sort((x, y) => x - y);

      expect(await list({})).toEqual(sorted(a!.issueId, b!.issueId, c!.issueId, d!.issueId));
      expect(await list({ projectIds: [q] })).toEqual([d!.issueId]);
      expect(await list({ projectIds: [] })).toEqual([]);
      expect(await list({ projectIds: [p], status: 'unresolved' })).toEqual(sorted(a!.issueId, b!.issueId));
      expect(await list({ projectIds: [p], status: 'resolved' })).toEqual([c!.issueId]);
      expect(await list({ projectIds: [p], level: 'warning' })).toEqual([b!.issueId]);
      expect(await list({ projectIds: [p], environment: 'production' })).toEqual(
        sorted(a!.issueId, c!.issueId),
      );
      expect(await list({ projectIds: [p], release: '2.0.0' })).toEqual([b!.issueId]);
      expect(await list({ projectIds: [p], tags: [['browser', 'Chrome']] })).toEqual(
        sorted(a!.issueId, b!.issueId),
      );
      expect(
        await list({
          projectIds: [p],
          tags: [
            ['browser', 'Chrome'],
            ['os', 'Linux'],
          ],
        }),
      ).toEqual([a!.issueId]);
      expect(await list({ projectIds: [p], tags: [['browser', 'Edge']] })).toEqual([]);
      expect(await list({ projectIds: [p], text: 'rangeerror' })).toEqual([b!.issueId]);
      expect(await list({ projectIds: [p], text: 'PAYMENTS' })).toEqual([c!.issueId]);
      expect(await list({ projectIds: [p], text: '100%' })).toEqual([a!.issueId]);
      // % and _ are taken literally, not as LIKE wildcards.
      expect(await list({ projectIds: [p], text: 'br_ken' })).toEqual([]);
      expect(await list({ projectIds: [p], text: '100%b' })).toEqual([]);
      expect(await list({ projectIds: [p], text: '_thing' })).toEqual([a!.issueId]);
    });

    it('sorts by last seen, first seen, events and users, newest / largest first', async () => {
      const p = await project();
      const outs = await ingest(t.storage, [
        { projectId: p, group: 'a', timestamp: T0 + 1 * HOUR, user: 'u1' },
        { projectId: p, group: 'b', timestamp: T0 + 0 * HOUR, user: 'u1' },
        { projectId: p, group: 'b', timestamp: T0 + 5 * HOUR, user: 'u2' },
        { projectId: p, group: 'c', timestamp: T0 + 2 * HOUR, user: 'u1' },
        { projectId: p, group: 'c', timestamp: T0 + 2 * HOUR, user: 'u2' },
        { projectId: p, group: 'c', timestamp: T0 + 2 * HOUR, user: 'u3' },
      ]);
      const [a, b, c] = [outs[0]!.issueId, outs[1]!.issueId, outs[3]!.issueId];
      const by = async (sort: IssueSort) =>
        ids((await t.storage.listIssues({ projectIds: [p], sort })).items);
      expect(await by('lastSeen')).toEqual([b, c, a]);
      expect(await by('firstSeen')).toEqual([c, a, b]);
      expect(await by('events')).toEqual([c, b, a]);
      expect(await by('users')).toEqual([c, b, a]);
    });

    it('pages with keyset cursors that stay stable while new issues arrive', async () => {
      const p = await project();
      // Equal last-seen values force the id tie-breaker to do its job.
      await ingest(
        t.storage,
        Array.from({ length: 7 }, (_, i) => ({
          projectId: p,
          group: `g${i}`,
          timestamp: T0 + Math.floor(i / 2) * 1000,
        })),
      );
      const expected = ids(await all({ projectIds: [p], limit: 100 }));
      expect(expected).toHaveLength(7);
      const page1 = await t.storage.listIssues({ projectIds: [p], limit: 3 });
      expect(ids(page1.items)).toEqual(expected.slice(0, 3));
      // New issues land at the top (newest last seen) and must not shift the next page.
      await ingest(t.storage, [
        { projectId: p, group: 'new1', timestamp: T0 + 10 * HOUR },
        { projectId: p, group: 'new2', timestamp: T0 + 11 * HOUR },
      ]);
      const rest = await all({ projectIds: [p], limit: 3, cursor: page1.nextCursor! });
      expect(ids(rest)).toEqual(expected.slice(3));
      for (const sort of ['firstSeen', 'events', 'users'] as const) {
        const paged = await all({ projectIds: [p], sort, limit: 2 });
        const whole = (await t.storage.listIssues({ projectIds: [p], sort, limit: 100 })).items;
        expect(ids(paged)).toEqual(ids(whole));
      }
      const last = await t.storage.listIssues({ projectIds: [p], limit: 9 });
      expect(last.nextCursor).toBeNull();
    });

    it('rejects malformed cursors and cursors of another sort', async () => {
      const p = await project();
      await ingest(t.storage, [
        { projectId: p, group: 'a' },
        { projectId: p, group: 'b' },
      ]);
      const page = await t.storage.listIssues({ projectIds: [p], limit: 1 });
      await expect(t.storage.listIssues({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'FL_STORAGE_BAD_CURSOR',
      });
      await expect(t.storage.listIssues({ cursor: page.nextCursor!, sort: 'events' })).rejects.toMatchObject({
        code: 'FL_STORAGE_BAD_CURSOR',
      });
    });

    it('sets status for several issues and deletes an issue with everything under it', async () => {
      const p = await project();
      const [a, b] = await ingest(t.storage, [
        { projectId: p, group: 'a' },
        { projectId: p, group: 'b' },
      ]);
      await t.storage.setIssueStatus([a!.issueId, b!.issueId], 'resolved');
      const resolved = await t.storage.getIssue(a!.issueId);
      expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: expect.any(Number) });
      expect((await t.storage.getIssue(b!.issueId))?.status).toBe('resolved');
      await t.storage.setIssueStatus([a!.issueId], 'unresolved');
      expect(await t.storage.getIssue(a!.issueId)).toMatchObject({
        status: 'unresolved',
        resolvedAt: null,
        statusDetails: null,
      });

      const ev = (await t.storage.listEvents(a!.issueId)).items[0]!;
      await t.storage.deleteIssue(a!.issueId);
      expect(await t.storage.getIssue(a!.issueId)).toBeUndefined();
      expect(await t.storage.getEventById(ev.id)).toBeUndefined();
      expect(await t.storage.tagDistribution(a!.issueId)).toEqual({});
      expect(await t.storage.hourlyCounts(a!.issueId, 0)).toEqual([]);
      expect(await t.storage.getIssue(b!.issueId)).toBeDefined();
    });
  });

  describe('events of an issue', () => {
    it('lists newest or oldest first with cursors, and finds neighbours', async () => {
      const p = await project();
      const outs = await ingest(t.storage, [
        { projectId: p, timestamp: T0 + 30 },
        { projectId: p, timestamp: T0 + 10 },
        { projectId: p, timestamp: T0 + 20 },
        { projectId: p, timestamp: T0 + 20 },
        { projectId: p, timestamp: T0 + 40 },
      ]);
      const issueId = outs[0]!.issueId;
      const walk = async (order: 'newest' | 'oldest') => {
        const seen: number[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 10; i++) {
          const page = await t.storage.listEvents(issueId, {
            limit: 2,
            order,
            ...(cursor ? { cursor } : {}),
          });
          seen.push(...page.items.map((e) => e.timestamp));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        return seen;
      };
      expect(await walk('newest')).toEqual([40, 30, 20, 20, 10].map((d) => T0 + d));
      expect(await walk('oldest')).toEqual([10, 20, 20, 30, 40].map((d) => T0 + d));
      const newest = (await t.storage.listEvents(issueId)).items;
      expect(newest).toHaveLength(5);
      expect(newest[0]!.data).toMatchObject({ event_id: newest[0]!.eventId });

      const rowIds = newest.map((e) => e.id);
      expect(await t.storage.adjacentEvents(issueId, rowIds[0]!)).toEqual({
        previous: rowIds[1],
        next: null,
      });
      expect(await t.storage.adjacentEvents(issueId, rowIds[2]!)).toEqual({
        previous: rowIds[3],
        next: rowIds[1],
      });
      expect(await t.storage.adjacentEvents(issueId, rowIds[4]!)).toEqual({
        previous: null,
        next: rowIds[3],
      });
      expect(await t.storage.adjacentEvents(issueId + 1000, rowIds[2]!)).toEqual({
        previous: null,
        next: null,
      });
    });
  });
}
