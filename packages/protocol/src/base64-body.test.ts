import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Body } from './base64-body.js';
import { inflate, loadFixtures } from './test-fixtures.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('decodeBase64Body', () => {
  it('decodes every raven-node body to a zlib stream holding the event', () => {
    const raven = loadFixtures().filter((f) => f.client === 'raven-node');
    expect(raven).toHaveLength(4);
    for (const f of raven) {
      const decoded = decodeBase64Body(f.body);
      expect(decoded?.[0], f.name).toBe(0x78);
      expect(JSON.parse(dec(inflate(decoded!)))).toEqual(f.decoded.event);
    }
  });

  it('returns null for JSON, gzip, zlib and non-base64 bodies', () => {
    expect(decodeBase64Body(enc('  {"a":1}'))).toBeNull();
    expect(decodeBase64Body(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBeNull();
    expect(decodeBase64Body(new Uint8Array([0x78, 0x9c, 1, 2]))).toBeNull();
    expect(decodeBase64Body(enc('hello world!'))).toBeNull();
    expect(decodeBase64Body(enc(''))).toBeNull();
    expect(decodeBase64Body(enc('a'))).toBeNull();
    expect(decodeBase64Body(enc('ab=c'))).toBeNull();
  });

  it('tolerates whitespace, missing padding and the url-safe alphabet', () => {
    expect(dec(decodeBase64Body(enc('eyJhIjox\nfQ'))!)).toBe('{"a":1}');
    expect(decodeBase64Body(enc('-_-_'))).toEqual(decodeBase64Body(enc('+/+/')));
  });

  it('decodes bodies larger than one chunk', () => {
    const big = 'x'.repeat(100_000);
    expect(dec(decodeBase64Body(enc(btoa(big)))!)).toBe(big);
  });

  it('round-trips any bytes, padded or not, in either alphabet, with whitespace anywhere', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (bytes, seed) => {
        const std = Buffer.from(bytes).toString('base64');
        const variants = [std, std.replace(/=+$/, ''), Buffer.from(bytes).toString('base64url')];
        const at = std.length === 0 ? 0 : seed % std.length;
        variants.push(`${std.slice(0, at)} \r\n\t${std.slice(at)}\n`);
        for (const text of variants) {
          const decoded = decodeBase64Body(enc(text));
          // Bodies that start like JSON or zlib are left to the other decoders.
          if (/^\s*[x]/.test(text) || text.trim() === '') continue;
          expect(decoded && Buffer.from(decoded).equals(Buffer.from(bytes))).toBe(true);
        }
      }),
    );
  });

  it('accepts padding only at the end', () => {
    expect(dec(decodeBase64Body(enc('eyJhIjoxfQ= =\n'))!)).toBe('{"a":1}');
    expect(dec(decodeBase64Body(enc('eyJhIjoxfQ===='))!)).toBe('{"a":1}');
    expect(decodeBase64Body(enc('eyJh=IjoxfQ'))).toBeNull();
    expect(decodeBase64Body(enc('eyJhIjoxfQ=\u00e9'))).toBeNull();
    expect(decodeBase64Body(enc('abcde'))).toBeNull();
    expect(decodeBase64Body(enc('==='))).toEqual(new Uint8Array(0));
  });
});
