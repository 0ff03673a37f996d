// What a batch of new events does to an issue's status, decided in JavaScript from the row digest
// already reads (and on PostgreSQL locks) in readIssues: no extra query. The upsert then applies
// the decisions with CASE on the few issue ids that change status.
import type { DigestEvent } from './types.js';

export type StatusChange = 'keep' | 'reopen' | 'regress';

export interface IssueState {
  status: string;
  statusDetails: Record<string, unknown> | null;
  eventCount: number;
}

/** Parses status_details leniently: a row written by hand or an older version must not stop digest. */
export function parseDetails(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The status change the group's new events cause:
 * - resolved: any event regresses it, except under `inNextRelease` with a known `release`, where
 *   events of that release (or without a release) are the expected tail and leave it resolved;
 * - ignored with `ignoreUntil` (epoch ms): an event received after it reopens (not a regression);
 * - ignored with `ignoreUntilCount` N: reopens once event_count reaches `ignoreBaseCount` + N;
 * - ignored otherwise, and unresolved: no change.
 */
export function statusChange(before: IssueState, events: DigestEvent[]): StatusChange {
  const d = before.statusDetails ?? {};
  if (before.status === 'resolved') {
    if (d.inNextRelease === true && typeof d.release === 'string') {
      const release = d.release;
      return events.some((e) => e.release !== null && e.release !== release) ? 'regress' : 'keep';
    }
    return 'regress';
  }
  if (before.status !== 'ignored') return 'keep';
  if (typeof d.ignoreUntil === 'number') {
    const until = d.ignoreUntil;
    return events.some((e) => e.receivedAt > until) ? 'reopen' : 'keep';
  }
  if (typeof d.ignoreUntilCount === 'number') {
    const base = typeof d.ignoreBaseCount === 'number' ? d.ignoreBaseCount : 0;
    return before.eventCount + events.length >= base + d.ignoreUntilCount ? 'reopen' : 'keep';
  }
  return 'keep';
}
