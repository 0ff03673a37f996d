import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { badEncoding, tooLarge } from './ingest-errors.js';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

// Typical bodies (a few KB) are decompressed synchronously: the thread-pool round trip and stream
// machinery of zlib's async functions cost more CPU than inflating 10 KB (profiled: ~11 % of ingest).
// The synchronous attempt may produce at most SYNC_MAX_OUTPUT bytes, so a compression bomb blocks
// the event loop for about a millisecond before the rest is handed to the thread pool.
const SYNC_MAX_OUTPUT = 1024 * 1024;

type ZlibSync = (bytes: Buffer, opts: zlib.ZlibOptions) => Buffer;
type ZlibAsync = (bytes: Buffer, opts: zlib.ZlibOptions) => Promise<Buffer>;

// A body that fits the synchronous attempt comes back as a Buffer, not a promise: the request then
// continues without a microtask hop.
function decompress(sync: ZlibSync, async: ZlibAsync, bytes: Buffer, max: number): Buffer | Promise<Buffer> {
  const syncCap = Math.min(max, SYNC_MAX_OUTPUT);
  try {
    return sync(bytes, { maxOutputLength: syncCap });
  } catch (error) {
    if (!isTooLarge(error)) throw badEncoding(`cannot decompress body: ${(error as Error).message}`, error);
    if (syncCap === max) throw tooLarge(`decompressed body exceeds ${max} bytes`);
  }
  return capped(async(bytes, { maxOutputLength: max }), max);
}

const isTooLarge = (error: unknown) =>
  (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;

export interface BodyLimits {
  maxCompressedBodyBytes: number;
  maxDecompressedBodyBytes: number;
}

/**
 * Reads a request body from the socket, never more than `maxCompressedBodyBytes`, and undoes its
 * Content-Encoding, never producing more than `maxDecompressedBodyBytes`.
 */
export function readBody(
  source: AsyncIterable<Buffer | string>,
  contentLength: string | undefined,
  contentEncoding: string | undefined,
  limits: BodyLimits,
): Promise<Buffer> {
  try {
    const decode = decoderFor(contentEncoding);
    const max = limits.maxDecompressedBodyBytes;
    const decoded = (raw: Buffer) => (decode === null ? checkSize(raw, max) : decode(raw, max));
    // A stream (the request) is read through its events: its async iterator costs a promise and a
    // paused-mode read() per chunk, a few % of ingest's CPU.
    if (source instanceof Readable) {
      return new Promise<Buffer>((resolve, reject) => {
        readStream(source, contentLength, limits.maxCompressedBodyBytes, (error, raw) => {
          if (error !== null) reject(error);
          else {
            try {
              resolve(decoded(raw!));
            } catch (decodeError) {
              reject(decodeError);
            }
          }
        });
      });
    }
    return readCapped(source, contentLength, limits.maxCompressedBodyBytes).then(decoded);
  } catch (error) {
    return Promise.reject(error);
  }
}

type Decoder = (bytes: Buffer, max: number) => Buffer | Promise<Buffer>;

function decoderFor(header: string | undefined): Decoder | null {
  const encoding = (header ?? '').trim().toLowerCase();
  switch (encoding) {
    case '':
    case 'identity':
    case 'utf-8':
    case 'utf8':
      return null;
    case 'gzip':
    case 'x-gzip':
      return gunzipCapped;
    case 'deflate':
      return inflateCapped;
    case 'br':
      return (bytes, max) => decompress(zlib.brotliDecompressSync, brotli, bytes, max);
    default:
      throw badEncoding(`unsupported Content-Encoding "${encoding}"`);
  }
}

function checkDeclared(contentLength: string | undefined, max: number): void {
  // A declared length over the cap is refused before a byte is read.
  if (contentLength !== undefined && Number(contentLength) > max) {
    throw tooLarge(`body of ${contentLength} bytes exceeds ${max}`);
  }
}

/**
 * The stream's bytes, as `for await` would read them: an error or a close before the end fails
 * the read, and passing the cap destroys the stream (as leaving the loop early did).
 */
function readStream(
  stream: Readable,
  contentLength: string | undefined,
  max: number,
  done: (error: unknown, body?: Buffer) => void,
): void {
  checkDeclared(contentLength, max);
  const chunks: Buffer[] = [];
  let total = 0;
  let settled = false;
  const finish = (error: unknown, body?: Buffer) => {
    if (settled) return;
    settled = true;
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('error', onError);
    stream.off('close', onClose);
    done(error, body);
  };
  const onData = (chunk: Buffer | string) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > max) {
      finish(tooLarge(`body exceeds ${max} bytes`));
      stream.destroy();
      return;
    }
    chunks.push(buf);
  };
  const onEnd = () => finish(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
  const onError = (error: unknown) => finish(error);
  const onClose = () =>
    finish(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
}

async function readCapped(
  source: AsyncIterable<Buffer | string>,
  contentLength: string | undefined,
  max: number,
): Promise<Buffer> {
  checkDeclared(contentLength, max);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > max) throw tooLarge(`body exceeds ${max} bytes`);
    chunks.push(buf);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function checkSize(bytes: Buffer, max: number): Buffer {
  if (bytes.length > max) throw tooLarge(`decoded body exceeds ${max} bytes`);
  return bytes;
}

// zlib's convenience functions decompress chunk by chunk on the thread pool and stop as soon as
// the output passes maxOutputLength, so a compression bomb costs at most `max` bytes of memory and
// the CPU to produce them, never the bomb's full expansion.
async function capped(work: Promise<Buffer>, max: number): Promise<Buffer> {
  try {
    return await work;
  } catch (error) {
    if (isTooLarge(error)) {
      throw tooLarge(`decompressed body exceeds ${max} bytes`);
    }
    throw badEncoding(`cannot decompress body: ${(error as Error).message}`, error);
  }
}

/** gunzip with an output cap. */
export const gunzipCapped: Decoder = (bytes, max) => decompress(zlib.gunzipSync, gunzip, bytes, max);

/** `deflate` per HTTP is zlib-wrapped, but some clients send raw deflate: sniff the zlib header. */
export const inflateCapped: Decoder = (bytes, max) => {
  const zlibWrapped =
    bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0;
  return zlibWrapped
    ? decompress(zlib.inflateSync, inflate, bytes, max)
    : decompress(zlib.inflateRawSync, inflateRaw, bytes, max);
};
