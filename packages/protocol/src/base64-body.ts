// Legacy /store/ clients (raven-python < 5.6, raven-node 2, raven-ruby 3) send base64(zlib(json))
// with no Content-Encoding. This module only recognizes and undoes the base64 layer: inflating is
// the server's job, because this package is sans-IO and zlib lives in node:zlib (the web's
// DecompressionStream is asynchronous and stream-shaped, a poor fit for a synchronous decoder).

// Byte → sextet (both alphabets), or one of the markers below. One table lookup per byte decodes
// and validates in a single pass: the former filter-into-a-string + atob + copy cost ingest ~5 % of
// its CPU for the raven-node share of traffic alone.
const SPACE = 64;
const PAD = 65;
const INVALID = 255;
const SEXTETS = new Uint8Array(256).fill(INVALID);
for (let i = 0; i < 64; i++) {
  SEXTETS['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
SEXTETS[45] = 62; // - (url-safe)
SEXTETS[95] = 63; // _ (url-safe)
SEXTETS[61] = PAD; // =
for (const c of [9, 10, 13, 32]) SEXTETS[c] = SPACE;

/**
 * Returns the decoded bytes when `bytes` is a base64 body, null when it is not (JSON, gzip, zlib, or
 * anything with a non-base64 byte). Whitespace is skipped anywhere, padding is optional, and `=` may
 * only end the body. The caller then sniffs the result: `{` is JSON, else inflate.
 * @example decodeBase64Body(new TextEncoder().encode('eyJhIjoxfQ==')) // bytes of '{"a":1}'
 */
export function decodeBase64Body(bytes: Uint8Array): Uint8Array | null {
  const n = bytes.length;
  let start = 0;
  while (start < n && SEXTETS[bytes[start]!] === SPACE) start++;
  if (start === n) return null;
  const firstByte = bytes[start]!;
  // JSON, or a gzip / zlib stream whose first bytes happen to be printable.
  if (firstByte === 123 || firstByte === 91 || firstByte === 0x1f || firstByte === 0x78) return null;
  // Whitespace and padding only shrink the output: n * 3 / 4 bytes always suffice.
  const out = new Uint8Array(Math.floor(((n - start) * 3) / 4));
  let o = 0;
  let acc = 0;
  let count = 0;
  let padded = false;
  for (let i = start; i < n; i++) {
    const v = SEXTETS[bytes[i]!]!;
    if (v < 64) {
      // A character after padding: `=` was not at the end.
      if (padded) return null;
      acc = (acc << 6) | v;
      count++;
      if ((count & 3) === 0) {
        out[o++] = acc >> 16;
        out[o++] = (acc >> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
      }
    } else if (v === PAD) padded = true;
    else if (v !== SPACE) return null;
  }
  const rest = count & 3;
  // One leftover character carries 6 bits, not a whole byte.
  if (rest === 1) return null;
  if (rest === 2) out[o++] = acc >> 4;
  else if (rest === 3) {
    out[o++] = acc >> 10;
    out[o++] = (acc >> 2) & 0xff;
  }
  return out.subarray(0, o);
}
