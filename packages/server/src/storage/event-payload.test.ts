import { normalizeEvent } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { readStoredEvent, storedEventBytes } from './event-payload.js';

const payload = Buffer.from(
  '{"level":40,"message":"boom","user":{"ip_address":"{{auto}}"},"timestamp":"2026-11-25T06:00:00Z","extra":{"r":NaN}}',
);
const ctx = {
  receivedAt: Date.parse('2026-11-25T06:00:03Z'),
  eventId: 'ab'.repeat(16),
  clientIp: '10.1.2.3',
  userAgent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  sentAt: '2026-11-25T06:00:01Z',
};

describe('stored event payloads', () => {
  it('keep the payload as sent and read back as the normalized event digest saw', () => {
    const bytes = storedEventBytes(payload, ctx);
    expect(bytes.subarray(bytes.indexOf(10) + 1).equals(payload)).toBe(true);
    const read = readStoredEvent(bytes);
    const expected = normalizeEvent(
      {
        level: 40,
        message: 'boom',
        user: { ip_address: '{{auto}}' },
        timestamp: '2026-11-25T06:00:00Z',
        extra: { r: null },
      },
      ctx,
    );
    expect(read).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(read).toMatchObject({ event_id: ctx.eventId, level: 'error', user: { ip_address: '10.1.2.3' } });
  });

  it('read rows of the earlier format (the normalized JSON itself) as they are', () => {
    const old = { event_id: 'cd'.repeat(16), level: 'warning', message: 'stored before' };
    expect(readStoredEvent(Buffer.from(JSON.stringify(old)))).toEqual(old);
  });
});
