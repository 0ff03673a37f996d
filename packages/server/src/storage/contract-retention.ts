import { describe, expect, it } from 'vitest';
import { HOUR, ingest, T0 } from './contract-fixtures.js';
import type { ContractContext } from './contract-suite.js';

export function retentionContract(t: ContractContext): void {
  describe('retention', () => {
    it('deletes old events in batches, keeping issue counts equal to the stored events', async () => {
      const p = (await t.storage.createProject({ name: 'p' })).id;
      const outs = await ingest(t.storage, [
        { projectId: p, group: 'old', timestamp: T0 },
        { projectId: p, group: 'old', timestamp: T0 + 1 },
        { projectId: p, group: 'mixed', timestamp: T0 + 2 },
        { projectId: p, group: 'mixed', timestamp: T0 + 3 },
        { projectId: p, group: 'mixed', timestamp: T0 + 3 * HOUR },
        { projectId: p, group: 'new', timestamp: T0 + 4 * HOUR },
      ]);
      const [oldIssue, mixed, fresh] = [outs[0]!.issueId, outs[2]!.issueId, outs[5]!.issueId];
      const cutoff = T0 + 2 * HOUR;

      expect(await t.storage.deleteEventsBefore(cutoff, 3)).toBe(3);
      expect(await t.storage.deleteEventsBefore(cutoff, 3)).toBe(1);
      expect(await t.storage.deleteEventsBefore(cutoff, 3)).toBe(0);

      // An issue whose events are all gone goes too; the others keep honest counts.
      expect(await t.storage.getIssue(oldIssue)).toBeUndefined();
      expect(await t.storage.getIssue(mixed)).toMatchObject({ eventCount: 1, lastSeen: T0 + 3 * HOUR });
      expect(await t.storage.getIssue(fresh)).toMatchObject({ eventCount: 1 });
      expect((await t.storage.listEvents(mixed)).items.map((e) => e.timestamp)).toEqual([T0 + 3 * HOUR]);
      expect(await t.storage.hourlyCounts(mixed, 0)).toEqual([{ hour: T0 + 3 * HOUR, count: 1 }]);
      expect(await t.storage.getEvent(p, outs[0]!.eventId)).toBeUndefined();
    });
  });
}
