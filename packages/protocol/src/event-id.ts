const HEX32 = /^[0-9a-f]{32}$/;

/**
 * Normalizes an event id (32 hex or a dashed UUID, any case, optional braces) to 32 lowercase hex;
 * null when the value is not one.
 * @example normalizeEventId('37ADE895-CBBE-4262-8789-208B7497000D') // '37ade895cbbe42628789208b7497000d'
 */
export function normalizeEventId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // SDKs send the normalized form: skip the trims, replaces and lowercasing that would rebuild it.
  if (value.length === 32 && HEX32.test(value)) return value;
  const compact = value
    .trim()
    .replace(/^\{|\}$/g, '')
    .replace(/-/g, '')
    .toLowerCase();
  return HEX32.test(compact) ? compact : null;
}

/** A fresh random event id (UUID v4 as 32 lowercase hex), from the web-standard crypto global. */
export function generateEventId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}
