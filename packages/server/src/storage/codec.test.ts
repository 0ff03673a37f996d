import { randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressPayload } from './codec.js';

const defaultChunks = (data: Uint8Array) =>
  brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength },
  });

describe('payload compression', () => {
  it('gives the bytes of zlib’s default output buffer, whether the sized buffer fits or not', () => {
    const json = Buffer.from(
      JSON.stringify({ frames: Array.from({ length: 200 }, (_, i) => ({ f: `fn${i}`, l: i })) }),
    );
    // Random bytes do not compress: the output outgrows the guessed buffer and comes in chunks.
    for (const data of [Buffer.alloc(0), Buffer.from('{}'), json, randomBytes(20_000), randomBytes(70)]) {
      const out = compressPayload(data);
      expect(out.equals(defaultChunks(data))).toBe(true);
      expect(brotliDecompressSync(out).equals(data)).toBe(true);
    }
  });
});
