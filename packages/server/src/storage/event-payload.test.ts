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

  it('give every event bytes of its own, however many share a slab, and large ones too', () => {
    const payloads = Array.from({ length: 400 }, (_, i) =>
      Buffer.from(JSON.stringify({ i, message: 'é€𝄞'.repeat(i % 50), pad: 'x'.repeat((i * 977) % 9000) })),
    );
    payloads.push(Buffer.from(JSON.stringify({ big: 'y'.repeat(200_000) })));
    const built = payloads.map((p) =>
      storedEventBytes(p, { ...ctx, userAgent: `ua ${'ü'.repeat(p.length % 7)}` }),
    );
    built.forEach((bytes, i) => {
      const p = payloads[i]!;
      const want = Buffer.concat([
        Buffer.from(`#fl2 ${JSON.stringify({ ...ctx, userAgent: `ua ${'ü'.repeat(p.length % 7)}` })}\n`),
        p,
      ]);
      expect(bytes.equals(want)).toBe(true);
    });
  });
});
