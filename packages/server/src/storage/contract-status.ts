// Contract: what the status conditions set by people (ignore for a time, ignore until N more
// events, resolve in the next release) do when new events arrive. Decided inside digest.
import { describe, expect, it } from 'vitest';
import { HOUR, ingest, T0 } from './contract-fixtures.js';
import type { ContractContext } from './contract-suite.js';

export function statusContract(t: ContractContext): void {
  const project = async () => (await t.storage.createProject({ name: 'p' })).id;

  describe('status conditions', () => {
    it('reopens an issue ignored for a time once an event arrives after that time, not as a regression', async () => {
      const p = await project();
      const [first] = await ingest(t.storage, [{ projectId: p, timestamp: T0 }]);
      const id = first!.issueId;
      await t.storage.setIssueStatus([id], 'ignored', { ignoreUntil: T0 + HOUR });
      const early = await ingest(t.storage, [{ projectId: p, timestamp: T0 + HOUR - 60_000 }]);
      expect(early[0]!.isRegression).toBe(false);
      expect(await t.storage.getIssue(id)).toMatchObject({ status: 'ignored', eventCount: 2 });
      const late = await ingest(t.storage, [{ projectId: p, timestamp: T0 + 2 * HOUR }]);
      expect(late[0]!.isRegression).toBe(false);
      expect(await t.storage.getIssue(id)).toMatchObject({
        status: 'unresolved',
        isRegression: false,
        statusDetails: null,
        eventCount: 3,
      });
    });

    it('reopens an issue ignored until N more events, counted from the moment it was ignored', async () => {
      const p = await project();
      const outs = await ingest(t.storage, [{ projectId: p }, { projectId: p }]);
      const id = outs[0]!.issueId;
      await t.storage.setIssueStatus([id], 'ignored', { ignoreUntilCount: 3 });
      expect((await t.storage.getIssue(id))!.statusDetails).toEqual({
        ignoreUntilCount: 3,
        ignoreBaseCount: 2,
      });
      await ingest(t.storage, [{ projectId: p }, { projectId: p }]);
      expect(await t.storage.getIssue(id)).toMatchObject({ status: 'ignored', eventCount: 4 });
      const third = await ingest(t.storage, [{ projectId: p }]);
      expect(third[0]!.isRegression).toBe(false);
      expect(await t.storage.getIssue(id)).toMatchObject({
        status: 'unresolved',
        isRegression: false,
        statusDetails: null,
        eventCount: 5,
      });
    });

    it('gives each issue of a bulk ignore its own base count; one batch can cross the threshold', async () => {
      const p = await project();
      const a = await ingest(t.storage, [{ projectId: p, group: 'a' }]);
      const b = await ingest(t.storage, [
        { projectId: p, group: 'b' },
        { projectId: p, group: 'b' },
        { projectId: p, group: 'b' },
      ]);
      const [ia, ib] = [a[0]!.issueId, b[0]!.issueId];
      await t.storage.setIssueStatus([ia, ib], 'ignored', { ignoreUntilCount: 2 });
      expect((await t.storage.getIssue(ia))!.statusDetails).toMatchObject({ ignoreBaseCount: 1 });
      expect((await t.storage.getIssue(ib))!.statusDetails).toMatchObject({ ignoreBaseCount: 3 });
      await ingest(t.storage, [
        { projectId: p, group: 'a' },
        { projectId: p, group: 'a' },
        { projectId: p, group: 'b' },
      ]);
      expect((await t.storage.getIssue(ia))!.status).toBe('unresolved');
      expect((await t.storage.getIssue(ib))!.status).toBe('ignored');
    });

    it('keeps an issue ignored for good ignored', async () => {
      const p = await project();
      const [first] = await ingest(t.storage, [{ projectId: p }]);
      await t.storage.setIssueStatus([first!.issueId], 'ignored', null);
      await ingest(t.storage, [{ projectId: p, timestamp: T0 + 100 * HOUR }]);
      expect(await t.storage.getIssue(first!.issueId)).toMatchObject({ status: 'ignored', eventCount: 2 });
    });

    it('resolved in the next release: the release seen at resolve time stays resolved, another regresses', async () => {
      const p = await project();
      await ingest(t.storage, [{ projectId: p, release: '1.2.2', timestamp: T0 }]);
      const [first] = await ingest(t.storage, [{ projectId: p, release: '1.2.3', timestamp: T0 + 1 }]);
      const id = first!.issueId;
      await t.storage.setIssueStatus([id], 'resolved', { inNextRelease: true });
      expect((await t.storage.getIssue(id))!.statusDetails).toEqual({
        inNextRelease: true,
        release: '1.2.3',
      });
      const same = await ingest(t.storage, [
        { projectId: p, release: '1.2.3' },
        { projectId: p, release: null },
      ]);
      expect(same.map((o) => o.isRegression)).toEqual([false, false]);
      expect(await t.storage.getIssue(id)).toMatchObject({ status: 'resolved', eventCount: 4 });
      const next = await ingest(t.storage, [{ projectId: p, release: '1.2.4' }]);
      expect(next[0]!.isRegression).toBe(true);
      expect(await t.storage.getIssue(id)).toMatchObject({
        status: 'unresolved',
        isRegression: true,
        statusDetails: null,
        resolvedAt: null,
      });
    });

    it('resolved in the next release keeps a release given by the caller', async () => {
      const p = await project();
      const [first] = await ingest(t.storage, [{ projectId: p, release: '1.0.0' }]);
      const id = first!.issueId;
      await t.storage.setIssueStatus([id], 'resolved', { inNextRelease: true, release: '2.0.0' });
      await ingest(t.storage, [{ projectId: p, release: '2.0.0' }]);
      expect((await t.storage.getIssue(id))!.status).toBe('resolved');
      await ingest(t.storage, [{ projectId: p, release: '1.0.0' }]);
      expect(await t.storage.getIssue(id)).toMatchObject({ status: 'unresolved', isRegression: true });
    });
  });
}
