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

// Events are built into slices of a shared slab, as Buffer's own pool does for small buffers: a
// buffer of its own per 9 KB event (an ArrayBuffer and its external memory) was a measurable part
// of digest's CPU and GC. A slab lives as long as the batch's events, which is all that keeps them.
const SLAB = 256 * 1024;
let slab = Buffer.allocUnsafe(0);
let used = 0;

/** The bytes stored (before compression) for an event payload and its normalization inputs. */
export function storedEventBytes(payload: Uint8Array, ctx: StoredEventContext): Buffer {
  const head = `${MARK}${JSON.stringify(ctx)}\n`;
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const most = head.length * 3 + payload.byteLength;
  if (most > SLAB / 4) return Buffer.concat([Buffer.from(head), payload]);
  if (used + most > slab.length) {
    slab = Buffer.allocUnsafe(SLAB);
    used = 0;
  }
  const start = used;
  used += slab.write(head, used, 'utf8');
  slab.set(payload, used);
  used += payload.byteLength;
  const out = slab.subarray(start, used);
  // Keep the next slice 8-aligned, as Buffer's pool does.
  used = (used + 7) & ~7;
  return out;
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
