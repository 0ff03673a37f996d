import { describe, expect, it } from 'vitest';
import { aggregateTags, eventKey, eventTags, planBatch } from './digest-plan.js';
import type { DigestEvent, Level } from './types.js';

const LEVELS: Level[] = ['debug', 'info', 'warning', 'error', 'fatal'];

function event(i: number, over: Partial<DigestEvent> = {}): DigestEvent {
  return {
    queueId: i,
    projectId: 1 + (i % 2),
    eventId: `e${i}`,
    timestamp: 1_000_000 + ((i * 7919) % 5000),
    receivedAt: 1_000_000,
    level: LEVELS[i % 5]!,
    title: `t${i}`,
    culprit: null,
    groupingHash: `h${i % 3}`,
    groupingVersion: 1,
    groupingKey: 'k',
    groupingComponents: null,
    userKey: null,
    environment: i % 4 === 0 ? null : `env${i % 2}`,
    release: i % 5 === 0 ? null : `r${i % 3}`,
    tags: [],
    data: new Uint8Array(),
    ...over,
  } as DigestEvent;
}

// The joined-string versions these replaced: the new ones must give the same rows in the same order.
function eventTagsBefore(e: DigestEvent): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  const add = (k: string, v: string) => {
    const id = `${k}\u0000${v}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push([k, v]);
  };
  for (const [k, v] of e.tags) add(k, v);
  const keys = new Set(e.tags.map(([k]) => k));
  if (e.environment !== null && !keys.has('environment')) add('environment', e.environment);
  if (e.release !== null && !keys.has('release')) add('release', e.release);
  if (!keys.has('level')) add('level', e.level);
  return out;
}

function aggregateTagsBefore(stored: Array<{ issueId: number; event: DigestEvent }>) {
  const rows = new Map<
    string,
    Record<string, unknown> & { count: number; first_seen: number; last_seen: number }
  >();
  for (const { issueId, event: e } of stored) {
    for (const [key, value] of eventTagsBefore(e)) {
      const id = `${issueId}\u0000${key}\u0000${value}`;
      const r = rows.get(id);
      if (r) {
        r.count++;
        r.first_seen = Math.min(r.first_seen, e.timestamp);
        r.last_seen = Math.max(r.last_seen, e.timestamp);
      } else {
        rows.set(id, {
          issue_id: issueId,
          key,
          value,
          count: 1,
          first_seen: e.timestamp,
          last_seen: e.timestamp,
        });
      }
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

function randomTags(seed: number, n: number): Array<[string, string]> {
  const keys = ['browser', 'environment', 'release', 'level', 'os', 'a', 'ab', 'b'];
  const out: Array<[string, string]> = [];
  let x = seed;
  for (let j = 0; j < n; j++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push([keys[x % keys.length]!, ['1', '10', '2', '', 'x'][x % 5]!]);
  }
  return out;
}

describe('digest plan', () => {
  it('keeps the event keys and the new events’ groups per batch index', () => {
    const events = [event(0), event(1), event(0), event(3), event(4)];
    const plan = planBatch(events, new Set([eventKey(events[3]!.projectId, events[3]!.eventId)]));
    expect(plan.keys).toEqual(events.map((e) => eventKey(e.projectId, e.eventId)));
    expect(plan.repeatOf).toEqual([null, null, 0, null, null]);
    expect(plan.groupOf.map((g) => g?.key)).toEqual(['1:1:h0', '2:1:h1', undefined, undefined, '1:1:h1']);
    for (const g of plan.groups) for (const i of g.members) expect(plan.groupOf[i]).toBe(g);
  });

  it('lists an event’s tags as before, short or long, duplicates and derived tags included', () => {
    for (let i = 0; i < 300; i++) {
      const e = event(i, { tags: randomTags(i, i % 45) });
      expect(eventTags(e)).toEqual(eventTagsBefore(e));
    }
  });

  it('aggregates tags into the rows, and the order, the joined-string version gave', () => {
    const stored = Array.from({ length: 250 }, (_, i) => ({
      issueId: [9, 10, 100, 1][i % 4]!,
      event: event(i, { tags: randomTags(i, i % 12) }),
    }));
    expect(aggregateTags(stored)).toEqual(aggregateTagsBefore(stored));
  });
});
