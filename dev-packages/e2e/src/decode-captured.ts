import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { CapturedRequest } from './capture-server.js';

/** An error or message event found in a captured request, with the path it was sent to. */
export interface CapturedEvent {
  endpoint: 'store' | 'envelope';
  event: Record<string, unknown>;
}

function undoContentEncoding(body: Buffer, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case '':
    case 'identity':
      return body;
    case 'gzip':
      return gunzipSync(body);
    case 'br':
      return brotliDecompressSync(body);
    case 'deflate':
      try {
        return inflateSync(body);
      } catch {
        return inflateRawSync(body);
      }
    default:
      throw new Error(`unexpected content-encoding ${encoding}`);
  }
}

// Legacy raven clients send base64(zlib(json)) on /store/ with no header saying so.
function storeJson(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text.startsWith('{')) return JSON.parse(text);
  return JSON.parse(inflateSync(Buffer.from(text, 'base64')).toString('utf8'));
}

function envelopeItems(body: Buffer): Array<{ type: string; payload: Buffer }> {
  const items: Array<{ type: string; payload: Buffer }> = [];
  let pos = body.indexOf(10) + 1;
  if (pos === 0) return items;
  while (pos < body.length) {
    let headerEnd = body.indexOf(10, pos);
    if (headerEnd === -1) headerEnd = body.length;
    const header = JSON.parse(body.subarray(pos, headerEnd).toString('utf8')) as {
      type: string;
      length?: number;
    };
    const start = headerEnd + 1;
    let end = header.length === undefined ? body.indexOf(10, start) : start + header.length;
    if (end === -1) end = body.length;
    items.push({ type: header.type, payload: body.subarray(start, end) });
    pos = end + 1;
  }
  return items;
}

/**
 * Decodes the error and message events out of requests recorded by the capture server, the way an
 * ingest endpoint would (content encodings, store bodies, envelopes); sessions and other items are
 * left out.
 */
export function decodeCapturedEvents(requests: CapturedRequest[]): CapturedEvent[] {
  const events: CapturedEvent[] = [];
  for (const req of requests) {
    const body = undoContentEncoding(req.body, String(req.headers['content-encoding'] ?? ''));
    if (req.url.includes('/store/')) {
      events.push({ endpoint: 'store', event: storeJson(body) });
      continue;
    }
    for (const item of envelopeItems(body)) {
      if (item.type === 'event')
        events.push({ endpoint: 'envelope', event: JSON.parse(item.payload.toString('utf8')) });
    }
  }
  return events;
}
