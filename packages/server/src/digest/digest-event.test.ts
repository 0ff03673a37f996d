import { describe, expect, it } from 'vitest';
import { loadFixtureEvents } from '../../../protocol/src/test-fixtures.js';
import { readStoredEvent } from '../storage/event-payload.js';
import type { ClaimedQueueItem } from '../storage/types.js';
import { buildDigestEvent, indexedTags, userKey } from './digest-event.js';
import { GROUPING_VERSION } from './grouping/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const fixtures = loadFixtureEvents();

function item(payload: Uint8Array, extra: Partial<ClaimedQueueItem> = {}): ClaimedQueueItem {
  return {
    id: 1,
    attempts: 1,
    projectId: 7,
    eventId: 'ab'.repeat(16),
    receivedAt: Date.parse('2026-11-25T06:00:00Z'),
    payload,
    ...extra,
  };
}

describe('buildDigestEvent on the captured events', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_, f) => {
    const eventId = f.headerEventId ?? (JSON.parse(new TextDecoder().decode(f.payload)).event_id as string);
    const d = buildDigestEvent(
      item(f.payload, {
        eventId,
        receivedAt: f.receivedAt,
        meta: { remoteAddr: '127.0.0.1', userAgent: f.userAgent },
      }),
    )!;
    expect(d.eventId).toBe(eventId);
    expect(d.projectId).toBe(7);
    expect(d.queueId).toBe(1);
    expect(Math.abs(d.timestamp - f.receivedAt)).toBeLessThan(5000);
    expect(d.groupingVersion).toBe(GROUPING_VERSION);
    expect(d.groupingHash).toMatch(/^[0-9a-f]{64}$/);
    expect(d.title.length).toBeGreaterThan(0);
    expect(d.environment).toBe('fixture');
    expect(d.release).toBe('depcheck-fixtures@1.0.0');
    const tags = Object.fromEntries(d.tags);
    expect(tags).toMatchObject({
      environment: 'fixture',
      release: 'depcheck-fixtures@1.0.0',
      level: d.level,
    });
    // The stored data is the payload as sent, after its normalization inputs; reading it gives
    // the normalized event.
    const bytes = Buffer.from(d.data);
    expect(bytes.subarray(bytes.indexOf(10) + 1).equals(Buffer.from(f.payload))).toBe(true);
    const data = readStoredEvent(bytes);
    expect(data.event_id).toBe(eventId);
    expect(data.level).toBe(d.level);
    expect(Math.round((data.timestamp as number) * 1000)).toBe(d.timestamp);
  });

  it('derives the indexed tags a node event needs', () => {
    const f = fixtures.find((x) => x.name === 'sentry-node/06')!;
    const d = buildDigestEvent(item(f.payload, { receivedAt: f.receivedAt }))!;
    expect(Object.fromEntries(d.tags)).toMatchObject({
      scenario: 'express-route-throw',
      server_name: 'fixture-host',
      runtime: 'node v20.20.2',
      user: 'id:u-42',
      transaction: 'GET /checkout/7',
      level: 'error',
    });
    expect(d.userKey).toBe('id:u-42');
    expect(d.culprit).toBe('GET /checkout/7');
  });

  it('derives browser and os tags from the browser User-Agent', () => {
    const f = fixtures.find((x) => x.name === 'sentry-browser/03')!;
    const d = buildDigestEvent(
      item(f.payload, { receivedAt: f.receivedAt, meta: { userAgent: f.userAgent } }),
    )!;
    expect(Object.fromEntries(d.tags)).toMatchObject({ browser: 'Chrome Headless 156.0.0.0', os: 'Linux' });
  });
});

describe('buildDigestEvent on odd payloads', () => {
  it('throws a ProtocolError on a payload that is not JSON', () => {
    expect(() => buildDigestEvent(item(enc('{"broken":')))).toThrow(/invalid JSON/);
  });

  it('returns null for transactions', () => {
    expect(buildDigestEvent(item(enc('{"type":"transaction","spans":[]}')))).toBeNull();
  });

  it('digests a non-object payload as an empty event rather than failing', () => {
    const d = buildDigestEvent(item(enc('[1,2]')))!;
    expect(d.title).toBe('<untitled>');
    expect(d.eventId).toBe('ab'.repeat(16));
    expect(d.userKey).toBeNull();
  });

  it('resolves {{auto}} user ips with the queue meta and keys users by id, email, username, ip', () => {
    const d = buildDigestEvent(
      item(enc('{"user":{"ip_address":"{{auto}}"}}'), { meta: { remoteAddr: '10.1.2.3' } }),
    )!;
    expect(d.userKey).toBe('ip:10.1.2.3');
    const base = { event_id: 'x', timestamp: 0, platform: 'other', level: 'error' as const };
    expect(userKey({ ...base, user: { email: 'a@b.c', username: 'u' } })).toBe('email:a@b.c');
    expect(userKey({ ...base, user: { username: 'u' } })).toBe('username:u');
    expect(userKey({ ...base, user: { name: 'only a name' } })).toBeNull();
  });

  it('corrects client clock drift when the queue meta carries sent_at', () => {
    const received = Date.parse('2026-11-25T06:00:00Z');
    const skewMs = 2 * 3600_000;
    const payload = enc(JSON.stringify({ timestamp: (received + skewMs - 1000) / 1000 }));
    const meta = { sentAt: new Date(received + skewMs).toISOString() } as ClaimedQueueItem['meta'];
    const d = buildDigestEvent(item(payload, { receivedAt: received, meta }))!;
    expect(d.timestamp).toBe(received - 1000);
  });

  it('lets derived tags win over same-named SDK tags', () => {
    const base = { event_id: 'x', timestamp: 0, platform: 'other', level: 'warning' as const };
    expect(indexedTags({ ...base, tags: { level: 'bogus', a: 'b' } }, null)).toEqual([
      ['level', 'warning'],
      ['a', 'b'],
    ]);
    // The SDK's tags in their own order, then the derived ones in a fixed order.
    expect(indexedTags({ ...base, tags: { b: '1', '7': 'x' }, release: 'r' }, 'id:u')).toEqual([
      ['7', 'x'],
      ['b', '1'],
      ['release', 'r'],
      ['level', 'warning'],
      ['user', 'id:u'],
    ]);
  });
});
