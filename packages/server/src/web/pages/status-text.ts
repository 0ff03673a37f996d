// The status badge's words: the status plus the condition that will end it.
import type { Issue } from '../../storage/types.js';
import { isoTime } from '../format.js';

/** The issue's status with the condition that ends it, in words ("ignored until 20 more events (7 so far)"). */
export function statusText(issue: Issue): string {
  const d = issue.statusDetails ?? {};
  if (issue.status === 'ignored') {
    if (typeof d.ignoreUntil === 'number') return `Ignored until ${isoTime(d.ignoreUntil)}`;
    if (typeof d.ignoreUntilCount === 'number') {
      const base = typeof d.ignoreBaseCount === 'number' ? d.ignoreBaseCount : 0;
      // Details written before base counts existed held an absolute threshold.
      if (typeof d.ignoreBaseCount !== 'number') return `Ignored until ${d.ignoreUntilCount} events`;
      const so = Math.max(0, issue.eventCount - base);
      return `Ignored until ${d.ignoreUntilCount} more events (${so} so far)`;
    }
    return 'Ignored';
  }
  if (issue.status === 'resolved') {
    if (d.inNextRelease === true)
      return typeof d.release === 'string'
        ? `Resolved in the release after ${d.release}`
        : 'Resolved in the next release';
    return 'Resolved';
  }
  return 'Unresolved';
}
