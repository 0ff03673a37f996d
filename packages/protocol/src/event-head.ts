import { ProtocolError } from './errors.js';
import { DEFAULT_MAX_DEPTH } from './json.js';

/** What ingest needs to know about an event payload before it is queued. */
export interface EventHead {
  /** The top-level `event_id` when it is a string. */
  eventId: string | undefined;
  /** The top-level `type` when it is a string (`transaction` for old SDKs' performance data). */
  type: string | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const EVENT_ID = [0x65, 0x76, 0x65, 0x6e, 0x74, 0x5f, 0x69, 0x64]; // event_id
const TYPE = [0x74, 0x79, 0x70, 0x65]; // type

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const utf8 = new TextDecoder();

/**
 * Reads the top-level `event_id` and `type` of a JSON object without building it, checking on the
 * way that strings end, brackets balance and nesting stays within `maxDepth`. Ingest answers a
 * legacy /store/ request with the event's id; parsing the whole event for it cost the accepting
 * thread ≈ 25 µs per 9 KB event plus its garbage, and digest parses it anyway. Finer errors (a bad
 * token outside strings) are found by digest, which drops such a payload, as for envelope events.
 * Throws FL_PROTOCOL_BAD_JSON or FL_PROTOCOL_TOO_DEEP.
 * @example scanEventHead(new TextEncoder().encode('{"event_id":"ab12","message":"m"}')) // { eventId: 'ab12', type: undefined }
 */
export function scanEventHead(bytes: Uint8Array, maxDepth: number = DEFAULT_MAX_DEPTH): EventHead {
  const n = bytes.length;
  let i = 0;
  while (i < n && isSpace(bytes[i]!)) i++;
  if (bytes[i] !== OPEN_OBJECT) throw bad('event is not a JSON object');
  const head: EventHead = { eventId: undefined, type: undefined };
  let depth = 0;
  let expectKey = false;
  for (; i < n; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      const end = stringEnd(bytes, i);
      if (expectKey && depth === 1) {
        expectKey = false;
        const length = end - i - 1;
        if (length === 8 && same(bytes, i + 1, EVENT_ID)) head.eventId = stringValue(bytes, end + 1);
        else if (length === 4 && same(bytes, i + 1, TYPE)) head.type = stringValue(bytes, end + 1);
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) {
        throw new ProtocolError('FL_PROTOCOL_TOO_DEEP', `JSON nests deeper than ${maxDepth} levels`);
      }
      expectKey = depth === 1;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (--depth === 0) break;
    } else if (c === COMMA) {
      if (depth === 1) expectKey = true;
    }
  }
  if (depth !== 0) throw bad('unexpected end of JSON input');
  for (i++; i < n; i++) if (!isSpace(bytes[i]!)) throw bad('unexpected data after the JSON object');
  return head;
}

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(bytes: Uint8Array, start: number): number {
  // TypedArray indexOf is a V8 builtin (no call into C++): it outruns a byte loop over the long
  // strings (source lines, variables, messages) that most of an event's bytes are.
  let from = start + 1;
  for (;;) {
    const q = bytes.indexOf(QUOTE, from);
    if (q === -1) throw bad('unterminated string');
    // Escaped when an odd number of backslashes precede it.
    let b = q - 1;
    while (b > start && bytes[b] === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    from = q + 1;
  }
}

function same(bytes: Uint8Array, at: number, word: number[]): boolean {
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word[k]) return false;
  return true;
}

/** The string after `"key"` at `from` (spaces, a colon, spaces, a string), or undefined. */
function stringValue(bytes: Uint8Array, from: number): string | undefined {
  let i = from;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  if (bytes[i] !== COLON) throw bad('expected a colon after a key');
  i++;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  if (bytes[i] !== QUOTE) return undefined;
  const end = stringEnd(bytes, i);
  const raw = bytes.subarray(i, end + 1);
  // Escapes are rare in ids and types: JSON.parse of the quoted string undoes them exactly.
  if (raw.includes(BACKSLASH)) {
    try {
      return JSON.parse(utf8.decode(raw)) as string;
    } catch (cause) {
      throw bad(`invalid string: ${(cause as Error).message}`);
    }
  }
  return utf8.decode(raw.subarray(1, raw.length - 1));
}

function bad(detail: string): ProtocolError {
  return new ProtocolError('FL_PROTOCOL_BAD_JSON', `invalid JSON: ${detail}`);
}
