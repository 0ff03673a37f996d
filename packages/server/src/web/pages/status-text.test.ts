import { describe, expect, it } from 'vitest';
import type { Issue } from '../../storage/types.js';
import { isoTime } from '../format.js';
import { statusText } from './status-text.js';

const issue = (status: Issue['status'], statusDetails: Issue['statusDetails'], eventCount = 27) =>
  ({ status, statusDetails, eventCount }) as Issue;

describe('statusText', () => {
  it('names the condition that ends an ignore or a resolve', () => {
    const until = Date.UTC(2026, 10, 25, 14, 0);
    expect(statusText(issue('ignored', { ignoreUntil: until }))).toBe(`Ignored until ${isoTime(until)}`);
    expect(statusText(issue('ignored', { ignoreUntilCount: 20, ignoreBaseCount: 20 }))).toBe(
      'Ignored until 20 more events (7 so far)',
    );
    expect(statusText(issue('ignored', { ignoreUntilCount: 120 }))).toBe('Ignored until 120 events');
    expect(statusText(issue('ignored', null))).toBe('Ignored');
    expect(statusText(issue('resolved', { inNextRelease: true, release: '1.2.3' }))).toBe(
      'Resolved in the release after 1.2.3',
    );
    expect(statusText(issue('resolved', { inNextRelease: true, release: null }))).toBe(
      'Resolved in the next release',
    );
    expect(statusText(issue('resolved', null))).toBe('Resolved');
    expect(statusText(issue('unresolved', null))).toBe('Unresolved');
  });
});
