import { Readable } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IngestError } from './ingest-errors.js';
import { readBody } from './read-body.js';

const MiB = 1024 * 1024;
const limits = (maxDecompressedBodyBytes: number) => ({
  maxCompressedBodyBytes: 8 * MiB,
  maxDecompressedBodyBytes,
});
async function* once(bytes: Buffer) {
  yield bytes;
}
const read = (bytes: Buffer, encoding: string, max: number) =>
  readBody(once(bytes), undefined, encoding, limits(max));

describe('readBody decompression', () => {
  const text = Buffer.from(JSON.stringify({ message: 'hello', extra: { n: 1 } }));

  it('undoes gzip, zlib and raw deflate, and brotli', async () => {
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(text)],
      ['deflate', deflateSync(text)],
      ['deflate', deflateRawSync(text)],
      ['br', brotliCompressSync(text)],
    ] as const) {
      expect((await read(bytes, encoding, MiB)).equals(text), encoding).toBe(true);
    }
  });

  it('hands bodies that expand past the synchronous share to the thread pool, up to the cap', async () => {
    // 3 MiB decoded: more than the synchronous attempt may produce, less than the cap.
    const big = Buffer.alloc(3 * MiB, 0x61);
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(big)],
      ['br', brotliCompressSync(big)],
    ] as const) {
      const out = await read(bytes, encoding, 4 * MiB);
      expect(out.length, encoding).toBe(big.length);
      await expect(read(bytes, encoding, 2 * MiB), encoding).rejects.toMatchObject({
        status: 413,
        message: expect.stringMatching(/exceeds 2097152/),
      });
    }
  });

  it('answers 400 for a broken stream, whichever path found it', async () => {
    const broken = gzipSync(Buffer.alloc(2 * MiB, 0x62)).subarray(0, 2000);
    const error = await read(broken, 'gzip', 4 * MiB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).status).toBe(400);
    await expect(read(Buffer.from('not gzip'), 'gzip', MiB)).rejects.toMatchObject({ status: 400 });
  });
});

describe('readBody from a stream', () => {
  const chunks = [Buffer.from('{"a":'), Buffer.from('"b"'), Buffer.from('}')];

  it('joins the chunks of a readable stream', async () => {
    const body = await readBody(Readable.from(chunks), undefined, undefined, limits(MiB));
    expect(body.toString()).toBe('{"a":"b"}');
  });

  it('stops reading and destroys the stream once the body passes the cap', async () => {
    const stream = Readable.from(chunks);
    const small = { maxCompressedBodyBytes: 6, maxDecompressedBodyBytes: MiB };
    await expect(readBody(stream, undefined, undefined, small)).rejects.toMatchObject({ status: 413 });
    expect(stream.destroyed).toBe(true);
  });

  it('fails with the stream error', async () => {
    const stream = new Readable({ read() {} });
    stream.push(chunks[0]);
    const reading = readBody(stream, undefined, undefined, limits(MiB));
    stream.destroy(new Error('client went away'));
    await expect(reading).rejects.toThrow('client went away');
  });

  it('fails when the stream closes before its end', async () => {
    const stream = new Readable({ read() {} });
    stream.push(chunks[0]);
    const reading = readBody(stream, undefined, undefined, limits(MiB));
    stream.destroy();
    await expect(reading).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('refuses an unsupported encoding or a declared length over the cap as a rejection', async () => {
    const small = { maxCompressedBodyBytes: 6, maxDecompressedBodyBytes: MiB };
    await expect(readBody(Readable.from(chunks), undefined, 'zstd', small)).rejects.toMatchObject({
      status: 400,
    });
    await expect(readBody(Readable.from(chunks), '7', undefined, small)).rejects.toMatchObject({
      status: 413,
    });
  });
});
