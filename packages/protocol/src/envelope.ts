import { ProtocolError } from './errors.js';
import { parseJson } from './json.js';

/** The first line of an envelope. Unknown keys are kept; none is required. */
export interface EnvelopeHeaders {
  /** 32 hex or a dashed UUID as sent; use normalizeEventId before trusting it. */
  event_id?: string;
  dsn?: string;
  sdk?: { name?: string; version?: string; [key: string]: unknown };
  /** RFC 3339, used for clock-drift correction. */
  sent_at?: string;
  trace?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The header line of one item. */
export interface ItemHeaders {
  type: string;
  length?: number;
  content_type?: string;
  filename?: string;
  attachment_type?: string;
  item_count?: number;
  [key: string]: unknown;
}

export interface EnvelopeItem {
  headers: ItemHeaders;
  /** A view into the parsed buffer (no copy). */
  payload: Uint8Array;
}

export interface Envelope {
  headers: EnvelopeHeaders;
  items: EnvelopeItem[];
}

export interface ParseEnvelopeOptions {
  /** Most items accepted; more throws FL_PROTOCOL_TOO_MANY_ITEMS. Default 1000. */
  maxItems?: number;
  /** Depth limit for the header lines' JSON. Default 16. */
  maxDepth?: number;
}

const NEWLINE = 10;

/**
 * Parses envelope bytes (the grammar of §3.1: header line, then items of header line + payload).
 * `length` is optional (then the payload runs to the next newline), the final newline is optional,
 * blank lines where an item header is expected are skipped. Throws FL_PROTOCOL_BAD_ENVELOPE.
 * @example parseEnvelope(new TextEncoder().encode('{}\n{"type":"event"}\n{}')).items[0].headers.type // 'event'
 */
export function parseEnvelope(bytes: Uint8Array, opts: ParseEnvelopeOptions = {}): Envelope {
  const maxItems = opts.maxItems ?? 1000;
  const maxDepth = opts.maxDepth ?? 16;
  const n = bytes.length;
  let pos = 0;

  const headerEnd = lineEnd(bytes, 0);
  const headers = sanitizeHeaders(parseHeaderLine(bytes.subarray(0, headerEnd), 'envelope header', maxDepth));
  pos = headerEnd + 1;

  const items: EnvelopeItem[] = [];
  while (pos < n) {
    // Blank lines between items (and trailing ones) carry nothing: tolerate them like Relay does.
    if (bytes[pos] === NEWLINE) {
      pos++;
      continue;
    }
    const index = items.length;
    const end = lineEnd(bytes, pos);
    const itemHeaders = parseHeaderLine(bytes.subarray(pos, end), `item ${index} header`, maxDepth);
    const type = itemHeaders.type;
    if (typeof type !== 'string' || type === '') {
      throw bad(`item ${index} header has no "type"`);
    }
    pos = end + 1;
    const length = itemHeaders.length;
    let payload: Uint8Array;
    if (typeof length === 'number' && Number.isInteger(length) && length >= 0) {
      if (pos + length > n) {
        throw bad(
          `item ${index} (${type}) declares length ${length} but only ${Math.max(0, n - pos)} bytes remain`,
        );
      }
      payload = bytes.subarray(pos, pos + length);
      pos += length;
      if (pos < n && bytes[pos] !== NEWLINE) {
        throw bad(`item ${index} (${type}) payload is not followed by a newline at byte ${pos}`);
      }
      pos++;
    } else if (length !== undefined && length !== null) {
      throw bad(`item ${index} (${type}) has an invalid length ${JSON.stringify(length)}`);
    } else {
      const payloadEnd = pos > n ? n : lineEnd(bytes, pos);
      payload = bytes.subarray(Math.min(pos, n), payloadEnd);
      pos = payloadEnd + 1;
    }
    if (items.length >= maxItems) {
      throw new ProtocolError('FL_PROTOCOL_TOO_MANY_ITEMS', `envelope has more than ${maxItems} items`);
    }
    items.push({ headers: itemHeaders as ItemHeaders, payload });
  }
  return { headers, items };
}

/**
 * Known envelope headers of the wrong type are dropped rather than failing the request (Bugsink's
 * policy): a numeric `event_id` or an object `sent_at` must not cost the client its event.
 */
function sanitizeHeaders(raw: Record<string, unknown>): EnvelopeHeaders {
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((key === 'event_id' || key === 'dsn' || key === 'sent_at') && typeof value !== 'string') continue;
    if (
      (key === 'sdk' || key === 'trace') &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      continue;
    }
    headers[key] = value;
  }
  return headers as EnvelopeHeaders;
}

function lineEnd(bytes: Uint8Array, from: number): number {
  const i = bytes.indexOf(NEWLINE, from);
  return i === -1 ? bytes.length : i;
}

function parseHeaderLine(line: Uint8Array, what: string, maxDepth: number): Record<string, unknown> {
  if (line.length === 0) throw bad(`${what} is empty`);
  let value: unknown;
  try {
    value = parseJson(line, { maxDepth });
  } catch (cause) {
    throw bad(`${what} is not valid JSON`, cause);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw bad(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function bad(message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('FL_PROTOCOL_BAD_ENVELOPE', message, cause === undefined ? undefined : { cause });
}

/** An item to serialize: bytes and strings are written as-is, anything else as JSON. */
export interface SerializableItem {
  headers: Omit<ItemHeaders, 'length'> & { length?: number };
  payload: Uint8Array | string | object;
}

const encoder = new TextEncoder();

/**
 * Serializes an envelope with a `length` on every item (so binary payloads may hold newlines) and
 * a final newline, the form every parser accepts.
 */
export function serializeEnvelope(envelope: {
  headers: EnvelopeHeaders;
  items: SerializableItem[];
}): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(`${JSON.stringify(envelope.headers)}\n`)];
  for (const item of envelope.items) {
    const payload =
      item.payload instanceof Uint8Array
        ? item.payload
        : encoder.encode(typeof item.payload === 'string' ? item.payload : JSON.stringify(item.payload));
    parts.push(encoder.encode(`${JSON.stringify({ ...item.headers, length: payload.length })}\n`), payload);
    parts.push(NEWLINE_BYTES);
  }
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const NEWLINE_BYTES = new Uint8Array([NEWLINE]);
