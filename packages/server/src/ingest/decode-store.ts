import { decodeBase64Body } from '@faultline/protocol';
import { badRequest, tooLarge } from './ingest-errors.js';
import { gunzipCapped, inflateCapped } from './read-body.js';

/**
 * Turns a /store/ body (after Content-Encoding) into JSON bytes: plain JSON, a gzip or zlib stream
 * sent without a header, or raven's base64(zlib(json)) (spec §1.3 step 3, Relay's decode_bytes plus
 * magic-byte sniffing).
 */
export async function decodeStoreBody(body: Buffer, maxBytes: number): Promise<Buffer> {
  return decodeStore(body, maxBytes);
}

/**
 * decodeStoreBody, with a body decoded synchronously returned as is (no promise, no microtask hop);
 * it may throw instead of rejecting.
 */
export function decodeStore(body: Buffer, maxBytes: number): Buffer | Promise<Buffer> {
  const first = firstNonSpace(body);
  if (first === -1) throw badRequest('empty body');
  const c = body[first]!;
  if (c === 0x7b) return body;
  if (c === 0x1f && body[first + 1] === 0x8b) return gunzipCapped(body.subarray(first), maxBytes);
  if (c === 0x78) return inflateCapped(body.subarray(first), maxBytes);
  const decoded = decodeBase64Body(body);
  if (decoded === null) throw badRequest('body is neither JSON, compressed JSON nor base64');
  const bytes = Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  if (bytes.length > maxBytes) throw tooLarge(`decoded body exceeds ${maxBytes} bytes`);
  return firstNonSpace(bytes) !== -1 && bytes[firstNonSpace(bytes)] === 0x7b
    ? bytes
    : inflateCapped(bytes, maxBytes);
}

function firstNonSpace(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
}
