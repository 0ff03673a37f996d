// Legacy /store/ clients (raven-python < 5.6, raven-node 2, raven-ruby 3) send base64(zlib(json))
// with no Content-Encoding. This module only recognizes and undoes the base64 layer: inflating is
// the server's job, because this package is sans-IO and zlib lives in node:zlib (the web's
// DecompressionStream is asynchronous and stream-shaped, a poor fit for a synchronous decoder).

const WHITESPACE = new Set([9, 10, 13, 32]);

function isBase64Byte(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    (c >= 48 && c <= 57) || // 0-9
    c === 43 || // +
    c === 47 || // /
    c === 45 || // - (url-safe)
    c === 95 || // _ (url-safe)
    c === 61 // =
  );
}

/**
 * Returns the decoded bytes when `bytes` is a base64 body, null when it is not (JSON, gzip, zlib, or
 * anything with a non-base64 byte). The caller then sniffs the result: `{` is JSON, else inflate.
 * @example decodeBase64Body(new TextEncoder().encode('eyJhIjoxfQ==')) // bytes of '{"a":1}'
 */
export function decodeBase64Body(bytes: Uint8Array): Uint8Array | null {
  let start = 0;
  while (start < bytes.length && WHITESPACE.has(bytes[start]!)) start++;
  if (start === bytes.length) return null;
  const firstByte = bytes[start]!;
  // JSON, or a gzip / zlib stream whose first bytes happen to be printable.
  if (firstByte === 123 || firstByte === 91 || firstByte === 0x1f || firstByte === 0x78) return null;
  let clean = '';
  const chunk: number[] = [];
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (WHITESPACE.has(c)) continue;
    if (!isBase64Byte(c)) return null;
    chunk.push(c);
    if (chunk.length === 8192) {
      clean += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  clean += String.fromCharCode(...chunk);
  clean = clean.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (clean.length % 4 === 1 || clean.includes('=')) return null;
  // Clients drop the padding now and then; atob insists on it.
  const padded = clean + '='.repeat((4 - (clean.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
