import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize-event.js';

const RECEIVED = Date.parse('2026-11-25T06:00:00Z');
const keys = [
  'event_id',
  'timestamp',
  'level',
  'platform',
  'tags',
  'user',
  'request',
  'contexts',
  'breadcrumbs',
  'exception',
  'threads',
  'stacktrace',
  'logentry',
  'message',
  'fingerprint',
  'sdk',
  'release',
  'environment',
  'sentry.interfaces.Exception',
  'sentry.interfaces.Message',
  'sentry.interfaces.Http',
];

// Events whose known keys hold arbitrary JSON: the shapes no client sends but a broken one might.
const oddEvent = fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 12 });

describe('normalizeEvent never throws', () => {
  it('on arbitrary JSON values under the known keys', () => {
    fc.assert(
      fc.property(oddEvent, (raw) => {
        const event = normalizeEvent(raw, { receivedAt: RECEIVED, clientIp: '1.2.3.4' });
        expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
        expect(Number.isFinite(event.timestamp)).toBe(true);
        expect(['fatal', 'error', 'warning', 'info', 'debug']).toContain(event.level);
        if (event.tags) for (const v of Object.values(event.tags)) expect(typeof v).toBe('string');
        if (event.exception) expect(Array.isArray(event.exception.values)).toBe(true);
        // The output survives a JSON round trip (it is what digest stores).
        expect(() => JSON.stringify(event)).not.toThrow();
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('on arbitrary top-level JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (raw) => {
        expect(normalizeEvent(raw, { receivedAt: RECEIVED }).platform).toBeTypeOf('string');
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
