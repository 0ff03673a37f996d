// Every timestamp shape clients send (§4.2), as epoch seconds.

const MAX_SECS_IN_FUTURE = 60;
const MAX_SECS_IN_PAST = 30 * 24 * 3600;
const HAS_ZONE = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Epoch seconds from a float (seconds), a number that can only be milliseconds, or an ISO string
 * (zoneless means UTC; a space may replace `T`). Undefined when unusable.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    // 1e11 seconds is the year 5138: any larger number is milliseconds (some SDKs send Date.now()).
    return value > 1e11 ? value / 1000 : value;
  }
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return parseTimestamp(Number(s));
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(.*)$/.exec(s);
  if (!m) return undefined;
  const zone = m[8]!.trim();
  if (zone !== '' && !HAS_ZONE.test(zone)) return undefined;
  // V8 reads a zoneless ISO string as local time: rebuild it with an explicit zone. Fractions
  // are read by hand because V8 keeps only milliseconds.
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone === '' ? 'Z' : normalizeZone(zone)}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
  return ms / 1000 + fraction;
}

function normalizeZone(zone: string): string {
  if (zone === 'z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  return m ? `${m[1]}${m[2]}:${m[3] ?? '00'}` : zone;
}

export interface ClampResult {
  seconds: number;
  /** Why the value was replaced by the receive time, when it was. */
  problem?: 'missing' | 'invalid' | 'future' | 'past';
}

/**
 * The event time in seconds: the parsed value when it lies within [received - 30 days,
 * received + 60 s] (Sentry's window), else the receive time.
 */
export function clampTimestamp(value: unknown, receivedAtMs: number): ClampResult {
  const received = receivedAtMs / 1000;
  if (value === undefined || value === null) return { seconds: received, problem: 'missing' };
  const seconds = parseTimestamp(value);
  if (seconds === undefined) return { seconds: received, problem: 'invalid' };
  if (seconds > received + MAX_SECS_IN_FUTURE) return { seconds: received, problem: 'future' };
  if (seconds < received - MAX_SECS_IN_PAST) return { seconds: received, problem: 'past' };
  return { seconds };
}
