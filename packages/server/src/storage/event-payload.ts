// What an events row's payload holds: the event as the SDK sent it, after one line with what
// normalizing it needs (receive time, envelope event id, client address, User-Agent, sent_at).
// Digest normalizes every event to group it but does not serialize the normalized copy: that
// JSON.stringify + encode was an eighth of digest's CPU. Reads normalize again, with the same
// function and the same inputs, so they see exactly what digest saw. Rows written before this
// format hold the normalized JSON itself and read as they are.
import { type NormalizeContext, normalizeEvent, parseJson } from '@faultline/protocol';

/** The head line's marker; normalized JSON starts with `{`, so the two never mix up. */
const MARK = '#fl2 ';
const HASH = 0x23;
const NEWLINE = 0x0a;

/** The normalization inputs a stored event keeps (all JSON-safe). */
export type StoredEventContext = Pick<
  NormalizeContext,
  'receivedAt' | 'eventId' | 'clientIp' | 'userAgent' | 'sentAt'
>;

/** The bytes stored (before compression) for an event payload and its normalization inputs. */
export function storedEventBytes(payload: Uint8Array, ctx: StoredEventContext): Buffer {
  const head = Buffer.from(`${MARK}${JSON.stringify(ctx)}\n`);
  return Buffer.concat([head, payload]);
}

/** The normalized event from stored (decompressed) bytes of either format. */
export function readStoredEvent(bytes: Buffer): Record<string, unknown> {
  if (bytes[0] !== HASH) return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  const nl = bytes.indexOf(NEWLINE);
  const ctx = JSON.parse(bytes.subarray(MARK.length, nl).toString('utf8')) as StoredEventContext;
  // Digest already held the payload to the configured depth limit.
  const raw = parseJson(bytes.subarray(nl + 1), { maxDepth: Number.POSITIVE_INFINITY });
  return normalizeEvent(raw, ctx) as unknown as Record<string, unknown>;
}
