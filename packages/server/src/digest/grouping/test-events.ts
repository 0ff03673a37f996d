// Test-only: the captured fixture events, normalized, keyed by fixture name.
import { normalizeEvent, parseJson, type SentryEvent } from '@faultline/protocol';
import { loadFixtureEvents } from '../../../../protocol/src/test-fixtures.js';

export function fixtureEvents(): Map<string, SentryEvent> {
  const out = new Map<string, SentryEvent>();
  for (const f of loadFixtureEvents()) {
    out.set(
      f.name,
      normalizeEvent(parseJson(f.payload), {
        receivedAt: f.receivedAt,
        eventId: f.headerEventId,
        userAgent: f.userAgent,
      }),
    );
  }
  return out;
}

/** A deep copy to mutate in a test. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
